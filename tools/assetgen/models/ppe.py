"""PPE station: a table and pegboard with a fire helmet, a turnout coat on a
hanger, gloves, a half-mask respirator and a face shield.  Origin at ground
level under the table centre; the front (+Y) is where one stands."""

from __future__ import annotations

import numpy as np

from ..gltf import Material, Node
from ..mesh import (
    MeshBuilder,
    box,
    chain,
    cylinder,
    lathe,
    limb,
    rot_y,
    rot_z,
    scale,
    sphere,
    translate,
)
from ..tex import Atlas, Painter, fbm
from .common import atlas_materials, upright


def _ppe_sign() -> np.ndarray:
    w, h = 1016, 200
    p = Painter(w, h, "#ffffff")
    p.rect(0, 0, w, h, outline="#1f5fa8", width=8)
    p.text(36, h / 2, "PPE STATION", 66, "#1f5fa8", anchor="lm")
    blue = "#1f5fa8"
    for k in range(4):  # mandatory-action signs: helmet, mask, gloves, coat
        cx, cy, r = 640 + k * 95, h / 2, 42
        p.ellipse(cx - r, cy - r, cx + r, cy + r, fill=blue)
        if k == 0:
            p.pieslice(cx - 26, cy - 22, cx + 26, cy + 26, 180, 360, "#ffffff")
            p.rect(cx - 32, cy + 2, cx + 32, cy + 8, fill="#ffffff")
        elif k == 1:
            p.ellipse(cx - 20, cy - 14, cx + 20, cy + 22, fill="#ffffff")
            p.ellipse(cx - 32, cy - 2, cx - 16, cy + 16, fill="#ffffff")
            p.ellipse(cx + 16, cy - 2, cx + 32, cy + 16, fill="#ffffff")
        elif k == 2:
            p.rounded(cx - 16, cy - 4, cx + 16, cy + 26, 6, fill="#ffffff")
            for f in range(4):
                p.rounded(
                    cx - 16 + f * 8.5,
                    cy - 26 + abs(f - 1.5) * 3,
                    cx - 9 + f * 8.5,
                    cy,
                    3,
                    fill="#ffffff",
                )
            p.rounded(cx + 12, cy - 8, cx + 26, cy + 8, 4, fill="#ffffff")
        else:
            p.poly(
                [
                    (cx - 14, cy - 26),
                    (cx + 14, cy - 26),
                    (cx + 30, cy - 14),
                    (cx + 22, cy + 4),
                    (cx + 18, cy - 4),
                    (cx + 18, cy + 28),
                    (cx - 18, cy + 28),
                    (cx - 18, cy - 4),
                    (cx - 22, cy + 4),
                    (cx - 30, cy - 14),
                ],
                "#ffffff",
            )
    return p.array()


def _pegboard(w: int = 512, h: int = 320) -> np.ndarray:
    p = Painter(w, h, "#b7aa92")
    for y in range(10, h, 20):
        for x in range(10, w, 20):
            p.ellipse(x - 3, y - 3, x + 3, y + 3, fill="#3d372d")
    return p.array() * (0.95 + 0.1 * fbm(h, w, 64, 8, tile=False)[..., None])


