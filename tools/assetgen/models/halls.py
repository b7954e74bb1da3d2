"""Two industrial environments, origin at the centre, +Y north.

* ``env_warehouse_unit`` (40 x 38 m of ground): an industrial unit x -12..12, y -2..14,
  7 m high, its front on the yard to the south (y -20..-2). In the front wall, west to east:
  a shop front with its door (x -11..-5.8) under a sign, a pedestrian door (x -3..-2) and
  a roller door, most of the way up (x 2..6.5, 4.5 m high). Inside, the shop (x -12..-5,
  y -2..4) has a counter along its back (y = 3.2) and shelves on its west wall; the rest is
  open concrete floor with racking along the north wall (x -11..-1). A neighbouring unit
  stands to the east; a fence with a gate (x -4..4) closes the yard at y = -19.8.
* ``env_sorting_hall`` (40 x 24 m, 8 m high): a postal and express sorting hall. Two belt
  conveyors run along X at y = -3 and y = 3 (x -18..10) with parcels on them; roll cages
  stand in numbered bays along the south wall (y = -10.5); four dock doors open the north
  wall (the one at x = 0 open to a trailer); the east end (x 13..19, y -5..5) is a marked,
  empty inspection area for a scenario's own props.
"""

from __future__ import annotations

import numpy as np

from ..gltf import Node
from ..mesh import box, quad
from ..tex import Painter, hash01
from .furniture import add_conveyor, add_roll_cage, add_shelf
from .offices import at, picture
from .rooms import Room, room_kit
from .yard import _asphalt, _concrete

KRAFT = ("#b88a57", "#c49a66", "#a87d4f", "#d2b48c")


def _cladding(w: int = 256, h: int = 256) -> np.ndarray:
    """Profiled steel cladding: vertical ribs (white; the wall's colour tints it)."""
    x = (np.arange(w) % 32) / 32
    shade = np.where(x < 0.15, 0.78, np.where(x < 0.25, 0.9, 1.0))
    return np.repeat(np.tile(shade, (h, 1))[..., None], 3, axis=2) * 0.97


def _slats(w: int = 256, h: int = 128) -> np.ndarray:
    """A roller shutter's horizontal slats."""
    y = (np.arange(h) % 12) / 12
    shade = np.where(y < 0.2, 0.7, 0.95)
    return np.repeat(np.tile(shade[:, None], (1, w))[..., None], 3, axis=2)


def _panels(w: int = 256, h: int = 256) -> np.ndarray:
    """A sectional dock door: four panels with ribs."""
    p = Painter(w, h, "#d9dcde")
    for k in range(4):
        y = k * h / 4
        p.rect(0, y, w, y + 4, fill="#9aa0a6")
        for j in (0.3, 0.6):
            p.rect(0, y + h / 4 * j, w, y + h / 4 * j + 2, fill="#b9bec4")
    p.rect(w * 0.42, h * 0.55, w * 0.58, h * 0.62, fill="#3a3d40")
    return p.array()


def _sign(text: str, w: int = 512, h: int = 128, back: str = "#1f3f6d",
          fore: str = "#ffffff") -> np.ndarray:
    p = Painter(w, h, back)
    p.text(w / 2, h / 2, text, h * 0.5, fore, anchor="mm", kind="condensed")
    return p.array()


def _parcel(room: Room, x: float, y: float, z: float, k: int, small: bool = False) -> None:
    """A kraft parcel or a white express bag, sized and turned by the hash of ``k``."""
    h = hash01(np.array([k, k + 1, k + 2]), np.array([7, 8, 9]), 17)
    if h[0] < 0.2:
        size, colour = (0.35 + 0.1 * h[1], 0.28, 0.05), "#e8e6df"
    else:
        s = 0.6 if small else 1.0
        size = (s * (0.25 + 0.3 * h[1]), s * (0.2 + 0.25 * h[2]), s * (0.12 + 0.25 * h[0]))
        colour = KRAFT[int(h[2] * len(KRAFT))]
    room.mb.add(room.m["paint"], box(size, (x, y, z + size[2] / 2)), colour)


# --------------------------------------------------------------------------- warehouse unit


def build_warehouse_unit() -> Node:
    room, pics = room_kit(
        "env_warehouse_unit",
        {"asphalt": _asphalt(), "concrete": (_concrete(), 0.9)},
        extra={"cladding": _cladding(), "slats": _slats(),
               "counter_sign": _sign("TRADE COUNTER", 1024), "unit4": _sign("UNIT 4", 256),
               "unit5": _sign("UNIT 5", 256)},
    )
    mb, m = room.mb, room.m
    room.floor("asphalt", -20, -20, 20, 18, tile=4)
    room.floor("concrete", -12, -2, 12, 14, tile=10, z=0.01)
    _unit_shell(room, pics)
    _shop(room, pics)
    # racking along the north wall, with cartons on its beams
    for k, x in enumerate((-9.5, -6.6, -3.7)):
        add_shelf(mb, m, room.r, at(x, 13.3, "south"), width=2.7, depth=1.0, height=3.2,
                  shelves=4)
        for level in range(4):
            z = 0.1 + level * 1.0 + 0.0125
            for j in range(5):
                if hash01(np.array([k * 20 + j]), np.array([level]), 3)[0] < 0.75:
                    _parcel(room, x - 1.1 + j * 0.55, 13.3, z, 100 * k + 10 * level + j)
    _yard(room, pics)
    return room.node("env_warehouse_unit")


