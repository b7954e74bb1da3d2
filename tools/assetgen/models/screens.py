"""Generic pictures for furniture: a wall map of leads and routes, screen contents, wood.

Nothing here names a place, a company or a case: the map is an invented coastline, the
screens show charts, lists and a video call, so one model serves every scenario.
"""

from __future__ import annotations

import numpy as np

from ..tex import Atlas, Painter, fbm, rgb
from .common import wood

Rects = dict[str, tuple[float, float, float, float]]


def wall_map(w: int = 1024, h: int = 512) -> np.ndarray:
    """An invented stretch of coast: sea, land, roads, towns, red pins on the leads,
    shipment routes drawn in string, and cards pinned in the margin."""
    land = fbm(h, w, 160, 301, octaves=5, tile=False)
    x = np.linspace(0, 1, w)[None, :]
    coast = land + 0.55 * x - 0.3  # land to the east, sea to the west
    sea, ground = rgb("#9fc6de"), rgb("#e6e1c8")
    img = np.where((coast > 0.5)[..., None], ground, sea)
    img = img * (0.97 + 0.06 * fbm(h, w, 24, 302, octaves=2, tile=False)[..., None])
    p = Painter(w, h, img)
    for k in range(11):  # grid
        p.line([(k * w / 10, 0), (k * w / 10, h)], "#b8b8b0", 1)
    for k in range(6):
        p.line([(0, k * h / 5), (w, k * h / 5)], "#b8b8b0", 1)
    roads = [[(540, 20), (600, 140), (640, 260), (700, 380), (760, 500)],
             [(470, 250), (600, 240), (760, 210), (1000, 190)],
             [(640, 260), (720, 300), (900, 330), (1010, 420)]]
    for road in roads:
        p.line(road, "#d07a3a", 4)
    towns = [(600, 140), (640, 260), (760, 210), (900, 330), (700, 380)]
    for tx, ty in towns:
        p.rect(tx - 7, ty - 7, tx + 7, ty + 7, fill="#6f6a60")
    routes = [[(40, 470), (300, 330), (470, 250), (640, 260)],
              [(20, 90), (260, 160), (500, 200), (760, 210)]]
    for route in routes:
        p.line(route, "#c0282d", 2)
    for px, py in [(640, 260), (760, 210), (470, 250), (900, 330), (300, 330)]:
        p.ellipse(px - 9, py - 9, px + 9, py + 9, fill="#d9252b", outline="#6b1215", width=2)
    for k, (cx, cy) in enumerate([(150, 40), (250, 40), (150, 400), (880, 40), (960, 40)]):
        p.rect(cx - 40, cy - 26, cx + 40, cy + 26, fill="#fbfaf4", outline="#9c9a90", width=1)
        for j in range(4):
            p.rect(cx - 32, cy - 16 + j * 9, cx + 32 - 12 * (j % 3), cy - 12 + j * 9,
                   fill="#7c8794")
        p.ellipse(cx - 4, cy - 30, cx + 4, cy - 22, fill=("#2f6fd1", "#d9252b")[k % 2])
    p.rect(0, 0, w - 1, h - 1, outline="#5a5a55", width=3)
    return p.array()


def _screen(w: int, h: int, title_colour: str) -> Painter:
    p = Painter(w, h, "#10161f")
    p.rect(0, 0, w, 22, fill=title_colour)
    p.rect(8, 7, 60, 15, fill="#dfe7f0")
    p.rect(w - 50, 7, w - 8, 15, fill="#9fb0c2")
    return p


def screen_chart(w: int = 384, h: int = 216) -> np.ndarray:
    p = _screen(w, h, "#1f3f6d")
    heights = [0.35, 0.55, 0.4, 0.75, 0.6, 0.9, 0.7]
    for k, v in enumerate(heights):
        x0 = 20 + k * 24
        p.rect(x0, h - 20 - v * 140, x0 + 16, h - 20, fill="#3aa0e0")
    pts = [(200 + k * 26, h - 40 - 80 * abs(np.sin(k * 0.9))) for k in range(7)]
    p.line(pts, "#f0b429", 3)
    p.line([(196, h - 20), (w - 12, h - 20)], "#5c6b7a", 1)
    return p.array()


def screen_map(w: int = 384, h: int = 216) -> np.ndarray:
    small = wall_map(w, h - 22)
    p = _screen(w, h, "#2a5d3a")
    p.paste(0, 22, small * 0.85)
    return p.array()