def build_ppe_kit() -> Node:
    """PPE station: table with a pegboard; fire helmet, turnout coat on a hanger,
    gloves, half-mask respirator and a face shield.  Front (+Y) is where one stands."""
    atlas = Atlas(1024, 1024, background="#8a8a8a")
    sign = atlas.add(_ppe_sign())
    peg = atlas.add(_pegboard())
    _img, m = atlas_materials(
        atlas,
        "ppe_kit",
        plastic=dict(roughness=0.45),
        fabric=dict(roughness=0.92),
        steel=dict(roughness=0.35, metallic=0.9),
    )
    trim = Material("reflective", base_color=(0.8, 0.82, 0.8, 1.0), roughness=0.3, metallic=0.4)
    visor = Material(
        "visor", base_color=(0.6, 0.8, 0.75, 0.38), roughness=0.05, blend=True, double_sided=True
    )
    mb = MeshBuilder(atlas.white)
    steel = "#b9bec4"
    # table and pegboard
    top = 0.78
    mb.add(m["plastic"], box((1.6, 0.7, 0.04), (0, 0, top - 0.02)), "#d9d6cf")
    for sx in (-0.75, 0.75):
        for sy in (-0.3, 0.3):
            mb.add(m["steel"], box((0.04, 0.04, top - 0.04), (sx, sy, (top - 0.04) / 2)), steel)
        mb.add(m["steel"], box((0.04, 0.6, 0.03), (sx, 0, 0.15)), steel)
    for sx in (-0.78, 0.78):
        mb.add(m["steel"], box((0.04, 0.04, 1.25), (sx, -0.33, top + 0.6)), steel)
    mb.add(
        m["plastic"], box((1.56, 0.02, 0.95), (0, -0.33, top + 0.55), faces={"+y": peg}), "#ffffff"
    )
    mb.add(
        m["plastic"], box((1.6, 0.025, 0.31), (0, -0.33, top + 1.2), faces={"+y": sign}), "#ffffff"
    )
    # fire helmet (jet style) with a gold visor and a reflective band
    hx, hy = -0.5, 0.02
    shell = [
        (0.0, 0.0),
        (0.155, 0.0),
        (0.155, 0.0),
        (0.15, 0.05),
        (0.135, 0.11),
        (0.1, 0.17),
        (0.05, 0.2),
        (0.0, 0.207),
    ]
    mb.add(
        m["plastic"],
        lathe(shell, 24, sx=0.92, sy=1.1),
        "#f3c300",
        xform=translate(hx, hy, top + 0.035),
    )
    mb.add(
        trim,
        lathe([(0.153, 0.045), (0.146, 0.075)], 24, sx=0.925, sy=1.105),
        xform=translate(hx, hy, top + 0.035),
    )
    mb.add(
        m["plastic"],
        lathe([(0.17, 0.0), (0.168, 0.035), (0.168, 0.035)], 24, sx=0.92, sy=1.1),
        "#222222",
        xform=translate(hx, hy, top),
    )
    mb.add(
        visor,
        lathe([(0.165, 0.0), (0.165, 0.09)], 12, sx=0.94, sy=1.12, start=45, sweep=90),
        xform=translate(hx, hy, top + 0.06),
    )
    # turnout coat on a hanger hooked to the pegboard
    cx, cy = 0.35, -0.26
    tan = "#b48c4e"
    coat = [
        (1.0, 0, 0, 0.27, 0.07),
        (1.3, 0, 0, 0.26, 0.075),
        (1.62, 0, 0, 0.27, 0.075),
        (1.7, 0, 0, 0.2, 0.06),
        (1.73, 0, 0, 0.07, 0.04),
    ]
    mb.add(m["fabric"], upright(coat), tan, xform=translate(cx, cy, 0))
    for z in (1.08, 1.16):
        mb.add(
            trim,
            upright([(z, 0, 0, 0.273, 0.074), (z + 0.04, 0, 0, 0.273, 0.074)]),
            xform=translate(cx, cy, 0),
        )
    mb.add(m["fabric"], box((0.02, 0.01, 0.68), (cx, cy + 0.075, 1.36)), "#3b3b3b")  # zip flap
    for sx in (-1, 1):
        sh, cuff = (cx + sx * 0.27, cy, 1.66), (cx + sx * 0.3, cy + 0.01, 1.06)
        mb.add(m["fabric"], limb(sh, cuff, 0.07, 0.06, 12), tan)
        mb.add(
            trim,
            limb(
                (cuff[0], cuff[1], cuff[2] + 0.1),
                (cuff[0], cuff[1], cuff[2] + 0.14),
                0.063,
                0.063,
                12,
            ),
        )
    mb.add(m["steel"], limb((cx, cy, 1.73), (cx, -0.31, 1.8), 0.006, 0.006, 6), steel)
    mb.add(m["plastic"], box((0.44, 0.015, 0.02), (cx, cy, 1.735)), "#6b4a2a")
    # a pair of gloves lying flat, fingers towards +Y
    for gx, ang in ((-0.06, 12), (0.1, -8)):
        place = chain(translate(gx, 0.12, top), rot_z(ang))
        dark, cuff = "#262626", "#e0b000"
        mb.add(m["fabric"], box((0.09, 0.11, 0.025), (0, 0, 0.0125)), dark, xform=place)
        mb.add(m["fabric"], box((0.1, 0.09, 0.035), (0, -0.1, 0.0175)), cuff, xform=place)
        for f in range(4):
            fx = -0.033 + f * 0.022
            length = 0.07 if f in (1, 2) else 0.058
            mb.add(
                m["fabric"],
                limb((fx, 0.05, 0.012), (fx, 0.05 + length, 0.012), 0.011, 0.01, 8),
                dark,
                xform=place,
            )
        mb.add(
            m["fabric"],
            limb((0.045, 0.0, 0.012), (0.085, 0.045, 0.012), 0.012, 0.011, 8),
            dark,
            xform=place,
        )
    # half-mask respirator with two filter cartridges, lying face-up
    rx, ry = 0.42, 0.12
    mb.add(
        m["plastic"],
        sphere(0.06, 16, 10, sz=0.7),
        "#50555b",
        xform=chain(translate(rx, ry, top + 0.035), scale(1.0, 1.25, 1.0)),
    )
    for sx in (-1, 1):
        mb.add(
            m["plastic"],
            cylinder(0.038, 0, 0.022, 18),
            "#c2187a",
            xform=chain(translate(rx + sx * 0.07, ry - 0.01, top + 0.03), rot_y(sx * 60)),
        )
    mb.add(
        m["fabric"],
        lathe([(0.11, 0.0), (0.11, 0.012)], 20, sweep=200, start=170),
        "#202020",
        xform=translate(rx, ry - 0.02, top + 0.005),
    )
    # face shield hanging on a hook: brow guard, clear visor with a bound lower edge
    fx, fy, fz = -0.3, -0.21, 1.12
    for z0, z1, r in ((0.27, 0.31, 0.112), (0.0, 0.012, 0.121)):
        mb.add(
            m["plastic"],
            lathe([(r, z0), (r, z1)], 12, sx=0.95, sy=1.0, start=15, sweep=150),
            "#1d1d1d",
            xform=translate(fx, fy, fz),
        )
    mb.add(
        visor,
        lathe([(0.12, 0.0), (0.12, 0.28)], 12, sx=0.95, sy=1.0, start=15, sweep=150),
        xform=translate(fx, fy, fz),
    )
    mb.add(
        m["plastic"],
        lathe([(0.1, 0.0), (0.1, 0.025)], 16, sx=0.95, sy=1.0),
        "#1d1d1d",
        xform=translate(fx, fy, fz + 0.28),
    )
    mb.add(
        m["steel"], limb((fx, -0.32, fz + 0.34), (fx, fy - 0.08, fz + 0.31), 0.005, 0.005, 6), steel
    )
    return Node("ppe_kit", mb.primitives())
