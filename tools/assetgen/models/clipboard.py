"""Examination tablet: a rugged tablet in a clipboard case, lying screen-up, its
screen showing the shipping-document viewer.  About 0.25 x 0.33 m; origin under
its centre, top edge (with the clip) towards +Y, so it reads upright to someone
standing on its -Y side."""

from __future__ import annotations

import numpy as np

from ..gltf import Node
from ..mesh import MeshBuilder, box, cylinder, quad, rot_y, translate
from ..tex import Atlas, Painter
from .common import atlas_materials
from .container import NUMBER

W, D, T = 0.25, 0.33, 0.022  # case width (x), depth (y), thickness


def _screen(w: int = 480, h: int = 600) -> np.ndarray:
    """Document viewer: title bar, three document tabs, a page of text lines."""
    p = Painter(w, h, "#f4f6f8")
    p.rect(0, 0, w, 56, fill="#1f3f6d")
    p.text(20, 28, "CUSTOMS EXAMINATION", 24, "#ffffff", anchor="lm", kind="condensed")
    p.text(w - 20, 28, "12:40", 20, "#ffffff", anchor="rm", kind="regular")
    p.text(20, 84, f"Container {NUMBER}", 24, "#111111", anchor="lm")
    for k, tab in enumerate(("Manifest", "Bill of lading", "Risk profile")):
        x0 = 20 + k * 148
        p.rounded(x0, 110, x0 + 138, 150, 8, fill="#1f3f6d" if k == 0 else "#d5dbe2")
        p.text(x0 + 69, 130, tab, 18, "#ffffff" if k == 0 else "#1f3f6d", anchor="mm")
    p.rect(20, 168, w - 20, h - 70, fill="#ffffff", outline="#c4ccd4", width=2)
    for k in range(14):  # lines of text, suggested rather than spelled out
        y = 196 + k * 24
        length = (0.55, 0.8, 0.7, 0.9, 0.4, 0.75, 0.85, 0.6)[k % 8]
        p.rect(40, y, 40 + (w - 80) * length, y + 9, fill="#9aa4ae" if k % 5 else "#3c4652")
    p.rounded(w - 190, h - 56, w - 20, h - 14, 10, fill="#2f7d32")
    p.text(w - 105, h - 35, "RECORD FINDING", 16, "#ffffff", anchor="mm", kind="condensed")
    return p.array()


def build_clipboard() -> Node:
    atlas = Atlas(512, 1024, background="#202224")
    screen = atlas.add(_screen())
    _img, m = atlas_materials(
        atlas,
        "clipboard",
        rubber=dict(roughness=0.8),
        metal=dict(roughness=0.35, metallic=0.9),
        glow=dict(roughness=0.15, glow=True),
    )
    mb = MeshBuilder(atlas.white)
    # rubber case, bezel, and the screen (emissive so it stays readable in any light)
    mb.add(m["rubber"], box((W, D, T), (0, 0, T / 2)), "#2b2e31")
    mb.add(m["rubber"], box((W - 0.02, D - 0.08, 0.004), (0, -0.015, T + 0.002)), "#111214")
    sw, sd, z = W - 0.04, D - 0.1, T + 0.0045
    y0 = -0.015 - sd / 2
    mb.add(
        m["glow"],
        quad(
            (-sw / 2, y0 + sd, z), (-sw / 2, y0, z), (sw / 2, y0, z), (sw / 2, y0 + sd, z), screen
        ),
    )
    # clip at the top edge: base plate, lever and its hinge pin
    yc = D / 2 - 0.03
    mb.add(m["metal"], box((0.12, 0.035, 0.006), (0, yc, T + 0.003)), "#b9bec4")
    mb.add(m["metal"], box((0.1, 0.045, 0.005), (0, yc - 0.005, T + 0.011)), "#c9ced3")
    mb.add(
        m["metal"],
        cylinder(0.005, -0.06, 0.06, 10),
        "#9aa0a6",
        xform=translate(0, yc + 0.015, T + 0.007) @ rot_y(90),
    )
    return Node("clipboard", mb.primitives())