def _unit_shell(room: Room, pics) -> None:
    mb, m = room.mb, room.m
    h, clad, grey = 7.0, pics["cladding"], "#a9b1ad"
    front = [(1.0, 5.0, 0.6, 3.0), (5.2, 6.2, 0.0, 2.2), (9.0, 10.0, 0.0, 2.1),
             (14.0, 18.5, 0.0, 4.5)]
    room.wall((-12.1, -2.1), (12.1, -2.1), h, front, thick=0.25, colour=grey, rect=clad)
    room.wall((-12.1, 14.1), (12.1, 14.1), h, thick=0.25, colour=grey, rect=clad)
    for x in (-12.1, 12.1):
        room.wall((x, -2.1), (x, 14.1), h, thick=0.25, colour=grey, rect=clad)
    mb.add(m["paint"], box((24.6, 16.6, 0.25), (0, 6.0, h + 0.12)), "#5b6065")  # roof
    mb.add(m["paint"], box((24.6, 0.3, 0.6), (0, -2.3, h - 0.3)), "#3d5a80")  # fascia band
    room.ceiling(-12, -2, 12, 14, h - 0.01, "#c9ccd0")
    room.lights(np.arange(-9, 10, 4.5), np.arange(1.0, 13.5, 4.0), h - 0.02, size=(2.4, 1.2))
    for x in np.arange(-6, 12, 4.5):  # high-bay lamps
        for y in (3.0, 9.0):
            mb.add(m["metal"], box((0.03, 0.03, 1.2), (x, y, h - 0.6)), "#3a3d40")
            mb.add(m["glow"], box((0.5, 0.5, 0.12), (x, y, h - 1.25), default=room.r["lamp"]))
    # roller door: the curtain most of the way up, its drum, guides; the pedestrian door
    mb.add(m["paint"], box((4.5, 0.08, 1.1), (4.25, -2.0, 3.95), default=pics["slats"]),
           "#c7ccd0")
    mb.add(m["metal"], box((4.9, 0.7, 0.6), (4.25, -1.6, 4.85)), "#8d9399")
    for x in (1.95, 6.55):
        mb.add(m["metal"], box((0.1, 0.15, 4.5), (x, -1.95, 2.25)), "#6d7378")
    room.door((-2.5, -2.1), "x", colour="#3d5a80")
    mb.add(m["paint"], picture(4.25, -2.24, "south", 2.0, 5.3, 6.1, pics["unit4"]))
    # the neighbouring unit to the east, its roller door shut
    mb.add(m["paint"], box((7.2, 16.2, 6.5), (16.0, 6.0, 3.25), default=clad), "#8fa0b4")
    mb.add(m["paint"], box((7.4, 16.4, 0.2), (16.0, 6.0, 6.6)), "#5b6065")
    mb.add(m["paint"], box((4.0, 0.06, 4.2), (16.0, -2.12, 2.1), default=pics["slats"]),
           "#c7ccd0")
    mb.add(m["paint"], picture(16.0, -2.16, "south", 2.0, 4.8, 5.6, pics["unit5"]))


