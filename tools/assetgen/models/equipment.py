"""Equipment: a striped road barrier and a handheld thermal imager.  Origins at
ground level; fronts face +Y."""

from __future__ import annotations

import numpy as np

from ..gltf import Node
from ..mesh import (
    MeshBuilder,
    box,
    chain,
    cylinder,
    lathe,
    limb,
    loft,
    prism,
    quad,
    rot_x,
    rot_z,
    translate,
)
from ..tex import Atlas, Painter, fbm
from .common import atlas_materials

# --------------------------------------------------------------------------- barrier


def _stripes(w: int, h: int) -> np.ndarray:
    p = Painter(w, h, "#f4f4f0")
    step = h * 1.6
    k = -h
    while k < w + h:
        p.poly([(k, h), (k + step / 2, h), (k + step / 2 + h, 0), (k + h, 0)], "#d21f26")
        k += step
    img = p.array()
    return img * (0.96 + 0.08 * fbm(h, w, 32, 3, tile=False)[..., None])


def build_barrier() -> Node:
    """Road barrier: 2 m red/white striped board on two steel trestles, warning lamp."""
    atlas = Atlas(1024, 256, background="#e8a0a0")
    stripes = atlas.add(_stripes(960, 112))
    lamp = atlas.swatch("#ffb21a")
    _img, m = atlas_materials(
        atlas,
        "barrier",
        plastic=dict(roughness=0.5),
        steel=dict(roughness=0.4, metallic=0.9),
        glow=dict(roughness=0.3, glow=True),
    )
    mb = MeshBuilder(atlas.white)
    for z in (0.98, 0.55):
        mb.add(
            m["plastic"],
            box((2.0, 0.025, 0.22), (0, 0, z), faces={"+y": stripes, "-y": stripes}),
            "#ffffff",
        )
    for sx in (-0.85, 0.85):
        for sy in (-1, 1):  # A-frame legs
            mb.add(m["steel"], limb((sx, sy * 0.3, 0.0), (sx, 0.0, 1.08), 0.02, 0.02, 8), "#c9cdd1")
        mb.add(m["steel"], limb((sx, -0.2, 0.35), (sx, 0.2, 0.35), 0.015, 0.015, 8), "#c9cdd1")
        mb.add(m["steel"], box((0.06, 0.05, 0.5), (sx, -0.02, 0.77)), "#c9cdd1")
        for sy in (-1, 1):  # rubber feet
            mb.add(m["plastic"], box((0.12, 0.12, 0.04), (sx, sy * 0.3, 0.02)), "#1d1d1d")
    # flashing warning lamp on the left end
    mb.add(m["plastic"], box((0.16, 0.06, 0.06), (-0.85, 0, 1.12)), "#e8c400")
    mb.add(
        m["glow"],
        lathe(
            [(0.0, 0.0), (0.075, 0.0), (0.075, 0.0), (0.07, 0.06), (0.05, 0.11), (0.0, 0.125)],
            16,
            lamp,
        ),
        xform=translate(-0.85, 0, 1.15),
    )
    return Node("barrier", mb.primitives())


# --------------------------------------------------------------------------- thermal camera


def _thermal_screen(w: int = 320, h: int = 240) -> np.ndarray:
    """False-colour ('ironbow') thermal view: a stack of cartons with one hot spot."""
    y, x = np.mgrid[0:h, 0:w] / np.array([h, w])[:, None, None]
    t = 0.18 + 0.06 * fbm(h, w, 40, 17, tile=False)
    cartons = (np.abs(x - 0.5) < 0.3) & (y > 0.25)
    t = np.where(cartons, 0.35 + 0.05 * ((x * 5 % 1) < 0.04) + 0.05 * ((y * 4 % 1) < 0.04), t)
    hot = np.exp(-(((x - 0.58) / 0.09) ** 2 + ((y - 0.55) / 0.12) ** 2))
    t = np.clip(t + 0.75 * hot, 0, 1)
    stops = np.array(
        [
            [0.0, 0.0, 0.0],
            [0.2, 0.0, 0.45],
            [0.55, 0.05, 0.5],
            [0.85, 0.3, 0.1],
            [1.0, 0.7, 0.0],
            [1.0, 1.0, 0.85],
        ]
    )
    pos = t * (len(stops) - 1)
    i = np.clip(pos.astype(int), 0, len(stops) - 2)
    f = (pos - i)[..., None]
    img = stops[i] * (1 - f) + stops[i + 1] * f
    p = Painter(w, h, img)
    p.rect(0, 0, w, 22, fill="#101010")
    p.text(8, 11, "68.4 °C", 15, "#ffffff", anchor="lm")
    p.text(w - 8, 11, "MAX", 13, "#ff5a36", anchor="rm")
    p.line([(w * 0.58 - 10, h * 0.55), (w * 0.58 + 10, h * 0.55)], "#ffffff", 2)
    p.line([(w * 0.58, h * 0.55 - 10), (w * 0.58, h * 0.55 + 10)], "#ffffff", 2)
    for k in range(6):  # colour scale bar
        p.rect(w - 14, 30 + k * 34, w - 4, 64 + k * 34, fill=tuple(stops[5 - k]))
    return p.array()


