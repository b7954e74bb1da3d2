"""A European-style fire engine, 8.2 m long: crew cab, locker body with roller
shutters, roof ladder, blue light bar, twin rear wheels.  Front faces +Y, origin
on the ground under the middle of the vehicle."""

from __future__ import annotations

import math

import numpy as np

from ..gltf import Material, Node
from ..mesh import (
    MeshBuilder,
    box,
    chain,
    cylinder,
    lathe,
    limb,
    prism,
    quad,
    rot_y,
    rot_z,
    translate,
)
from ..tex import Atlas, Painter
from .common import atlas_materials, painted_metal

RED = "#c3141e"
ALU = "#c9ced3"


# --------------------------------------------------------------------------- fire engine

LEN_BACK, CAB_BACK, FRONT = -4.1, 1.5, 4.05  # y extents: body from LEN_BACK, cab from CAB_BACK
SILL, ROOF, BODY_ROOF = 0.75, 2.92, 3.0
HALF_W = 1.24
AXLES = (2.45, -1.6)
WHEEL_R = 0.52


class _Map:
    """Maps side-view metres (y, z) onto texture pixels for a prism cap."""

    def __init__(self, y0, y1, z0, z1, w, h):
        self.y0, self.y1, self.z0, self.z1, self.w, self.h = y0, y1, z0, z1, w, h

    def __call__(self, y, z):
        return (
            (y - self.y0) / (self.y1 - self.y0) * self.w,
            (self.z1 - z) / (self.z1 - self.z0) * self.h,
        )


def _arch(
    cy: float, r: float, z_axle: float, z_sill: float, n: int = 9
) -> list[tuple[float, float]]:
    """Wheel-arch notch in a bottom edge at z_sill, running front to back (decreasing y)."""
    dz = z_sill - z_axle
    half = math.acos(min(1.0, dz / r))
    ang = np.linspace(half, -half, n)
    return [(cy + r * math.sin(a), z_axle + r * math.cos(a)) for a in ang][::-1]


def _cab_outline():
    pts = [(CAB_BACK, SILL)]
    pts += _arch(AXLES[0], 0.64, WHEEL_R, SILL)
    pts += [(FRONT, SILL), (FRONT, 1.75), (3.84, 2.8), (3.72, ROOF), (CAB_BACK, ROOF)]
    return pts


def _body_outline():
    pts = [(LEN_BACK, SILL)]
    pts += _arch(AXLES[1], 0.66, WHEEL_R, SILL)
    pts += [(CAB_BACK - 0.05, SILL), (CAB_BACK - 0.05, BODY_ROOF), (LEN_BACK, BODY_ROOF)]
    return pts


def _noise_red(h, w, seed):
    return painted_metal(h, w, RED, seed, grime=0.05)


def _cab_side() -> np.ndarray:
    w, h = 600, 510
    mp = _Map(CAB_BACK, FRONT, SILL, ROOF, w, h)
    p = Painter(w, h, _noise_red(h, w, 61))
    glass = "#1d2630"
    # windows: crew cab and front door (front edge follows the windscreen rake)
    p.poly([mp(1.68, 1.88), mp(1.68, 2.7), mp(2.66, 2.7), mp(2.66, 1.88)], glass)
    p.poly([mp(2.86, 1.88), mp(2.86, 2.7), mp(3.62, 2.7), mp(3.84, 1.88)], glass)
    p.poly([mp(1.9, 2.7), mp(2.2, 2.7), mp(1.9, 2.2)], "#3a4a5a")  # reflections
    p.poly([mp(3.0, 2.7), mp(3.25, 2.7), mp(3.0, 2.3)], "#3a4a5a")
    # door shut lines and handles
    for y0, y1 in ((1.6, 2.76), (2.8, 3.93)):
        p.line([mp(y0, 0.9), mp(y0, 2.78), mp(y1, 2.78)], "#5e0a0f", 2)
        p.line([mp(y1, 2.78), mp(y1, 0.9)], "#5e0a0f", 2)
        p.rect(*mp(y1 - 0.3, 1.72), *mp(y1 - 0.12, 1.68), fill="#2b2b2b")
    # reflective band and the word FIRE on the front door
    p.rect(*mp(CAB_BACK, 1.22), *mp(FRONT, 1.02), fill="#f4f4f0")
    x, y = mp(3.36, 1.5)
    p.text(x, y, "FIRE", 60, "#ffffff", anchor="mm")
    return p.array()


