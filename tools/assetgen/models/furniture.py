"""Furniture and fittings: each ``add_*`` draws one piece into a MeshBuilder at a transform,
so the rooms use the very pieces that are also shipped on their own.

Every piece stands on the ground (z = 0) with its origin under its centre and its front
(where one sits, stands or looks at it) towards +Y. ``m`` holds the materials ``paint``,
``metal`` and ``glow`` of one atlas, ``r`` the UV rectangles of ``screens.FURNITURE_IMAGES``.
"""

from __future__ import annotations

import math

import numpy as np

from ..gltf import Node
from ..mesh import MeshBuilder, box, cylinder, limb, quad, rot_x, translate
from ..tex import Atlas
from .common import Placed, atlas_materials
from .screens import Rects, add_furniture_images

TABLE_TOP = 0.75
DESK_TOP = 0.74
STEEL, DARK, WHITE = "#b9bec4", "#2b2e33", "#e9e7e2"


def front_quad(x0: float, x1: float, z0: float, z1: float, y: float, rect) -> object:
    """A picture in the plane y = ``y``, read from +Y (the front)."""
    return quad((x1, y, z1), (x1, y, z0), (x0, y, z0), (x0, y, z1), rect)


def add_table(mb, m, r: Rects, xform=None, length: float = 4.0, width: float = 1.4) -> None:
    """A meeting table: a wooden top on two steel pedestals with a cable box in the middle."""
    mb = Placed(mb, xform)
    top = TABLE_TOP
    mb.add(m["paint"], box((length, width, 0.04), (0, 0, top - 0.02), default=r["wood"]))
    for x in (-length / 2 + 0.45, length / 2 - 0.45):
        mb.add(m["metal"], box((0.08, width - 0.5, top - 0.04), (x, 0, (top - 0.04) / 2)), DARK)
        mb.add(m["metal"], box((0.12, width - 0.3, 0.03), (x, 0, 0.015)), DARK)
    mb.add(m["metal"], box((length - 1.0, 0.06, 0.06), (0, 0, top - 0.12)), DARK)
    mb.add(m["metal"], box((0.3, 0.12, 0.006), (0, 0, top + 0.003)), "#3a3d42")


def add_chair(mb, m, r: Rects, xform=None, colour: str = "#33415c") -> None:
    """An office chair on five castors; one sits facing +Y."""
    mb = Placed(mb, xform)
    for k in range(5):
        a = math.radians(90 + k * 72)
        tip = (0.3 * math.cos(a), 0.3 * math.sin(a), 0.06)
        mb.add(m["metal"], limb((0, 0, 0.08), tip, 0.02, 0.015, 6), DARK)
        mb.add(m["paint"], cylinder(0.025, 0.0, 0.05, 8), "#111111", xform=translate(*tip[:2], 0))
    mb.add(m["metal"], cylinder(0.025, 0.08, 0.42, 10), STEEL)
    mb.add(m["paint"], box((0.5, 0.48, 0.08), (0, 0, 0.46)), colour)
    mb.add(m["paint"], box((0.46, 0.07, 0.5), (0, -0.24, 0.82)), colour,
           xform=translate(0, -0.24, 0.6) @ rot_x(-8) @ translate(0, 0.24, -0.6))
    mb.add(m["metal"], box((0.06, 0.04, 0.3), (0, -0.25, 0.55)), DARK)
    for sx in (-1, 1):
        mb.add(m["paint"], box((0.05, 0.3, 0.03), (sx * 0.26, 0.0, 0.66)), "#1d1f22")
        mb.add(m["metal"], box((0.025, 0.025, 0.18), (sx * 0.26, -0.05, 0.56)), DARK)


def add_desk(mb, m, r: Rects, xform=None) -> None:
    """An office desk, 1.4 x 0.7 m, with a drawer pedestal on the right and a modesty panel."""
    mb = Placed(mb, xform)
    mb.add(m["paint"], box((1.4, 0.7, 0.03), (0, 0, DESK_TOP - 0.015)), WHITE)
    for x in (-0.67, 0.67):
        mb.add(m["metal"], box((0.05, 0.62, 0.03), (x, 0, 0.015)), STEEL)
        mb.add(m["metal"], box((0.05, 0.05, DESK_TOP - 0.03), (x, 0, DESK_TOP / 2)), STEEL)
    mb.add(m["paint"], box((1.3, 0.02, 0.4), (0, -0.3, DESK_TOP - 0.25)), "#c9c6bf")
    mb.add(m["paint"], box((0.42, 0.6, 0.6), (0.42, 0.02, 0.32)), "#d5d2cb")
    for k in range(3):
        mb.add(m["paint"], box((0.38, 0.01, 0.17), (0.42, 0.325, 0.13 + k * 0.19)), "#e4e1da")
        mb.add(m["metal"], box((0.12, 0.015, 0.015), (0.42, 0.335, 0.19 + k * 0.19)), STEEL)