def _shop(room: Room, pics) -> None:
    mb, m = room.mb, room.m
    glass = m["glass"]
    mb.add(glass, box((4.0, 0.03, 2.4), (-9.0, -2.1, 1.8)))
    for x in (-11.0, -9.0, -7.0, -6.8, -5.8):
        mb.add(m["metal"], box((0.08, 0.3, 3.0 if x > -7 else 2.4),
                               (x, -2.1, 1.5 if x > -7 else 1.8)), "#2b2e33")
    mb.add(m["metal"], box((4.0, 0.3, 0.08), (-9.0, -2.1, 3.0)), "#2b2e33")
    mb.add(m["paint"], box((6.0, 0.1, 0.9), (-8.5, -2.3, 3.7)), "#1f3f6d")
    mb.add(m["paint"], picture(-8.5, -2.36, "south", 5.6, 3.3, 4.1, pics["counter_sign"]))
    # partition walls, the shop's own ceiling and lights
    room.wall((-5.0, -2.0), (-5.0, 4.0), 3.0, [(4.5, 5.5, 0.0, 2.1)], thick=0.15)
    room.wall((-12.0, 4.0), (-5.0, 4.0), 3.0, thick=0.15)
    mb.add(m["paint"], box((7.0, 6.0, 0.1), (-8.5, 1.0, 3.05)), "#d9d6cf")
    room.ceiling(-12, -2, -5, 4, 2.99, "#e9e8e4")
    room.lights((-10.0, -7.0), (-0.3, 2.3), 2.99)
    mb.add(m["paint"], box((3.0, 0.6, 1.0), (-9.0, 3.2, 0.5)), "#6d3b24")
    mb.add(m["paint"], box((3.2, 0.7, 0.04), (-9.0, 3.2, 1.02)), "#e9e7e2")
    mb.add(m["paint"], box((0.35, 0.3, 0.12), (-8.0, 3.2, 1.1)), "#2b2e33")  # till
    mb.add(m["glow"], box((0.3, 0.02, 0.18), (-8.0, 3.08, 1.28), default=room.r["lamp"]),
           "#9fc0e8")
    for y in (-0.7, 1.5):
        add_shelf(mb, m, room.r, at(-11.7, y, "east"), width=1.8, depth=0.45, height=1.9,
                  shelves=4)
        for level in range(1, 4):
            for j in range(4):
                _parcel(room, -11.7, y - 0.6 + j * 0.4, 0.1 + level * 0.6 + 0.0125,
                        300 + 40 * level + j + int(10 * y), small=True)


def _yard(room: Room, pics) -> None:
    mb, m = room.mb, room.m
    white = "#e9e9e4"
    for x in np.arange(-11.0, -2.0, 2.6):  # parking bays
        mb.add(m["paint"], quad((x, -5.0, 0.02), (x, -10.0, 0.02), (x + 0.1, -10.0, 0.02),
                                (x + 0.1, -5.0, 0.02)), white)
    for k in range(7):  # keep-clear hatching in front of the roller door
        x = 2.2 + k * 0.65
        mb.add(m["paint"], quad((x, -2.4, 0.02), (x - 0.5, -6.5, 0.02), (x - 0.3, -6.5, 0.02),
                                (x + 0.2, -2.4, 0.02)), "#e8b800")
    grey = "#7d858c"
    for x in np.arange(-19.8, 20.0, 2.5):
        if not -4 < x < 4:
            mb.add(m["metal"], box((0.08, 0.08, 2.2), (x, -19.8, 1.1)), grey)
    for x0, x1 in ((-19.8, -4.0), (4.0, 19.8)):
        for z in (0.2, 1.1, 2.1):
            mb.add(m["metal"], box((x1 - x0, 0.04, 0.05), ((x0 + x1) / 2, -19.8, z)), grey)
    for sx in (-1, 1):
        for y in np.arange(-19.8, 17.0, 2.5):
            mb.add(m["metal"], box((0.08, 0.08, 2.2), (sx * 19.8, y, 1.1)), grey)
        for z in (0.2, 1.1, 2.1):
            mb.add(m["metal"], box((0.04, 36.0, 0.05), (sx * 19.8, -1.8, z)), grey)
    mb.add(m["metal"], box((0.15, 0.15, 6.0), (-14.0, -12.0, 3.0)), "#6d7378")  # yard lamp
    mb.add(m["glow"], box((0.8, 0.35, 0.12), (-13.7, -12.0, 6.0), default=room.r["lamp"]))


# --------------------------------------------------------------------------- sorting hall


