"""Two office environments, each a whole room with its furniture, origin at the centre of
the floor, +Y north, 3 m to the ceiling.

* ``env_operations_room`` (16 x 12 m): a task-force operations room. The map wall covers
  the north wall (x -5..1); the screen wall hangs on the east wall; the meeting table
  (4 x 1.4 m, top 0.75 m) stands in the middle with ten chairs; three desks with monitors
  line the west wall under the windows; the door is in the south wall at x = 5.
* ``env_press_office`` (14 x 10 m): a communications office. The entrance is in the south
  wall at x = 0; the reception desk stands just inside to the west (counter x -5.5..-2.5 at
  y = -2.5, visitors on its south side); waiting chairs along the south wall to the east;
  in the north half a briefing area: a lectern at (2.5, 3.6) facing south in front of a
  backdrop panel, and three rows of chairs facing it; two desks on the west wall.
"""

from __future__ import annotations

import numpy as np

from ..gltf import Node
from ..mesh import box, rot_z, translate
from ..tex import Painter
from .furniture import (
    DESK_TOP,
    add_chair,
    add_desk,
    add_lectern,
    add_map_wall,
    add_monitor,
    add_screen_wall,
    add_shelf,
    add_table,
    front_quad,
)
from .rooms import Room, carpet, room_kit, vinyl

HEIGHT = 3.0
FACING = {"north": 0.0, "west": 90.0, "south": 180.0, "east": -90.0}  # front +Y turned to


def at(x: float, y: float, facing: str = "north", z: float = 0.0) -> np.ndarray:
    return translate(x, y, z) @ rot_z(FACING[facing])


def _shell(room: Room, half_x: float, half_y: float, floor: str,
           south=(), north=(), west=(), east=()) -> None:
    """Floor, four walls (openings given in metres along each wall from its west or south
    end), skirting, ceiling and a grid of light panels."""
    x0, x1, y0, y1 = -half_x, half_x, -half_y, half_y
    room.floor(floor, x0, y0, x1, y1)
    t = 0.1  # walls stand outside the floor's edge
    room.wall((x0 - t, y0 - t), (x1 + t, y0 - t), HEIGHT, list(south))
    room.wall((x0 - t, y1 + t), (x1 + t, y1 + t), HEIGHT, list(north))
    room.wall((x0 - t, y0 - t), (x0 - t, y1 + t), HEIGHT, list(west))
    room.wall((x1 + t, y0 - t), (x1 + t, y1 + t), HEIGHT, list(east))
    room.skirting(x0 + 0.02, y0 + 0.02, x1 - 0.02, y1 - 0.02)
    room.ceiling(x0 - 0.2, y0 - 0.2, x1 + 0.2, y1 + 0.2, HEIGHT)
    room.lights(np.arange(x0 + 2, x1 - 1, 3.0), np.arange(y0 + 2, y1 - 1, 2.5), HEIGHT)


def picture(x: float, y: float, facing: str, width: float, z0: float, z1: float, rect):
    """A flat picture ``width`` wide from z0 to z1, centred on (x, y), facing ``facing``."""
    return front_quad(-width / 2, width / 2, z0, z1, 0.0, rect).transformed(at(x, y, facing))


def _sign(text: str, w: int = 512, h: int = 96, colour: str = "#1f3f6d") -> np.ndarray:
    p = Painter(w, h, colour)
    p.text(w / 2, h / 2, text, h * 0.42, "#ffffff", anchor="mm", kind="condensed")
    return p.array()


def build_operations_room() -> Node:
    room, _ = room_kit("env_operations_room", {"carpet": carpet()})
    mb, m, r = room.mb, room.m, room.r
    hx, hy = 8.0, 6.0
    _shell(room, hx, hy, "carpet",
           south=[(12.6, 13.6, 0.0, 2.1)],
           west=[(2.0, 10.0, 0.9, 2.4)])
    room.window((-hx - 0.1, -4.0), (-hx - 0.1, 4.0), 0.9, 2.4)
    room.door((5.1, -hy - 0.1), "x")
    for x in (-3.5, -0.4):
        add_map_wall(mb, m, r, at(x, hy - 0.02, "south"), legs=False)
    add_screen_wall(mb, m, r, at(hx - 0.02, 0.5, "west"), legs=False)
    add_table(mb, m, r, at(0.0, 0.0))
    for x in (-1.35, -0.45, 0.45, 1.35):
        add_chair(mb, m, r, at(x, -1.05, "north"))
        add_chair(mb, m, r, at(x, 1.05, "south"))
    add_chair(mb, m, r, at(-2.45, 0.0, "east"))
    add_chair(mb, m, r, at(2.45, 0.0, "west"))
    for y in (-3.2, -1.0, 2.4):
        add_desk(mb, m, r, at(-hx + 0.4, y, "east"))
        add_monitor(mb, m, r, at(-hx + 0.25, y, "east", DESK_TOP),
                    picture=("screen_list", "screen_chart", "desktop")[int(y) % 3])
        add_chair(mb, m, r, at(-hx + 1.2, y - 0.2, "west"))
    add_shelf(mb, m, r, at(6.6, -hy + 0.3), width=1.6, height=1.8, shelves=4)
    for k in range(3):  # binders on the shelves
        for j in range(9):
            mb.add(m["paint"], box((0.06, 0.26, 0.3), (5.95 + j * 0.15, -hy + 0.32,
                                                        0.26 + k * 0.533)),
                   ("#1f3f6d", "#a3322a", "#2f6b3a", "#d7a21c")[(j + k) % 4])
    return room.node("env_operations_room")