def add_monitor(mb, m, r: Rects, xform=None, picture: str = "desktop") -> None:
    """A flat monitor on a stand, for a desk top (origin at the desk's surface)."""
    mb = Placed(mb, xform)
    mb.add(m["metal"], box((0.22, 0.16, 0.012), (0, 0, 0.006)), DARK)
    mb.add(m["metal"], box((0.04, 0.03, 0.2), (0, -0.03, 0.11)), DARK)
    mb.add(m["paint"], box((0.58, 0.03, 0.35), (0, -0.02, 0.36)), "#15171a")
    mb.add(m["glow"], front_quad(-0.27, 0.27, 0.2, 0.52, -0.004, r[picture]))


def add_laptop(mb, m, r: Rects, xform=None) -> None:
    """An open laptop, screen tilted back; one types at it from +Y."""
    mb = Placed(mb, xform)
    mb.add(m["metal"], box((0.34, 0.24, 0.018), (0, 0, 0.009)), "#8c9196")
    mb.add(m["paint"], box((0.3, 0.12, 0.002), (0, 0.02, 0.019)), "#2a2c30")
    lid = translate(0, -0.12, 0.018) @ rot_x(-15)
    mb.add(m["metal"], box((0.34, 0.01, 0.23), (0, -0.005, 0.115)), "#8c9196", xform=lid)
    mb.add(m["glow"], front_quad(-0.155, 0.155, 0.015, 0.215, 0.0005, r["desktop"]),
           xform=lid)


def top_quad(x0: float, x1: float, y0: float, y1: float, z: float, rect) -> object:
    """A picture lying face-up at height ``z``, read by someone standing at +Y."""
    return quad((x1, y0, z), (x1, y1, z), (x0, y1, z), (x0, y0, z), rect)


def add_phone(mb, m, r: Rects, xform=None) -> None:
    """A desk phone: display and keypad towards the user (+Y), handset in its cradle behind."""
    mb = Placed(mb, xform)
    mb.add(m["paint"], box((0.2, 0.2, 0.035), (0, 0, 0.0175)), "#2a2d31")
    mb.add(m["paint"], top_quad(-0.09, 0.09, -0.02, 0.095, 0.0355, r["phone"]))
    mb.add(m["paint"], box((0.2, 0.075, 0.03), (0, -0.06, 0.05)), "#2a2d31")
    mb.add(m["paint"], box((0.21, 0.05, 0.028), (0, -0.06, 0.079)), "#1d1f22")
    for x in (-0.085, 0.085):
        mb.add(m["paint"], box((0.05, 0.06, 0.02), (x, -0.06, 0.097)), "#1d1f22")
    mb.add(m["paint"], limb((-0.1, -0.03, 0.02), (-0.13, 0.05, 0.005), 0.004, 0.004, 6), "#1d1f22")


def add_shelf(mb, m, r: Rects, xform=None, width: float = 1.8, depth: float = 0.5,
              height: float = 2.0, shelves: int = 5) -> None:
    """Steel shelving: four uprights and ``shelves`` boards."""
    mb = Placed(mb, xform)
    for sx in (-1, 1):
        for sy in (-1, 1):
            mb.add(m["metal"], box((0.04, 0.04, height), (sx * (width / 2 - 0.02),
                                                         sy * (depth / 2 - 0.02), height / 2)),
                   "#3d5a80")
    for k in range(shelves):
        z = 0.1 + k * (height - 0.2) / (shelves - 1)
        mb.add(m["metal"], box((width, depth, 0.025), (0, 0, z)), "#c3c7cc")
        mb.add(m["metal"], box((width, 0.03, 0.05), (0, depth / 2 - 0.015, z - 0.02)), "#e08a1e")


