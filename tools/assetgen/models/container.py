"""ISO 40-ft general-purpose container (42G1): 12.192 x 2.438 x 2.591 m.

Frame: origin at the centre of the floor footprint (z = 0 is the bottom of the
corner castings), length along Y, doors at the -Y end.  The door leaves are
child nodes `door_left` and `door_right` (left/right as seen by someone facing
the doors), each with its origin on its hinge axis.  Opening: door_left turns
with a negative heading, door_right with a positive one; 270 degrees folds a
leaf back against the side wall.
"""

from __future__ import annotations

import numpy as np

from ..gltf import Node
from ..mesh import MeshBuilder, box, chain, cylinder, rot_z, translate
from ..tex import Atlas, Painter
from .common import atlas_materials, corrugated_wall, painted_metal, wood

L, W, H = 12.192, 2.438, 2.591
CAST = (0.162, 0.178, 0.118)  # corner casting size (x, y, z)
FLOOR_Z = 0.16
DOOR_Z0, DOOR_Z1 = 0.135, H - 0.135
REAR_SET = 0.07  # the rear frame sits this far inside the castings; the doors fill the gap
HINGE_X, HINGE_Y = 0.07, 0.03  # hinge axis: outside the side wall / behind the door end
HINGE_ZS = (0.35, 0.95, 1.65, 2.25)
FRAME, LINING, DARK = "#2a5d86", "#8f969b", "#2b2f33"

NUMBER = "MSKU 482913-0"
PAINT = "#2d6b9a"


def _side_texture(seed: int, number_at_left: bool) -> np.ndarray:
    w, h = 1016, 200
    base = painted_metal(h, w, PAINT, seed, grime=0.12, rust=0.35, dirt_bottom=0.35)
    p = Painter(w, h, base)
    x = 40 if number_at_left else w - 40
    anchor = "la" if number_at_left else "ra"
    p.text(x, 14, NUMBER, 22, "#f2f2ee", anchor=anchor)
    p.text(x, 42, "42G1", 18, "#f2f2ee", anchor=anchor)
    return p.array()


def _door_texture(seed: int, right: bool) -> np.ndarray:
    """Door leaf, 1.2 m x 2.3 m at 250 px/m."""
    w, h = 300, 576
    p = Painter(w, h, painted_metal(h, w, PAINT, seed, grime=0.12, rust=0.25, dirt_bottom=0.3))
    white = "#f4f4f0"
    if right:
        p.text(150, 36, NUMBER, 27, white, anchor="ma", kind="condensed")
        p.text(150, 74, "42G1", 24, white, anchor="ma", kind="condensed")
    else:
        lines = [
            "MAX GROSS  30,480 KG",
            "                  67,200 LB",
            "TARE           3,750 KG",
            "                    8,270 LB",
            "NET            26,730 KG",
            "CU.CAP.     67.7 CU.M",
        ]
        for i, s in enumerate(lines):
            p.text(40, 40 + i * 19, s, 14, white, kind="condensed")
        # CSC safety approval plate and customs plate
        p.rect(40, 300, 150, 372, fill="#b9b9b2", outline="#5d5d58", width=2)
        p.text(95, 306, "CSC SAFETY", 10, "#222222", anchor="ma", kind="condensed")
        p.text(95, 318, "APPROVAL", 10, "#222222", anchor="ma", kind="condensed")
        for i in range(4):
            p.rect(48, 334 + i * 9, 142, 338 + i * 9, fill="#7c7c76")
        p.rect(160, 300, 250, 372, fill="#c2c2ba", outline="#5d5d58", width=2)
        p.text(205, 306, "APPROVED FOR", 8, "#222222", anchor="ma", kind="condensed")
        p.text(205, 317, "TRANSPORT UNDER", 8, "#222222", anchor="ma", kind="condensed")
        p.text(205, 328, "CUSTOMS SEAL", 8, "#222222", anchor="ma", kind="condensed")
    return p.array()


def _casting_texture() -> np.ndarray:
    p = Painter(64, 64, painted_metal(64, 64, "#3a4046", 5, grime=0.2))
    p.ellipse(14, 22, 50, 42, fill="#0d0e10")
    return p.array()


def _floor_texture() -> np.ndarray:
    h, w = 128, 640
    img = wood(h, w, 21, "#8a5a34")
    p = Painter(w, h, img)
    for y in range(0, h, 16):  # hardwood strips
        p.line([(0, y), (w, y)], "#4a2e18", 1)
    return p.array()


def _rod_xs(side: int) -> list[float]:
    """x positions of the two locking rods on the leaf on `side` (-1 left, +1 right)."""
    return [side * frac * W / 2 for frac in (0.22, 0.68)]