def build_press_office() -> Node:
    room, pics = room_kit("env_press_office", {"vinyl": vinyl()},
                          extra={"reception": _sign("PRESS AND COMMUNICATIONS", 768),
                                 "backdrop": _backdrop()})
    mb, m, r = room.mb, room.m, room.r
    hx, hy = 7.0, 5.0
    _shell(room, hx, hy, "vinyl",
           south=[(6.4, 7.6, 0.0, 2.2)],
           east=[(1.5, 8.5, 0.9, 2.4)])
    room.window((hx + 0.1, -3.5), (hx + 0.1, 3.5), 0.9, 2.4)
    # reception: a high counter with a working desk behind it, the sign on the wall behind
    mb.add(m["paint"], box((3.0, 0.5, 1.1), (-4.0, -2.5, 0.55)), "#3d5a80")
    mb.add(m["paint"], box((3.2, 0.65, 0.04), (-4.0, -2.5, 1.12)), "#e9e7e2")
    mb.add(m["paint"], box((3.0, 0.7, 0.03), (-4.0, -1.95, DESK_TOP)), "#e9e7e2")
    add_monitor(mb, m, r, at(-3.3, -2.05, "north", DESK_TOP), picture="desktop")
    add_chair(mb, m, r, at(-4.2, -1.3, "south"))
    mb.add(m["paint"], picture(-hx + 0.01, -2.3, "east", 3.4, 1.7, 2.3, pics["reception"]))
    # waiting chairs and a low table by the south wall, east of the entrance
    for x in (2.4, 3.1, 3.8, 4.5):
        add_chair(mb, m, r, at(x, -hy + 0.5, "north"), colour="#6d3b24")
    mb.add(m["paint"], box((1.2, 0.5, 0.4), (3.45, -hy + 1.3, 0.2)), "#c9c6bf")
    # briefing area: backdrop, lectern, rows of chairs
    mb.add(m["paint"], box((3.6, 0.06, 2.4), (2.5, hy - 0.05, 1.5)), "#2b2f36")
    mb.add(m["paint"], picture(2.5, hy - 0.085, "south", 3.4, 0.4, 2.6, pics["backdrop"]))
    add_lectern(mb, m, r, at(2.5, 3.6, "south"))
    for row, y in enumerate((1.8, 0.8, -0.2)):
        for x in np.arange(0.5, 4.6, 1.0):
            add_chair(mb, m, r, at(x + 0.25 * (row % 2), y, "north"), colour="#33415c")
    add_screen_wall(mb, m, r, at(-1.8, hy - 0.02, "south"), legs=False)
    for y in (1.0, 3.2):
        add_desk(mb, m, r, at(-hx + 0.4, y, "east"))
        add_monitor(mb, m, r, at(-hx + 0.25, y, "east", DESK_TOP), picture="screen_list")
        add_chair(mb, m, r, at(-hx + 1.2, y - 0.2, "west"))
    return room.node("env_press_office")


def _backdrop(w: int = 768, h: int = 512) -> np.ndarray:
    """A media backdrop: repeated plain emblems on a dark blue panel, no name."""
    p = Painter(w, h, "#1f3f6d")
    for row in range(4):
        for col in range(6):
            cx, cy = 64 + col * 128 + (row % 2) * 64, 64 + row * 128
            p.ellipse(cx - 30, cy - 30, cx + 30, cy + 30, outline="#e8eef5", width=5)
            p.rect(cx - 16, cy - 4, cx + 16, cy + 4, fill="#e8eef5")
    return p.array()


BUILDERS = {
    "env_operations_room": build_operations_room,
    "env_press_office": build_press_office,
}