def build_sorting_hall() -> Node:
    signs = {f"bay{k}": _sign(f"BAY {k}", 256, 96, "#e8b800", "#111111") for k in range(1, 9)}
    signs.update({f"dock{k}": _sign(f"DOCK {k}", 256, 96) for k in range(1, 5)})
    room, pics = room_kit(
        "env_sorting_hall",
        {"concrete": (_concrete(), 0.9)},
        extra={"cladding": _cladding(), "panels": _panels(), **signs},
    )
    mb, m = room.mb, room.m
    hx, hy, h = 20.0, 12.0, 8.0
    room.floor("concrete", -hx, -hy, hx, hy, tile=10)
    clad = pics["cladding"]
    docks = [(k * 8.0 - 16.0) for k in range(4)]
    north = [(x + hx - 1.5, x + hx + 1.5, 0.0, 3.2) for x in docks]
    for wall, openings in ((((-hx - 0.1, hy + 0.1), (hx + 0.1, hy + 0.1)), north),
                           (((-hx - 0.1, -hy - 0.1), (hx + 0.1, -hy - 0.1)), []),
                           (((-hx - 0.1, -hy - 0.1), (-hx - 0.1, hy + 0.1)), []),
                           (((hx + 0.1, -hy - 0.1), (hx + 0.1, hy + 0.1)), [])):
        lower = [o for o in openings]
        room.wall(*wall, 1.5, lower, colour="#6d7f96")
        room.wall(*wall, h, [(o0, o1, 1.5, oz1) for o0, o1, _, oz1 in openings], z0=1.5,
                  colour="#c9cfd4", rect=clad)
    room.ceiling(-hx - 0.2, -hy - 0.2, hx + 0.2, hy + 0.2, h, "#b9bec4")
    room.lights(np.arange(-16, 17, 6.0), np.arange(-8, 9, 5.0), h - 0.6, size=(1.6, 0.5))
    for x in np.arange(-16, 17, 8.0):  # columns and roof beams
        for y in (-8.5, 8.5):
            mb.add(m["metal"], box((0.35, 0.35, h), (x, y, h / 2)), "#3d5a80")
        mb.add(m["metal"], box((0.3, 2 * hy, 0.5), (x, 0, h - 0.3)), "#5b6065")
    for k, x in enumerate(docks):
        _dock(room, pics, x, hy, k)
    for y in (-3.0, 3.0):
        for x in np.arange(-16.5, 10.0, 3.0):
            add_conveyor(mb, m, room.r, at(x, y), length=3.0)
        for k, x in enumerate(np.arange(-17.5, 10.0, 1.1)):
            if hash01(np.array([k]), np.array([int(y)]), 23)[0] < 0.6:
                _parcel(room, x, y, 0.81, k * 7 + int(y) * 100)
    for k in range(8):  # roll cages in numbered bays along the south wall
        x = -16.0 + k * 3.2
        for dx in (-0.45, 0.45):
            add_roll_cage(mb, m, room.r, at(x + dx, -hy + 1.5))
            for level, z in enumerate((0.19, 0.965)):
                for j in range(3):
                    _parcel(room, x + dx - 0.2 + j * 0.2, -hy + 1.5, z, 500 + 31 * k + 7 * j
                            + level, small=True)
        mb.add(m["metal"], box((0.03, 0.03, 4.5), (x, -hy + 0.6, h - 2.25)), "#3a3d40")
        mb.add(m["paint"], picture(x, -hy + 0.62, "north", 1.4, 3.0, 3.5, pics[f"bay{k + 1}"]))
    _floor_markings(room)
    return room.node("env_sorting_hall")


def _dock(room: Room, pics, x: float, hy: float, k: int) -> None:
    mb, m = room.mb, room.m
    if k == 2:  # open: the back of a trailer beyond
        mb.add(m["paint"], box((2.8, 0.1, 0.6), (x, hy + 0.15, 3.5)), "#c9cfd4")
        mb.add(m["paint"], box((2.6, 6.0, 2.8), (x, hy + 3.3, 1.5)), "#2b2e33")
        mb.add(m["metal"], box((2.0, 1.0, 0.05), (x, hy - 0.4, 0.02)), "#8d9399")  # leveller
    else:
        mb.add(m["paint"], box((3.0, 0.08, 3.2), (x, hy + 0.1, 1.6), default=pics["panels"]))
    for sx in (-1, 1):
        mb.add(m["paint"], box((0.25, 0.2, 0.5), (x + sx * 1.7, hy - 0.05, 1.0)), "#111111")
    mb.add(m["paint"], picture(x, hy - 0.02, "south", 1.4, 3.6, 4.1, pics[f"dock{k + 1}"]))


def _floor_markings(room: Room) -> None:
    mb, m = room.mb, room.m

    def strip(x0, y0, x1, y1, colour):
        mb.add(m["paint"], quad((x0, y1, 0.015), (x0, y0, 0.015), (x1, y0, 0.015),
                                (x1, y1, 0.015)), colour)

    for y in (-6.6, -6.45, 6.45, 6.6):  # walkway edges along the hall
        strip(-19.5, y - 0.05, 12.0, y + 0.05, "#e8b800")
    strip(-19.5, 6.5, 12.0, 6.55, "#e8b800")
    x0, x1, y0, y1 = 13.0, 19.0, -5.0, 5.0  # inspection area: hatched border
    for k in range(int((y1 - y0) / 0.5)):
        y = y0 + k * 0.5
        colour = "#e8b800" if k % 2 == 0 else "#1b1b1b"
        strip(x0, y, x0 + 0.15, y + 0.5, colour)
        strip(x1 - 0.15, y, x1, y + 0.5, colour)
    for k in range(int((x1 - x0) / 0.5)):
        x = x0 + k * 0.5
        colour = "#e8b800" if k % 2 == 0 else "#1b1b1b"
        strip(x, y0, x + 0.5, y0 + 0.15, colour)
        strip(x, y1 - 0.15, x + 0.5, y1, colour)


BUILDERS = {
    "env_warehouse_unit": build_warehouse_unit,
    "env_sorting_hall": build_sorting_hall,
}