def screen_call(w: int = 384, h: int = 216) -> np.ndarray:
    """A video call: four tiles, each a head and shoulders against a room."""
    p = _screen(w, h, "#4a3a7a")
    tiles = [(6, 28), (w // 2 + 3, 28), (6, 28 + (h - 34) // 2 + 3),
             (w // 2 + 3, 28 + (h - 34) // 2 + 3)]
    tw, th = w // 2 - 9, (h - 34) // 2 - 3
    for k, (x0, y0) in enumerate(tiles):
        p.rect(x0, y0, x0 + tw, y0 + th, fill=("#3b4a5c", "#5c4a3b", "#3b5c4f", "#4f3b5c")[k])
        cx = x0 + tw / 2
        p.ellipse(cx - 40, y0 + th - 28, cx + 40, y0 + th + 30,
                  fill=("#2d3a57", "#8a2d3b", "#d9d6cf", "#3f6e4a")[k])
        p.ellipse(cx - 16, y0 + th - 62, cx + 16, y0 + th - 24,
                  fill=("#d9a27e", "#8d5a3b", "#f0c8a8", "#c48a64")[k])
    p.rounded(w / 2 - 30, h - 18, w / 2 + 30, h - 4, 6, fill="#d9252b")
    return p.array()


def screen_list(w: int = 384, h: int = 216) -> np.ndarray:
    p = _screen(w, h, "#6d3b24")
    for k in range(8):
        y = 32 + k * 22
        p.rect(10, y, w - 10, y + 18, fill="#18222e" if k % 2 else "#1e2a38")
        p.rect(16, y + 5, 90, y + 12, fill="#c9d3dd")
        p.rect(104, y + 5, 104 + 60 + 37 * (k % 4), y + 12, fill="#7f8c99")
        p.ellipse(w - 30, y + 3, w - 18, y + 15,
                  fill=("#39e07a", "#f0b429", "#d9252b")[(k * 5) % 3])
    return p.array()


def desktop(w: int = 256, h: int = 160) -> np.ndarray:
    """A laptop or monitor desktop with two windows open."""
    p = Painter(w, h, "#2f5f8f")
    p.rect(0, h - 14, w, h, fill="#1b2430")
    p.rect(14, 12, 150, 110, fill="#f4f6f8", outline="#9aa4ae", width=1)
    p.rect(14, 12, 150, 24, fill="#1f3f6d")
    for k in range(6):
        p.rect(22, 32 + k * 12, 22 + (60, 110, 90, 120, 70, 100)[k], 37 + k * 12, fill="#9aa4ae")
    p.rect(120, 50, 240, 140, fill="#ffffff", outline="#9aa4ae", width=1)
    p.rect(120, 50, 240, 62, fill="#2a5d3a")
    for k in range(5):
        p.rect(128 + k * 21, 130 - (20, 50, 35, 60, 45)[k], 142 + k * 21, 130, fill="#3aa0e0")
    return p.array()


def phone_screen(w: int = 96, h: int = 64) -> np.ndarray:
    """A desk phone's small display and keypad."""
    p = Painter(w, h, "#202326")
    p.rect(6, 6, 60, 30, fill="#9fc0a8")
    p.rect(10, 12, 40, 16, fill="#2a3a30")
    for r in range(4):
        for c in range(3):
            p.rounded(8 + c * 17, 34 + r * 7, 22 + c * 17, 39 + r * 7, 1, fill="#c9ccd0")
    for r in range(4):
        p.rounded(66, 8 + r * 13, 90, 17 + r * 13, 2, fill="#6a6f75")
    return p.array()


FURNITURE_IMAGES = {
    "map": wall_map,
    "screen_chart": screen_chart,
    "screen_map": screen_map,
    "screen_call": screen_call,
    "screen_list": screen_list,
    "desktop": desktop,
    "phone": phone_screen,
    "wood": lambda: wood(256, 512, 311, "#a8825a"),
    "board": lambda: wood(256, 256, 313, "#d8c9a8"),
}


def add_furniture_images(atlas: Atlas, names=None) -> Rects:
    """The pictures ``names`` (default: all the furniture uses), placed in ``atlas``: their
    UV rectangles by name."""
    chosen = FURNITURE_IMAGES if names is None else names
    return {name: atlas.add(FURNITURE_IMAGES[name]()) for name in chosen}