def build() -> Node:
    atlas = Atlas(1024, 2048, background=PAINT)
    side_pos = atlas.add(_side_texture(11, number_at_left=True))  # +X wall: door end on the left
    side_neg = atlas.add(_side_texture(12, number_at_left=False))  # -X wall: door end on the right
    door_l = atlas.add(_door_texture(13, right=False))
    door_r = atlas.add(_door_texture(14, right=True))
    end_rect = atlas.add(painted_metal(256, 256, PAINT, 15, grime=0.12, rust=0.3, dirt_bottom=0.3))
    roof_rect = atlas.add(painted_metal(128, 512, PAINT, 16, grime=0.18))
    cast_rect = atlas.add(_casting_texture())
    floor_rect = atlas.add(_floor_texture())
    seal_uv = atlas.swatch("#f2c400")
    _img, m = atlas_materials(
        atlas,
        "container",
        paint=dict(roughness=0.55, metallic=0.2),
        steel=dict(roughness=0.45, metallic=0.8),
    )
    paint, steel = m["paint"], m["steel"]
    body = MeshBuilder(atlas.white)
    wh = atlas.white

    # corner castings, corner posts (the rear ones recessed behind the doors)
    cx, cy, cz = CAST
    for sx in (-1, 1):
        for sy in (-1, 1):
            for z in (cz / 2, H - cz / 2):
                center = (sx * (W / 2 - cx / 2), sy * (L / 2 - cy / 2), z)
                body.add(paint, box(CAST, center, default=cast_rect))
            y0, y1 = (
                (-L / 2 + REAR_SET, -L / 2 + REAR_SET + 0.15)
                if sy < 0
                else (L / 2 - 0.125, L / 2 - 0.005)
            )
            body.add(
                paint,
                box((0.15, y1 - y0, H - 2 * cz), (sx * (W / 2 - 0.08), (y0 + y1) / 2, H / 2)),
                color=FRAME,
            )
    # side rails, door sill and header, front sill and header
    for sx in (-1, 1):
        body.add(paint, box((0.10, L - 2 * cy, 0.16), (sx * (W / 2 - 0.06), 0, 0.09)), color=FRAME)
        body.add(
            paint, box((0.08, L - 2 * cy, 0.10), (sx * (W / 2 - 0.045), 0, H - 0.06)), color=FRAME
        )
    for y0, y1 in ((-L / 2 + REAR_SET, -L / 2 + REAR_SET + 0.16), (L / 2 - 0.125, L / 2 - 0.005)):
        body.add(paint, box((W - 2 * cx, y1 - y0, 0.14), (0, (y0 + y1) / 2, 0.07)), color=FRAME)
        body.add(
            paint, box((W - 2 * cx, y1 - y0, 0.13), (0, (y0 + y1) / 2, H - 0.065)), color=FRAME
        )
    # corrugated side walls (crests 12 mm inside the envelope) and front end wall
    for side, rect in ((1, side_pos), (-1, side_neg)):
        wall = corrugated_wall(L - 2 * cy, 0.17, H - 0.11, 0.278, 0.036, rect)
        body.add(
            paint, wall, xform=chain(rot_z(0 if side > 0 else 180), translate(W / 2 - 0.012, 0, 0))
        )
    end = corrugated_wall(W - 2 * cx, 0.14, H - 0.13, 0.42, 0.05, end_rect, flat=0.35, taper=0.15)
    body.add(paint, end, xform=chain(rot_z(90), translate(L / 2 - 0.02, 0, 0)))
    # roof, slightly below the top castings
    body.add(
        paint,
        box(
            (W - 0.06, L - 0.1, 0.03), (0, 0, H - 0.035), faces={"+z": roof_rect}, default=end_rect
        ),
    )
    # cross members under the floor
    for k in range(17):
        y = -L / 2 + 0.4 + k * (L - 0.8) / 16
        body.add(steel, box((W - 0.2, 0.07, 0.12), (0, y, 0.08)), color="#1d2226")
    # interior, seen when the doors are open: hardwood floor and grey lining
    body.add(
        paint,
        box(
            (W - 0.1, L - 0.3, 0.03),
            (0, 0.02, FLOOR_Z - 0.015),
            faces={"+z": floor_rect},
            default=wh,
        ),
        color="#ffffff",
    )
    lining_z = (FLOOR_Z + H - 0.1) / 2
    lining_h = H - 0.1 - FLOOR_Z
    for sx in (-1, 1):
        body.add(
            paint, box((0.01, L - 0.3, lining_h), (sx * (W / 2 - 0.055), 0, lining_z)), color=LINING
        )
    body.add(paint, box((W - 0.1, 0.01, lining_h), (0, L / 2 - 0.14, lining_z)), color=LINING)
    body.add(paint, box((W - 0.1, L - 0.3, 0.01), (0, 0, H - 0.1)), color="#6f767b")
    # cam keepers for the locking rods, and hinge lugs carrying the hinge pins
    for side in (-1, 1):
        for x in _rod_xs(side):
            for z in (DOOR_Z0 - 0.035, DOOR_Z1 + 0.035):
                body.add(steel, box((0.08, 0.13, 0.06), (x, -L / 2 + 0.005, z)), color=DARK)
        for z in HINGE_ZS:
            hx, hy = side * (W / 2 + HINGE_X), -L / 2 - HINGE_Y
            body.add(
                steel, cylinder(0.02, z - 0.09, z + 0.09, 8), xform=translate(hx, hy, 0), color=DARK
            )
            body.add(
                steel,
                box((0.2, 0.03, 0.1), (hx - side * 0.1, -L / 2 + REAR_SET - 0.015, z)),
                color=DARK,
            )
            body.add(
                steel,
                box((0.03, REAR_SET + HINGE_Y, 0.1), (hx, (hy - L / 2 + REAR_SET) / 2, z)),
                color=DARK,
            )

    doors = [
        _door(atlas, paint, steel, side, door_l if side < 0 else door_r, seal_uv)
        for side in (-1, 1)
    ]
    return Node("container_40ft", body.primitives(), children=doors)