def _body_side() -> np.ndarray:
    w, h = 1280, 520
    mp = _Map(LEN_BACK, CAB_BACK - 0.05, SILL, BODY_ROOF, w, h)
    p = Painter(w, h, _noise_red(h, w, 62))
    # roller-shutter lockers; the middle one sits above the wheel arch
    for y0, y1, z0 in ((-3.98, -2.36, 0.95), (-2.24, -0.96, 1.3), (-0.84, 1.3, 0.95)):
        x0, t = mp(y0, 2.5)
        x1, b = mp(y1, z0)
        p.rect(x0 - 4, t - 4, x1 + 4, b + 4, fill="#5e0a0f")
        p.rect(x0, t, x1, b, fill=ALU)
        yy = t + 7
        while yy < b - 6:
            p.line([(x0, yy), (x1, yy)], "#8c9399", 1.5)
            yy += 9
        p.rect(x0 + 10, b - 16, x1 - 10, b - 8, fill="#3a3d40")
    # top band with lettering between white lines; chequered band along the sill
    p.rect(*mp(LEN_BACK, 2.86), *mp(CAB_BACK, 2.83), fill="#f4f4f0")
    p.rect(*mp(LEN_BACK, 2.58), *mp(CAB_BACK, 2.55), fill="#f4f4f0")
    x, y = mp((LEN_BACK + CAB_BACK) / 2, 2.705)
    p.text(x, y, "FIRE  &  RESCUE", 46, "#ffffff", anchor="mm")
    cell = 0.15
    for k in range(int((CAB_BACK - LEN_BACK) / cell)):
        y0 = LEN_BACK + k * cell
        for j, z in enumerate((0.78, 0.78 + cell * 0.5)):
            col = "#f5d000" if (k + j) % 2 == 0 else "#1f4fbf"
            p.rect(*mp(y0, z + cell * 0.5), *mp(y0 + cell, z), fill=col)
    return p.array()