def build_thermal_camera() -> Node:
    """Pistol-grip thermal imager, about 0.26 m tall; lens towards +Y, screen towards -Y.
    Origin under the grip."""
    atlas = Atlas(512, 512, background="#202020")
    screen = atlas.add(_thermal_screen())
    logo = Painter(200, 40, "#2a2c2f")
    logo.text(100, 20, "THERMAL", 24, "#f2c200", anchor="mm")
    logo_r = atlas.add(logo.array())
    _img, m = atlas_materials(
        atlas,
        "thermal_camera",
        plastic=dict(roughness=0.55),
        glass=dict(roughness=0.08, metallic=0.3),
        glow=dict(roughness=0.2, glow=True),
    )
    mb = MeshBuilder(atlas.white)
    yellow, dark = "#f0b400", "#2a2c2f"
    # body: a rounded block along Y
    z0 = 0.17
    st = [
        (-0.1, 0, z0, 0.045, 0.048),
        (-0.09, 0, z0, 0.05, 0.055),
        (0.07, 0, z0, 0.05, 0.055),
        (0.09, 0, z0, 0.044, 0.05),
    ]
    mb.add(m["plastic"], loft(st, n=24, exponent=4), yellow)
    # lens barrel and germanium lens at the front
    mb.add(
        m["plastic"],
        cylinder(0.034, 0.0, 0.045, 24),
        dark,
        xform=chain(translate(0, 0.085, z0), rot_x(-90)),
    )
    mb.add(
        m["glass"],
        cylinder(0.026, 0.0, 0.004, 24),
        "#3b3350",
        xform=chain(translate(0, 0.13, z0), rot_x(-90)),
    )
    # screen bezel and screen at the back
    mb.add(m["plastic"], box((0.09, 0.012, 0.075), (0, -0.104, z0 + 0.003)), dark)
    mb.add(
        m["glow"],
        quad(
            (-0.039, -0.1105, z0 + 0.033),
            (-0.039, -0.1105, z0 - 0.027),
            (0.039, -0.1105, z0 - 0.027),
            (0.039, -0.1105, z0 + 0.033),
            screen,
        ),
    )
    # pistol grip with a trigger, and a wrist strap anchor
    grip = [(-0.058, z0 - 0.03), (-0.015, z0 - 0.03), (-0.038, 0.012), (-0.085, 0.0)]
    mb.add(m["plastic"], prism(grip, 0.04), dark, xform=rot_z(90))
    mb.add(m["plastic"], box((0.014, 0.016, 0.032), (0, -0.008, z0 - 0.06)), yellow)  # trigger
    mb.add(
        m["plastic"],
        lathe([(0.008, -0.003), (0.012, 0.0), (0.008, 0.003)], 10),
        "#111111",
        xform=chain(translate(0, -0.075, 0.004), rot_x(90)),
    )  # wrist-strap ring
    # buttons on top and a logo plate on each side
    for k, y in enumerate((-0.07, -0.045, -0.02)):
        mb.add(
            m["plastic"],
            cylinder(0.007, 0, 0.006, 12),
            "#c8c8c8" if k == 0 else "#555555",
            xform=translate(0, y, z0 + 0.054),
        )
    for sx in (1, -1):
        x = sx * 0.0505
        ya, yb = (-0.05, 0.04) if sx > 0 else (0.04, -0.05)
        mb.add(
            m["plastic"],
            quad(
                (x, ya, z0 + 0.01),
                (x, ya, z0 - 0.01),
                (x, yb, z0 - 0.01),
                (x, yb, z0 + 0.01),
                logo_r,
            ),
        )
    return Node("thermal_camera", mb.primitives())
