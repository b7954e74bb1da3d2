"""Building blocks of the environments: walls with openings, floors, ceilings with lights,
windows and doors, and the few materials every room shares.

A room is axis-aligned, its origin at the centre of its floor, +Y north. Walls are boxes
(so they read from both sides and their openings have jambs); light fittings and window
panes glow, so an interior reads as lit whatever the scene's sun does.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..gltf import Image, Material, Node
from ..mesh import PLAIN, MeshBuilder, Rect, box, quad
from ..tex import Atlas, Painter, encode_png, fbm, rgb, white_noise
from .furniture import fittings_materials
from .screens import Rects, add_furniture_images

Opening = tuple[float, float, float, float]  # along the wall: start, end; bottom, top


def carpet(size: int = 512) -> np.ndarray:
    """2 m x 2 m of carpet tiles (0.5 m), tiling seamlessly."""
    n = fbm(size, size, 16, 401, octaves=3)
    grain = white_noise(size, size, 402)
    v = 0.3 + 0.05 * (n - 0.5) + 0.05 * (grain - 0.5)
    img = np.stack([v * 0.85, v * 0.92, v * 1.1], axis=-1)
    tile = size // 4
    for k in range(4):
        img[k * tile : k * tile + 2] *= 0.8
        img[:, k * tile : k * tile + 2] *= 0.8
    shade = (np.add.outer(np.arange(size) // tile, np.arange(size) // tile) % 2)[..., None]
    return img * (0.96 + 0.08 * shade)


def vinyl(size: int = 512, colour: str = "#c8c4ba") -> np.ndarray:
    """2 m x 2 m of light vinyl tiles (0.5 m), tiling seamlessly."""
    n = fbm(size, size, 64, 411, octaves=4)
    v = 1 + 0.05 * (n - 0.5) + 0.02 * (white_noise(size, size, 412) - 0.5)
    img = rgb(colour)[None, None] * v[..., None]
    tile = size // 4
    for k in range(4):
        img[k * tile] *= 0.85
        img[:, k * tile] *= 0.85
    return img


def tiled(name: str, img: np.ndarray, roughness: float) -> Material:
    return Material(name, roughness=roughness, texture=Image(name, encode_png(img), repeat=True))


@dataclass
class Room:
    """The shared kit of one environment: a builder, its materials and picture rectangles.

    ``m``: paint, metal, glow (one atlas), ``glass`` (translucent), and the tiling floors
    the environment asks for."""

    mb: MeshBuilder
    m: dict[str, Material]
    r: Rects
    ground: MeshBuilder  # the floor one walks on: its own node, named `floor`

    def node(self, name: str) -> Node:
        """The environment: everything built, with the walkable floor as child ``floor``."""
        return Node(name, self.mb.primitives(), children=[Node("floor", self.ground.primitives())])

    def wall(self, a, b, height: float, openings: list[Opening] = (), thick: float = 0.2,
             colour: str = "#dcd8cf", z0: float = 0.0, rect: Rect = PLAIN) -> None:
        """A straight axis-aligned wall from ``a`` to ``b`` (x, y), cut by ``openings``."""
        (ax, ay), (bx, by) = a, b
        along_x = abs(by - ay) < 1e-9
        length = abs(bx - ax) if along_x else abs(by - ay)
        start = min(ax, bx) if along_x else min(ay, by)
        cuts = sorted(openings)
        pieces = []  # (s0, s1, z0, z1) in wall coordinates
        s = 0.0
        for o0, o1, oz0, oz1 in cuts:
            if o0 > s:
                pieces.append((s, o0, z0, height))
            if oz0 > z0:
                pieces.append((o0, o1, z0, oz0))
            if oz1 < height:
                pieces.append((o0, o1, oz1, height))
            s = o1
        if s < length:
            pieces.append((s, length, z0, height))
        for s0, s1, p0, p1 in pieces:
            mid, span = start + (s0 + s1) / 2, s1 - s0
            if along_x:
                size, centre = (span, thick, p1 - p0), (mid, ay, (p0 + p1) / 2)
            else:
                size, centre = (thick, span, p1 - p0), (ax, mid, (p0 + p1) / 2)
            self.mb.add(self.m["paint"], box(size, centre, default=rect), colour)

    def floor(self, material: str, x0, y0, x1, y1, tile: float = 2.0, z: float = 0.0,
              colour: str = "#ffffff") -> None:
        rect = (x0 / tile, -y1 / tile, x1 / tile, -y0 / tile)
        self.ground.add(self.m[material],
                        quad((x0, y1, z), (x0, y0, z), (x1, y0, z), (x1, y1, z), rect), colour)

    def ceiling(self, x0, y0, x1, y1, z: float, colour: str = "#e9e8e4") -> None:
        """A flat ceiling seen from below."""
        self.mb.add(self.m["paint"], quad((x0, y0, z), (x0, y1, z), (x1, y1, z), (x1, y0, z)),
                    colour)

    def lights(self, xs, ys, z: float, size=(1.2, 0.6)) -> None:
        """Recessed light panels (glowing) in a grid on a ceiling at height ``z``."""
        w, d = size
        lamp = self.r["lamp"]
        for x in xs:
            for y in ys:
                x0, x1, y0, y1 = x - w / 2, x + w / 2, y - d / 2, y + d / 2
                z1 = z - 0.01
                self.mb.add(self.m["glow"], quad((x0, y0, z1), (x0, y1, z1), (x1, y1, z1),
                                                 (x1, y0, z1), lamp))

    def window(self, a, b, z0: float, z1: float, frame: str = "#8d9399") -> None:
        """A glowing pane of daylight in a wall opening from ``a`` to ``b`` (x, y)."""
        (ax, ay), (bx, by) = a, b
        along_x = abs(by - ay) < 1e-9
        pane = self.r["sky"]
        if along_x:
            self.mb.add(self.m["glow"], box((abs(bx - ax), 0.04, z1 - z0),
                                            ((ax + bx) / 2, ay, (z0 + z1) / 2), default=pane))
        else:
            self.mb.add(self.m["glow"], box((0.04, abs(by - ay), z1 - z0),
                                            (ax, (ay + by) / 2, (z0 + z1) / 2), default=pane))
        n = max(1, round((abs(bx - ax) + abs(by - ay)) / 1.2))
        for k in range(n + 1):
            t = k / n
            x, y = ax + (bx - ax) * t, ay + (by - ay) * t
            size = (0.06, 0.12, z1 - z0) if along_x else (0.12, 0.06, z1 - z0)
            self.mb.add(self.m["metal"], box(size, (x, y, (z0 + z1) / 2)), frame)
        for z in (z0, z1):
            size = (abs(bx - ax), 0.14, 0.06) if along_x else (0.14, abs(by - ay), 0.06)
            self.mb.add(self.m["metal"], box(size, ((ax + bx) / 2, (ay + by) / 2, z)), frame)

    def door(self, centre, facing: str, width: float = 1.0, height: float = 2.1,
             colour: str = "#7a5a3a") -> None:
        """A closed door leaf standing in a wall opening (``facing``: the wall's axis, x or y)."""
        x, y = centre
        size = (width, 0.06, height) if facing == "x" else (0.06, width, height)
        self.mb.add(self.m["paint"], box(size, (x, y, height / 2)), colour)
        off = (width * 0.38, 0.06, 0) if facing == "x" else (0.06, width * 0.38, 0)
        for s in (-1, 1):
            handle = (x + off[0] * (1 if facing == "x" else s * 0.2),
                      y + off[1] * (s * 0.2 if facing == "x" else 1), 1.0)
            self.mb.add(self.m["metal"], box((0.12, 0.03, 0.03) if facing == "x"
                                             else (0.03, 0.12, 0.03), handle), "#c9ced3")

    def skirting(self, x0, y0, x1, y1, colour: str = "#6d6a64") -> None:
        """A skirting board round the inside of the walls of a room x0..x1, y0..y1."""
        for y in (y0, y1):
            self.mb.add(self.m["paint"], box((x1 - x0, 0.24, 0.1), ((x0 + x1) / 2, y, 0.05)),
                        colour)
        for x in (x0, x1):
            self.mb.add(self.m["paint"], box((0.24, y1 - y0, 0.1), (x, (y0 + y1) / 2, 0.05)),
                        colour)


def _sky(w: int = 256, h: int = 128) -> np.ndarray:
    """Daylight seen through a window: sky over distant rooftops."""
    y = np.linspace(0, 1, h)[:, None, None]
    img = rgb("#cfe3f4") * (1 - y) + rgb("#eef4fa") * y
    img = np.repeat(img, w, axis=1)
    p = Painter(w, h, img)
    for k in range(9):
        x0 = k * 30 - 10
        top = h - 30 - (k * 37 % 40)
        p.rect(x0, top, x0 + 26, h, fill=("#b8c2cc", "#a9b3bd", "#c3ccd4")[k % 3])
    return p.array()


def room_kit(name: str, floors: dict[str, np.ndarray | tuple[np.ndarray, float]],
             extra: dict | None = None, atlas_size=(2048, 2048)) -> tuple[Room, Rects]:
    """A Room with the furniture pictures, a lamp and a window view in its atlas, and one
    tiling material per entry of ``floors`` (name: image, or (image, roughness)). ``extra``
    maps more picture names to images; their rectangles are returned beside the room."""
    atlas = Atlas(*atlas_size, background="#8a8d92")
    r = add_furniture_images(atlas)
    r["lamp"] = atlas.swatch("#fffaf0")
    r["sky"] = atlas.add(_sky())
    more = {key: atlas.add(img) for key, img in (extra or {}).items()}
    m = fittings_materials(atlas, name)
    for floor_name, spec in floors.items():
        img, rough = spec if isinstance(spec, tuple) else (spec, 0.85)
        m[floor_name] = tiled(floor_name, img, rough)
    m["glass"] = Material("glass", base_color=(0.55, 0.65, 0.7, 0.35), roughness=0.1, blend=True,
                          double_sided=True)
    return Room(MeshBuilder(atlas.white), m, r, MeshBuilder(atlas.white)), more