def _rear() -> np.ndarray:
    w, h = 512, 460
    p = Painter(w, h, _noise_red(h, w, 63))
    # central roller shutter
    p.rect(100, 40, 412, 330, fill="#5e0a0f")
    p.rect(104, 44, 408, 326, fill=ALU)
    for yy in range(52, 322, 9):
        p.line([(104, yy), (408, yy)], "#8c9399", 1.5)
    # red/yellow chevrons across the bottom
    p.rect(0, 350, w, h, fill="#f5d000")
    step = 60
    for k in range(-2, w // step + 3):
        x0 = k * step
        p.poly([(x0, h), (x0 + step / 2, h), (x0 + step / 2 + 55, 350), (x0 + 55, 350)], "#d0101c")
    return p.array()


def _front_panel() -> np.ndarray:
    w, h = 512, 200
    p = Painter(w, h, RED)
    p.rect(0, 0, w, 56, fill="#f4f4f0")
    p.text(w / 2, 28, "FIRE  RESCUE", 40, "#c3141e", anchor="mm")
    p.rounded(130, 80, 382, 190, 8, fill="#1c1c1e")
    for yy in range(92, 184, 14):
        p.rect(140, yy, 372, yy + 6, fill="#3a3c40")
    return p.array()


def _wheel(
    mb: MeshBuilder,
    rubber: Material,
    metal: Material,
    x: float,
    y: float,
    width: float,
    outward: int,
) -> None:
    hw = width / 2
    tyre = [
        (0.32, -hw),
        (0.45, -hw),
        (0.5, -hw + 0.04),
        (WHEEL_R, -hw + 0.1),
        (WHEEL_R, hw - 0.1),
        (0.5, hw - 0.04),
        (0.45, hw),
        (0.32, hw),
    ]
    place = chain(translate(x, y, WHEEL_R), rot_y(90))
    mb.add(rubber, lathe(tyre, 16), "#1a1a1a", xform=place)
    mb.add(metal, cylinder(0.32, -hw + 0.02, hw - 0.02, 16), "#9aa0a6", xform=place)
    # hub with wheel nuts on the outer face
    hub = chain(translate(x + outward * (hw - 0.01), y, WHEEL_R), rot_y(90 * outward))
    mb.add(metal, cylinder(0.12, 0.0, 0.04, 12), "#6d7378", xform=hub)
    for k in range(6):
        a = k * math.pi / 3
        mb.add(
            metal,
            cylinder(0.016, 0.0, 0.055, 6),
            "#4b4f53",
            xform=hub @ translate(0.2 * math.cos(a), 0.2 * math.sin(a), 0),
        )


def build_fire_engine() -> Node:
    atlas = Atlas(2048, 1024, background=RED)
    body_r = atlas.add(_body_side())
    cab_r = atlas.add(_cab_side())
    rear_r = atlas.add(_rear())
    front_r = atlas.add(_front_panel())
    blue, head, tail, amber, red = (
        atlas.swatch(c) for c in ("#2f6bff", "#fff3d6", "#ff1a1a", "#ffa000", RED)
    )
    _img, m = atlas_materials(
        atlas,
        "fire_engine",
        paint=dict(roughness=0.35, metallic=0.1),
        metal=dict(roughness=0.35, metallic=0.9),
        rubber=dict(roughness=0.9),
        glass=dict(roughness=0.05, metallic=0.4),
        glow=dict(roughness=0.3, glow=True),
    )
    paint, metal, rubber, glass, glow = (
        m[k] for k in ("paint", "metal", "rubber", "glass", "glow")
    )
    mb = MeshBuilder(atlas.white)
    side = rot_z(90)  # prism outlines are drawn in side view (y, z); extrude across X
    mb.add(paint, prism(_cab_outline(), 2 * HALF_W, cap_rect=cab_r, side_rect=red), xform=side)
    mb.add(
        paint, prism(_body_outline(), 2 * HALF_W + 0.02, cap_rect=body_r, side_rect=red), xform=side
    )
    mb.add(
        paint,
        box(
            (2 * HALF_W + 0.021, 0.001, BODY_ROOF - SILL),
            (0, LEN_BACK - 0.0005, (SILL + BODY_ROOF) / 2),
            faces={"-y": rear_r},
            skip=("+x", "-x", "+z", "-z", "+y"),
        ),
        "#ffffff",
    )

    # windscreen, front panel with grille and lettering, bumper, lights
    def rake(z):  # the windscreen plane, 6 mm proud of the cab
        return FRONT - 0.2 * (z - 1.75) + 0.006

    mb.add(
        glass,
        quad(
            (HALF_W - 0.08, rake(2.76), 2.76),
            (HALF_W - 0.08, rake(1.8), 1.8),
            (-HALF_W + 0.08, rake(1.8), 1.8),
            (-HALF_W + 0.08, rake(2.76), 2.76),
        ),
        "#24303c",
    )
    mb.add(
        paint,
        quad(
            (HALF_W - 0.02, FRONT + 0.002, 1.72),
            (HALF_W - 0.02, FRONT + 0.002, 0.8),
            (-HALF_W + 0.02, FRONT + 0.002, 0.8),
            (-HALF_W + 0.02, FRONT + 0.002, 1.72),
            front_r,
        ),
    )
    mb.add(rubber, box((2 * HALF_W + 0.04, 0.22, 0.3), (0, FRONT + 0.06, 0.68)), "#2a2b2d")
    for sx in (-1, 1):
        mb.add(glow, box((0.34, 0.04, 0.2), (sx * 0.82, FRONT + 0.01, 1.06), default=head))
        mb.add(glow, box((0.12, 0.04, 0.1), (sx * 1.13, FRONT + 0.01, 1.06), default=amber))
        mb.add(
            glow, box((0.16, 0.04, 0.07), (sx * 0.82, FRONT + 0.01, 1.3), default=blue)
        )  # grille flashers
        # mirrors
        mb.add(
            metal,
            limb((sx * HALF_W, 3.7, 2.2), (sx * (HALF_W + 0.32), 3.75, 2.35), 0.02, 0.02, 6),
            "#222222",
        )
        mb.add(rubber, box((0.1, 0.08, 0.42), (sx * (HALF_W + 0.34), 3.75, 2.2)), "#222222")
        # steps under the doors
        for y in (2.05, 3.35):
            mb.add(rubber, box((0.12, 0.6, 0.05), (sx * (HALF_W - 0.02), y, 0.55)), "#3a3a3a")
        # rear lights and rear flashers
        mb.add(glow, box((0.3, 0.04, 0.16), (sx * 0.95, LEN_BACK - 0.02, 1.12), default=tail))
        mb.add(
            glow,
            box((0.14, 0.14, 0.2), (sx * 1.08, LEN_BACK + 0.12, BODY_ROOF + 0.1), default=blue),
        )
    # light bar on the cab roof
    mb.add(rubber, box((1.7, 0.3, 0.06), (0, 3.45, ROOF + 0.03)), "#2a2b2d")
    for sx in (-1, 1):
        mb.add(glow, box((0.62, 0.26, 0.13), (sx * 0.47, 3.45, ROOF + 0.125), default=blue))
    mb.add(glass, box((0.3, 0.26, 0.12), (0, 3.45, ROOF + 0.12)), "#d8dde2")
    # chassis, fuel tank, rear step
    mb.add(rubber, box((0.9, 7.6, 0.25), (0, -0.1, 0.62)), "#202022")
    mb.add(metal, box((0.5, 0.9, 0.4), (-0.95, 0.35, 0.55)), "#8d9399")
    mb.add(rubber, box((2.3, 0.3, 0.08), (0, LEN_BACK - 0.1, 0.55)), "#3a3a3a")
    # ladder on the roof, on two brackets
    rail_y0, rail_y1 = -3.9, 2.6
    for sx in (-1, 1):
        mb.add(
            metal,
            box(
                (0.05, rail_y1 - rail_y0, 0.12),
                (sx * 0.27, (rail_y0 + rail_y1) / 2, BODY_ROOF + 0.28),
            ),
            ALU,
        )
    n = 20
    for k in range(n + 1):
        y = rail_y0 + 0.1 + k * (rail_y1 - rail_y0 - 0.2) / n
        mb.add(metal, box((0.54, 0.04, 0.04), (0, y, BODY_ROOF + 0.28)), ALU)
    for y in (-3.2, 0.9):
        mb.add(metal, box((0.7, 0.12, 0.22), (0, y, BODY_ROOF + 0.11)), "#3a3d40")
    mb.add(metal, box((2.2, 5.2, 0.04), (0, -1.45, BODY_ROOF + 0.02)), "#7d8389")  # roof walkway
    # wheels: single at the front, twin at the rear
    for sx in (-1, 1):
        _wheel(mb, rubber, metal, sx * (HALF_W - 0.2), AXLES[0], 0.36, sx)
        _wheel(mb, rubber, metal, sx * (HALF_W - 0.33), AXLES[1], 0.62, sx)
    return Node("fire_engine", mb.primitives())
