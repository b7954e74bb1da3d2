"""Handheld examination gear: a handheld spectrometer and a camera. Origins on the surface
they rest on; the spectrometer lies screen-up with its nose towards +Y, the camera stands
with its lens towards +Y."""

from __future__ import annotations

import numpy as np

from ..gltf import Node
from ..mesh import MeshBuilder, box, cylinder, limb, loft, rot_x, translate
from ..tex import Atlas, Painter
from .common import atlas_materials
from .furniture import top_quad


def _spectrum(w: int = 192, h: int = 128) -> np.ndarray:
    """The instrument's screen: a spectrum trace over a reference and a result bar, no words."""
    p = Painter(w, h, "#0e1822")
    p.rect(0, 0, w, 16, fill="#1f3f6d")
    xs = np.linspace(8, w - 8, 60)
    for k, colour, amp in ((0, "#5c6b7a", 1.0), (1, "#39e07a", 0.92)):
        ys = [h - 40 - amp * 50 * abs(np.sin(x / 17 + k * 0.2)) * np.exp(-((x - 90) / 60) ** 2)
              for x in xs]
        p.line(list(zip(xs, ys, strict=True)), colour, 2)
    p.rounded(8, h - 26, w - 8, h - 8, 4, fill="#1b2a36")
    p.rounded(10, h - 24, 10 + (w - 20) * 0.7, h - 10, 3, fill="#f0b429")
    return p.array()


def build_spectrometer() -> Node:
    """A handheld spectrometer, 0.22 m long, lying screen-up, its probe nose towards +Y."""
    atlas = Atlas(256, 256, background="#2a2d31")
    screen = atlas.add(_spectrum())
    _img, m = atlas_materials(atlas, "spectrometer", plastic=dict(roughness=0.5),
                              metal=dict(roughness=0.3, metallic=0.9),
                              glow=dict(roughness=0.2, glow=True))
    mb = MeshBuilder(atlas.white)
    stations = [(-0.11, 0, 0.022, 0.04, 0.02), (-0.09, 0, 0.024, 0.045, 0.024),
                (0.06, 0, 0.024, 0.045, 0.024), (0.09, 0, 0.02, 0.03, 0.018),
                (0.11, 0, 0.018, 0.018, 0.014)]
    mb.add(m["plastic"], loft(stations, n=20, exponent=3.5), "#d6d9dc")
    mb.add(m["plastic"], box((0.092, 0.11, 0.004), (0, -0.02, 0.046)), "#2a2d31")
    mb.add(m["glow"], top_quad(-0.04, 0.04, -0.055, 0.01, 0.0485, screen))
    for k in range(3):
        mb.add(m["plastic"], cylinder(0.007, 0.046, 0.05, 12), "#f0b429" if k == 1 else "#5a5f66",
               xform=translate(-0.025 + k * 0.025, 0.03, 0))
    mb.add(m["metal"], cylinder(0.009, 0, 0.03, 12), "#9aa0a6",
           xform=translate(0, 0.11, 0.018) @ rot_x(-90))
    mb.add(m["plastic"], limb((0.0, -0.11, 0.02), (0.03, -0.2, 0.004), 0.004, 0.004, 6), "#1b1b1b")
    return Node("spectrometer", mb.primitives())


def build_camera() -> Node:
    """A camera with a zoom lens and a neck strap, standing on its base, lens towards +Y."""
    atlas = Atlas(128, 128, background="#1a1a1c")
    _img, m = atlas_materials(atlas, "camera", body=dict(roughness=0.6),
                              glass=dict(roughness=0.05, metallic=0.5))
    mb = MeshBuilder(atlas.white)
    mb.add(m["body"], box((0.14, 0.075, 0.09), (0, 0, 0.045)), "#1a1a1c")
    mb.add(m["body"], box((0.05, 0.085, 0.1), (0.05, 0.005, 0.05)), "#202023")  # grip
    mb.add(m["body"], box((0.06, 0.06, 0.03), (-0.01, 0, 0.105)), "#1a1a1c")  # prism hump
    lens = translate(-0.01, 0.037, 0.045) @ rot_x(-90)
    mb.add(m["body"], cylinder(0.034, 0.0, 0.09, 20), "#2a2a2e", xform=lens)
    mb.add(m["body"], cylinder(0.036, 0.03, 0.05, 20), "#3b3b40", xform=lens)
    mb.add(m["glass"], cylinder(0.027, 0.09, 0.092, 20), "#3f5a7a", xform=lens)
    for sx in (-1, 1):
        mb.add(m["body"], limb((sx * 0.07, 0, 0.08), (sx * 0.09, -0.05, 0.02), 0.004, 0.004, 6),
               "#2b2b2b")
    return Node("camera", mb.primitives())


BUILDERS = {"spectrometer": build_spectrometer, "camera": build_camera}
