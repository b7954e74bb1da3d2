"""A small tracked inspection robot with a manipulator arm and a pan-tilt camera
mast, 0.9 m long.  Front faces +Y, origin on the ground under its centre."""

from __future__ import annotations

import math

import numpy as np

from ..gltf import Node
from ..mesh import (
    MeshBuilder,
    box,
    chain,
    cylinder,
    limb,
    prism,
    rot_x,
    rot_y,
    rot_z,
    sphere,
    translate,
)
from ..tex import Atlas, Painter, fbm
from .common import atlas_materials

# --------------------------------------------------------------------------- inspection robot


def _tread(w: int = 512, h: int = 64) -> np.ndarray:
    p = Painter(w, h, "#222324")
    for x in range(0, w, 16):
        p.rect(x, 0, x + 7, h, fill="#3b3d40")
    return p.array() * (0.92 + 0.16 * fbm(h, w, 16, 4, tile=False)[..., None])


def _robot_side() -> np.ndarray:
    w, h = 512, 160
    p = Painter(w, h, "#f2b705")
    step = 40
    for k in range(-2, w // step + 3):
        x0 = k * step
        p.poly(
            [(x0, h), (x0 + step / 2, h), (x0 + step / 2 + 30, h - 30), (x0 + 30, h - 30)],
            "#1b1b1b",
        )
    p.text(24, 50, "INSPECTION UNIT 2", 30, "#1b1b1b", anchor="lm")
    p.text(24, 88, "EOD / HAZMAT", 22, "#1b1b1b", kind="regular", anchor="lm")
    return p.array()


def build_inspection_robot() -> Node:
    """Tracked inspection robot, 0.9 m long; manipulator arm and a pan-tilt camera
    head on a mast, both facing +Y."""
    atlas = Atlas(1024, 512, background="#2a2a2a")
    tread = atlas.add(_tread())
    side = atlas.add(_robot_side())
    cam_led = atlas.swatch("#e8f4ff")
    hull_yellow = atlas.swatch("#f2b705")
    _img, m = atlas_materials(
        atlas,
        "inspection_robot",
        body=dict(roughness=0.45, metallic=0.1),
        metal=dict(roughness=0.35, metallic=0.85),
        rubber=dict(roughness=0.85),
        glass=dict(roughness=0.05, metallic=0.5),
        glow=dict(roughness=0.2, glow=True),
    )
    body, metal, rubber, glass, glow = (m[k] for k in ("body", "metal", "rubber", "glass", "glow"))
    mb = MeshBuilder(atlas.white)
    dark = "#2b2d30"
    # tracks: a rounded side profile extruded across X, tread texture around it
    r, L = 0.1, 0.82
    ang = np.linspace(-math.pi / 2, math.pi / 2, 7)
    prof = [(L / 2 - r + r * math.cos(a), r + r * math.sin(a)) for a in ang]
    prof += [(-L / 2 + r - r * math.cos(a), r + r * math.sin(-a)) for a in ang]
    for sx in (-1, 1):
        x = sx * 0.25
        mb.add(
            rubber,
            prism(prof, 0.13, side_rect=tread),
            "#ffffff",
            xform=chain(translate(x, 0, 0), rot_z(90)),
        )
        for y in (-0.3, -0.1, 0.1, 0.3):  # road wheels on the outside
            mb.add(
                metal,
                cylinder(0.07, 0, 0.012, 12),
                "#7b8188",
                xform=chain(translate(x + sx * 0.065, y, r), rot_y(90 * sx)),
            )
    # hull with hazard striping and lettering on the sides
    hull = box((0.36, 0.72, 0.2), (0, 0, 0.2), faces={"+x": side, "-x": side}, default=hull_yellow)
    mb.add(body, hull)  # coloured by its texture and the yellow swatch
    mb.add(body, box((0.34, 0.5, 0.06), (0, -0.06, 0.33)), "#d9a300")
    mb.add(metal, box((0.3, 0.05, 0.08), (0, 0.38, 0.16)), dark)  # front bumper
    # manipulator: turret, upper arm, forearm, wrist, two-finger gripper (reaching forward)
    tx, ty, tz = 0.0, 0.12, 0.36
    mb.add(metal, cylinder(0.075, tz, tz + 0.06, 16), dark, xform=translate(tx, ty, 0))
    shoulder = np.array([tx, ty, tz + 0.1])
    elbow = shoulder + [0.0, 0.16, 0.3]
    wrist = elbow + [0.0, 0.32, -0.12]
    mb.add(metal, sphere(0.05, 12, 8), dark, xform=translate(*shoulder))
    mb.add(body, limb(shoulder, elbow, 0.04, 0.035, 10), "#f2b705")
    mb.add(metal, sphere(0.04, 12, 8), dark, xform=translate(*elbow))
    mb.add(body, limb(elbow, wrist, 0.032, 0.028, 10), "#f2b705")
    mb.add(metal, limb(wrist, wrist + [0, 0.06, -0.02], 0.03, 0.03, 10), dark)
    g = wrist + [0, 0.06, -0.02]
    for sx in (-1, 1):
        mb.add(metal, box((0.015, 0.09, 0.03), (g[0] + sx * 0.03, g[1] + 0.05, g[2])), "#9aa0a6")
    mb.add(glow, box((0.02, 0.012, 0.02), (g[0], g[1] + 0.005, g[2] + 0.04), default=cam_led))
    # mast with a pan-tilt camera head at the back
    mx, my = 0.0, -0.22
    mb.add(metal, cylinder(0.025, 0.36, 0.78, 10), dark, xform=translate(mx, my, 0))
    head = box((0.16, 0.12, 0.09), (mx, my + 0.02, 0.83))
    mb.add(body, head, "#f2b705")
    mb.add(
        rubber,
        cylinder(0.035, 0.0, 0.04, 16),
        dark,
        xform=chain(translate(mx - 0.03, my + 0.08, 0.83), rot_x(-90)),
    )
    mb.add(
        glass,
        cylinder(0.025, 0.0, 0.003, 16),
        "#223044",
        xform=chain(translate(mx - 0.03, my + 0.121, 0.83), rot_x(-90)),
    )
    for sx in (0.04, 0.065):
        mb.add(glow, box((0.018, 0.01, 0.018), (mx + sx, my + 0.083, 0.84), default=cam_led))
    # antenna
    mb.add(metal, cylinder(0.006, 0.36, 0.75, 6), "#111111", xform=translate(-0.14, -0.3, 0))
    mb.add(metal, sphere(0.012, 8, 6), "#111111", xform=translate(-0.14, -0.3, 0.75))
    return Node("inspection_robot", mb.primitives())