def add_map_wall(mb, m, r: Rects, xform=None, legs: bool = True) -> None:
    """A 3 x 1.6 m map board, its face towards +Y; on legs, or (legs=False) for a wall."""
    mb = Placed(mb, xform)
    z0, z1 = 0.8, 2.4
    mb.add(m["paint"], box((3.1, 0.04, z1 - z0 + 0.1), (0, -0.02, (z0 + z1) / 2)), "#8a8d92")
    mb.add(m["paint"], front_quad(-1.5, 1.5, z0, z1, 0.001, r["map"]))
    mb.add(m["metal"], box((3.0, 0.08, 0.03), (0, 0.04, z0 - 0.02)), STEEL)  # pen tray
    if legs:
        for x in (-1.35, 1.35):
            mb.add(m["metal"], box((0.05, 0.05, z1), (x, -0.06, z1 / 2)), STEEL)
            mb.add(m["metal"], box((0.06, 0.6, 0.04), (x, -0.06, 0.02)), STEEL)


SCREENS = ("screen_map", "screen_call", "screen_chart", "screen_list")


def add_screen_wall(mb, m, r: Rects, xform=None, legs: bool = True) -> None:
    """Four 1.2 x 0.7 m displays in a 2 x 2 array (map, video call, chart, list), on a stand
    or (legs=False) hung on a wall."""
    mb = Placed(mb, xform)
    for k, picture in enumerate(SCREENS):
        cx, cz = (-0.62 if k % 2 == 0 else 0.62), (1.95 if k < 2 else 1.22)
        mb.add(m["paint"], box((1.22, 0.06, 0.72), (cx, -0.03, cz)), "#111214")
        mb.add(m["glow"], front_quad(cx - 0.58, cx + 0.58, cz - 0.33, cz + 0.33, 0.001,
                                     r[picture]))
    if legs:
        for x in (-0.7, 0.7):
            mb.add(m["metal"], box((0.08, 0.06, 2.3), (x, -0.1, 1.15)), DARK)
            mb.add(m["metal"], box((0.12, 0.7, 0.04), (x, -0.1, 0.02)), DARK)


def add_lectern(mb, m, r: Rects, xform=None, front: tuple | None = None) -> None:
    """A speaker's lectern, 0.6 m wide and 1.15 m high, the speaker behind it at -Y and the
    audience at +Y; its front panel is ``front`` (a label surface) when given."""
    mb = Placed(mb, xform)
    mb.add(m["paint"], box((0.6, 0.45, 1.02), (0, 0, 0.51)), "#3a3f48")
    top = translate(0, 0, 1.02) @ rot_x(-15)
    mb.add(m["paint"], box((0.66, 0.5, 0.03), (0, 0, 0.02)), "#2b2f36", xform=top)
    mb.add(m["metal"], limb((0.0, 0.1, 1.1), (0.0, -0.05, 1.32), 0.006, 0.004, 6), DARK)
    mb.add(m["paint"], cylinder(0.014, 0, 0.05, 8), "#111111",
           xform=translate(0, -0.07, 1.32) @ rot_x(-60))
    if front is None:
        mb.add(m["paint"], front_quad(-0.27, 0.27, 0.45, 0.95, 0.226, r["board"]))


def add_workbench(mb, m, r: Rects, xform=None) -> None:
    """A 1.8 x 0.8 m workbench: thick wooden top at 0.9 m, steel frame and a lower shelf."""
    mb = Placed(mb, xform)
    mb.add(m["paint"], box((1.8, 0.8, 0.05), (0, 0, 0.875), default=r["wood"]))
    for sx in (-1, 1):
        for sy in (-1, 1):
            mb.add(m["metal"], box((0.05, 0.05, 0.85), (sx * 0.85, sy * 0.35, 0.425)), "#4a6b3a")
    mb.add(m["metal"], box((1.75, 0.75, 0.02), (0, 0, 0.2)), "#6d7378")
    mb.add(m["metal"], box((1.8, 0.03, 0.6), (0, -0.385, 1.2)), "#8d9399")  # tool board
    for k in range(7):
        mb.add(m["metal"], box((0.02, 0.03, 0.12 + 0.04 * (k % 3)), (-0.7 + k * 0.22, -0.36, 1.25)),
               DARK)