def _door(atlas: Atlas, paint, steel, side: int, rect, seal_uv) -> Node:
    """One door leaf, built in container coordinates and then shifted so that the
    node origin is the hinge axis."""
    hinge = np.array([side * (W / 2 + HINGE_X), -L / 2 - HINGE_Y, 0.0])
    mb = MeshBuilder(atlas.white)
    x_in, x_out = side * 0.004, side * (W / 2 - 0.02)  # centre edge, hinge edge
    x0, x1 = min(x_in, x_out), max(x_in, x_out)
    width, xc = x1 - x0, (x0 + x1) / 2
    zc, zh = (DOOR_Z0 + DOOR_Z1) / 2, DOOR_Z1 - DOOR_Z0
    yf = -L / 2 + 0.035  # centre plane of the leaf frame (frame depth 0.06)
    # inner skin, then the frame around the leaf
    mb.add(paint, box((width, 0.02, zh), (xc, yf + 0.02, zc)), color=LINING)
    for z in (DOOR_Z0 + 0.04, DOOR_Z1 - 0.04):
        mb.add(paint, box((width, 0.06, 0.08), (xc, yf, z)), color=FRAME)
    for x in (x0 + 0.04, x1 - 0.04):
        mb.add(paint, box((0.08, 0.06, zh), (x, yf, zc)), color=FRAME)
    # corrugated panel facing -Y carrying the door markings
    panel = corrugated_wall(
        width - 0.16, DOOR_Z0 + 0.08, DOOR_Z1 - 0.08, 0.27, 0.025, rect, flat=0.3, taper=0.2
    )
    mb.add(paint, panel, xform=chain(translate(xc, yf - 0.02, 0), rot_z(-90)))
    # locking rods with guides, cams, handles and handle retainers
    y = yf - 0.075
    for i, x in enumerate(_rod_xs(side)):
        mb.add(
            steel,
            cylinder(0.017, DOOR_Z0 - 0.06, DOOR_Z1 + 0.06, 10),
            xform=translate(x, y, 0),
            color=DARK,
        )
        for z in (0.45, 1.45, 2.2):
            mb.add(steel, box((0.08, 0.05, 0.05), (x, y + 0.03, z)), color=DARK)
        for z in (DOOR_Z0 - 0.035, DOOR_Z1 + 0.035):
            mb.add(steel, box((0.06, 0.05, 0.05), (x + side * 0.035, y, z)), color=DARK)
        hz = 1.2
        mb.add(steel, box((0.42, 0.025, 0.04), (x + side * 0.22, y - 0.025, hz)), color=DARK)
        mb.add(steel, box((0.06, 0.05, 0.09), (x + side * 0.40, y + 0.015, hz)), color=DARK)
        if side > 0 and i == 0:  # customs bolt seal through the inner handle retainer
            sx = x + side * 0.40
            mb.add(
                paint,
                cylinder(0.012, hz - 0.16, hz - 0.03, 10, rect=seal_uv),
                xform=translate(sx, y - 0.03, 0),
            )
            mb.add(paint, box((0.035, 0.03, 0.05), (sx, y - 0.03, hz - 0.17), default=seal_uv))
    # hinge straps from the leaf edge to the hinge pin
    for z in HINGE_ZS:
        hx = hinge[0]
        mb.add(
            steel,
            box((abs(hx - x_out) + 0.2, 0.02, 0.08), ((hx + x_out - side * 0.2) / 2, yf - 0.04, z)),
            color=DARK,
        )
    prims = mb.primitives()
    for prim in prims:
        prim.positions = prim.positions - hinge
    return Node("door_left" if side < 0 else "door_right", prims, translation=tuple(hinge))
