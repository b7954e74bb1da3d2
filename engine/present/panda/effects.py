"""Hazard effects: battery smoke and heat glow, and the thermal camera's colour ramp."""

from __future__ import annotations

import math
import random
from typing import Any

from panda3d.core import (
    MeshDrawer,
    OmniBoundingVolume,
    PNMImage,
    Texture,
    TransparencyAttrib,
    Vec3,
    Vec4,
)

IRONBOW = (
    (0.00, (0.04, 0.02, 0.18)),
    (0.30, (0.45, 0.05, 0.60)),
    (0.55, (0.95, 0.25, 0.10)),
    (0.80, (1.00, 0.75, 0.05)),
    (1.00, (1.00, 1.00, 0.90)),
)


def ironbow(t: float) -> tuple[float, float, float]:
    """The classic thermal-camera palette: cold purple through red and yellow to white."""
    t = min(1.0, max(0.0, t))
    for (t0, c0), (t1, c1) in zip(IRONBOW, IRONBOW[1:], strict=False):
        if t <= t1:
            f = (t - t0) / (t1 - t0)
            return (c0[0] + (c1[0] - c0[0]) * f, c0[1] + (c1[1] - c0[1]) * f,
                    c0[2] + (c1[2] - c0[2]) * f)
    return IRONBOW[-1][1]


def puff_texture() -> Any:
    size = 32
    image = PNMImage(size, size, 4)
    rng = random.Random(7)
    blobs = [(rng.uniform(0.3, 0.7), rng.uniform(0.3, 0.7), rng.uniform(0.15, 0.3))
             for _ in range(6)]
    for y in range(size):
        for x in range(size):
            u, v = x / (size - 1), y / (size - 1)
            r = math.hypot(u - 0.5, v - 0.5) * 2
            density = 1.6 * max(0.0, 1 - r) ** 1.2
            density *= 0.7 + 0.3 * max(
                max(0.0, 1 - math.hypot(u - bx, v - by) / br) for bx, by, br in blobs)
            image.setXelA(x, y, 1, 1, 1, min(1.0, density))
    texture = Texture("smoke-puff")
    texture.load(image)
    texture.setWrapU(Texture.WMClamp)
    texture.setWrapV(Texture.WMClamp)
    return texture


class Smoke:
    """Venting cells: rising, spreading puffs (one draw call), and a glow when it burns.

    ``intensity`` 0 shows nothing; 1 is a thick dark column with fire at its foot.
    """

    PUFFS = 64
    LIFE = 7.0
    FLAMES = 16

    def __init__(self, parent: Any, camera: Any, puff: Any) -> None:
        self.camera = camera
        self.parent = parent
        self.drawer = MeshDrawer()
        self.drawer.setBudget(self.PUFFS + 4)
        self.root = self.drawer.getRoot()
        self.root.reparentTo(parent)
        self.root.setTexture(puff)
        self.root.setTransparency(TransparencyAttrib.MAlpha)
        self.root.setDepthWrite(False)
        self.root.setShaderOff(10)
        self.root.setLightOff(10)
        self.root.setBin("fixed", 40)
        self.root.setTwoSided(True)
        self.glow_drawer = MeshDrawer()
        self.glow_drawer.setBudget(self.FLAMES + 2)
        self.glow = self.glow_drawer.getRoot()
        self.glow.reparentTo(parent)
        self.glow.setTexture(puff)
        self.glow.setTransparency(TransparencyAttrib.MAlpha)  # additive washes out on daylight
        self.glow.setDepthWrite(False)
        self.glow.setShaderOff(10)
        self.glow.setLightOff(10)
        self.glow.setBin("fixed", 41)
        for node in (self.root, self.glow):  # rebuilt each frame: never cull on stale bounds
            node.node().setBounds(OmniBoundingVolume())
            node.node().setFinal(True)
        rng = random.Random(11)
        self.seeds = [(rng.random(), rng.uniform(-1, 1), rng.uniform(-1, 1), rng.uniform(0.8, 1.2))
                      for _ in range(self.PUFFS)]
        self.age = 0.0
        self.showing = True

    def update(self, where: tuple[float, float, float] | None, intensity: float, dt: float,
               wind: tuple[float, float] = (0.35, 0.15)) -> None:
        self.age += dt
        showing = where is not None and intensity > 0
        if not showing and not self.showing:
            return  # nothing drawn last frame either: leave the empty geometry alone
        self.showing = showing
        frame = Vec4(0, 0, 1, 1)
        self.drawer.begin(self.camera, self.parent)
        self.glow_drawer.begin(self.camera, self.parent)
        if where is not None and intensity > 0:
            x0, y0, z0 = where
            grey = 0.75 - 0.7 * intensity
            shown = max(8, int(self.PUFFS * min(1.0, 0.3 + intensity)))
            for phase, sx, sy, speed in self.seeds[:shown]:
                t = ((self.age * speed / self.LIFE) + phase) % 1.0
                height = t * self.LIFE * (0.5 + 0.8 * intensity)
                size = 0.8 + t * (1.6 + 2.4 * intensity)
                pos = Vec3(x0 + sx * 0.3 * size + wind[0] * height,
                           y0 + sy * 0.3 * size + wind[1] * height, z0 + 1.2 + height)
                fade = min(1.0, t * 8) * (1 - t) ** 0.7
                alpha = min(1.0, fade * (0.55 + 0.45 * intensity))
                shade = grey * (0.85 + 0.3 * t)
                self.drawer.billboard(pos, frame, size, Vec4(shade, shade, shade, alpha))
            if intensity > 0.45:
                self.flames(x0, y0, z0, (intensity - 0.45) / 0.55, frame)
        self.drawer.end()
        self.glow_drawer.end()

    def flames(self, x0: float, y0: float, z0: float, heat: float, frame: Any) -> None:
        """Tongues of flame over the pallet: orange-red outside, yellow at the core, growing
        from a glow at the first sign of fire to a blaze as the hazard nears its failure."""
        shown = max(2, round(self.FLAMES * heat))
        for k, (phase, sx, sy, speed) in enumerate(self.seeds[:shown]):
            flicker = 0.75 + 0.25 * math.sin(self.age * (8 + 3 * speed) + 7 * phase)
            core = k % 3 == 0
            rise = ((self.age * (1.5 + speed)) + phase) % 1.0
            pos = Vec3(x0 + sx * 0.5, y0 + sy * 0.4, z0 + 1.1 + rise * (0.5 + 1.0 * heat))
            size = (0.3 + 0.5 * heat) * (1.1 - 0.6 * rise) * (0.7 if core else 1.0)
            colour = (1.0, 0.9, 0.35) if core else (0.95, 0.3 + 0.25 * rise, 0.02)
            alpha = min(1.0, (0.55 + 0.45 * heat) * flicker * (1 - rise) ** 0.5)
            self.glow_drawer.billboard(pos, frame, size, Vec4(*colour, alpha))