def add_conveyor(mb, m, r: Rects, xform=None, length: float = 3.0) -> None:
    """A belt conveyor along X, 0.8 m wide, belt at 0.8 m, with side guides and legs."""
    mb = Placed(mb, xform)
    z = 0.8
    mb.add(m["paint"], box((length, 0.62, 0.02), (0, 0, z - 0.01)), "#26282b")
    for k in range(int(length / 0.25)):  # belt joints, so the motion has something to show
        x = -length / 2 + 0.125 + k * 0.25
        mb.add(m["paint"], box((0.012, 0.62, 0.002), (x, 0, z + 0.001)), "#3b3e42")
    for sy in (-1, 1):
        mb.add(m["metal"], box((length, 0.09, 0.2), (0, sy * 0.355, z - 0.06)), "#4f6f94")
        mb.add(m["metal"], box((length, 0.02, 0.08), (0, sy * 0.39, z + 0.06)), "#d6d9dc")
    for x in np.arange(-length / 2 + 0.2, length / 2, 1.3):
        for sy in (-1, 1):
            mb.add(m["metal"], box((0.05, 0.05, z - 0.16), (x, sy * 0.33, (z - 0.16) / 2)),
                   "#4f6f94")
        mb.add(m["metal"], box((0.05, 0.7, 0.04), (x, 0, 0.15)), "#4f6f94")


def add_roll_cage(mb, m, r: Rects, xform=None) -> None:
    """A roll cage: steel mesh on three sides, open at +Y, on four castors."""
    mb = Placed(mb, xform)
    w, d, h = 0.72, 0.8, 1.7
    post_z = 0.16 + (h - 0.15) / 2
    mb.add(m["metal"], box((w, d, 0.03), (0, 0, 0.17)), "#9aa0a6")
    for sx in (-1, 1):
        for sy in (-1, 1):
            mb.add(m["paint"], cylinder(0.05, 0.0, 0.03, 10), "#111111",
                   xform=translate(sx * (w / 2 - 0.06), sy * (d / 2 - 0.06), 0.05) @ rot_x(90))
            mb.add(m["metal"], box((0.03, 0.03, h - 0.15), (sx * w / 2, sy * d / 2, post_z)),
                   "#8d9399")
    for z in np.linspace(0.3, h, 9):
        mb.add(m["metal"], box((w, 0.012, 0.012), (0, -d / 2, z)), "#b9bec4")
        for sx in (-1, 1):
            mb.add(m["metal"], box((0.012, d, 0.012), (sx * w / 2, 0, z)), "#b9bec4")
    for t in np.linspace(-0.5, 0.5, 7):
        mb.add(m["metal"], box((0.012, 0.012, h - 0.15), (t * w, -d / 2, post_z)), "#b9bec4")
        for sx in (-1, 1):
            mb.add(m["metal"], box((0.012, 0.012, h - 0.15), (sx * w / 2, t * d, post_z)),
                   "#b9bec4")
    mb.add(m["metal"], box((w, d, 0.02), (0, 0, 0.95)), "#9aa0a6")


def furniture_kit(name: str, pictures=(), size=(512, 512)) -> tuple[MeshBuilder, dict, Rects]:
    """A MeshBuilder, the paint/metal/glow materials and the rectangles of ``pictures`` in an
    atlas of ``size`` for one piece."""
    atlas = Atlas(*size, background="#8a8d92")
    r = add_furniture_images(atlas, pictures)
    return MeshBuilder(atlas.white), fittings_materials(atlas, name), r


def fittings_materials(atlas: Atlas, name: str) -> dict:
    """paint, metal and glow: the three materials furniture and rooms draw with."""
    return atlas_materials(
        atlas,
        name,
        paint=dict(roughness=0.7),
        metal=dict(roughness=0.4, metallic=0.7),
        glow=dict(roughness=0.3, glow=True),
    )[1]


def _piece(name: str, add, pictures=(), size=(512, 512)):
    def build() -> Node:
        mb, m, r = furniture_kit(name, pictures, size)
        add(mb, m, r)
        return Node(name, mb.primitives())

    return build


BUILDERS = {
    "table_meeting": _piece("table_meeting", add_table, ("wood",), (1024, 512)),
    "desk": _piece("desk", add_desk),
    "chair": _piece("chair", add_chair),
    "shelf_unit": _piece("shelf_unit", add_shelf),
    "map_wall": _piece("map_wall", add_map_wall, ("map",), (2048, 1024)),
    "screen_wall": _piece("screen_wall", add_screen_wall, SCREENS, (1024, 1024)),
    "lectern": _piece("lectern", add_lectern, ("board",)),
    "workbench": _piece("workbench", add_workbench, ("wood",), (1024, 512)),
    "conveyor": _piece("conveyor", add_conveyor),
    "roll_cage": _piece("roll_cage", add_roll_cage),
    "phone": _piece("phone", add_phone, ("phone",), (256, 256)),
    "laptop": _piece("laptop", add_laptop, ("desktop",)),
}

