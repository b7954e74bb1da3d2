"""Helpers shared by the model builders."""

from __future__ import annotations

import numpy as np

from ..gltf import Image, Material
from ..mesh import Geo, MeshBuilder, Rect, loft, merge, quad, rot_x
from ..tex import Atlas, box_blur, fbm, rgb, value_noise, white_noise


def atlas_materials(atlas: Atlas, name: str, **specs: dict) -> tuple[Image, dict[str, Material]]:
    """Materials that all sample one atlas image.  `specs` maps material names to
    Material keyword arguments, e.g. paint=dict(roughness=0.6)."""
    img = Image(f"{name}_atlas", atlas.png())
    mats = {}
    for mat_name, kw in specs.items():
        kw = dict(kw)
        if kw.pop("glow", False):
            kw["emissive_texture"] = img
            kw.setdefault("emissive", (1.0, 1.0, 1.0))
        mats[mat_name] = Material(mat_name, texture=img, **kw)
    return img, mats


def painted_metal(
    h: int,
    w: int,
    color,
    seed: int,
    grime: float = 0.10,
    rust: float = 0.0,
    dirt_bottom: float = 0.0,
) -> np.ndarray:
    """Weathered paint: mottling, fine speckle, optional rust streaks running down
    from the top edge and dirt rising from the bottom edge."""
    base = rgb(color)
    mottle = fbm(h, w, 64, seed, octaves=4, tile=False)
    speck = white_noise(h, w, seed + 7)
    img = base[None, None] * (1 + grime * (mottle[..., None] - 0.5) * 2)
    img *= 1 + 0.04 * (speck[..., None] - 0.5)
    if rust > 0:
        cols = value_noise(1, w, 6, seed + 3, tile=False)[0]
        streak = np.clip((cols - 0.55) * 3.0, 0, 1)[None, :]
        fall = np.exp(-np.arange(h) / (0.35 * h))[:, None]
        amt = (rust * streak * fall * (0.6 + 0.4 * mottle))[..., None]
        img = img * (1 - amt) + rgb("#6b3a1e")[None, None] * amt
    if dirt_bottom > 0:
        rise = np.exp(-(h - 1 - np.arange(h)) / (0.12 * h))[:, None]
        amt = (dirt_bottom * rise * (0.5 + 0.5 * mottle))[..., None]
        img = img * (1 - amt) + rgb("#4a4236")[None, None] * amt
    return np.clip(img, 0, 1)


def cardboard(h: int, w: int, seed: int, color="#b88a57") -> np.ndarray:
    """Kraft cardboard: warm brown with faint fluting lines and fibres."""
    fib = fbm(h, w, 24, seed, octaves=3, tile=False)
    flutes = 0.5 + 0.5 * np.sin(np.arange(w) * (2 * np.pi / 9.0))[None, :]
    speck = white_noise(h, w, seed + 1)
    v = 1 + 0.10 * (fib - 0.5) + 0.025 * (flutes - 0.5) + 0.05 * (speck - 0.5)
    return np.clip(rgb(color)[None, None] * v[..., None], 0, 1)


def wood(h: int, w: int, seed: int, color="#c9a46a", along_x: bool = True) -> np.ndarray:
    """Sawn softwood: stretched grain noise with a few darker lines."""
    if not along_x:
        return wood(w, h, seed, color, True).transpose(1, 0, 2)
    grain = value_noise(h, max(8, w // 16), 2, seed, tile=False)
    grain = np.repeat(grain, 16, axis=1)[:, :w]
    if grain.shape[1] < w:
        grain = np.pad(grain, ((0, 0), (0, w - grain.shape[1])), mode="edge")
    grain = box_blur(grain, 2, passes=1)
    lines = np.clip((grain - 0.62) * 6, 0, 1)
    mottle = fbm(h, w, 48, seed + 5, octaves=3, tile=False)
    v = 1 - 0.25 * lines + 0.12 * (mottle - 0.5)
    return np.clip(rgb(color)[None, None] * v[..., None], 0, 1)


def corrugated_wall(
    length: float,
    z0: float,
    z1: float,
    pitch: float,
    depth: float,
    rect: Rect,
    flat: float = 0.28,
    taper: float = 0.22,
) -> Geo:
    """A trapezoidally corrugated panel in the plane x = 0 facing +X (crests at
    x = 0, valleys at x = -depth), spanning y in [-length/2, length/2] and z in
    [z0, z1].  Seen from +X, +Y is to the right; `rect` is mapped across the
    whole panel."""
    n = max(1, round(length / pitch))
    p = length / n
    a, s = flat * p, taper * p
    b = p - a - 2 * s
    ys, xs = [], []
    for k in range(n):
        y = -length / 2 + k * p
        for dy, x in ((0, 0.0), (a, 0.0), (a + s, -depth), (a + s + b, -depth)):
            ys.append(y + dy)
            xs.append(x)
    ys.append(length / 2)
    xs.append(0.0)
    u0, v0, u1, v1 = rect
    quads = []
    for i in range(len(ys) - 1):
        sa, sb = (ys[i] + length / 2) / length, (ys[i + 1] + length / 2) / length
        sub = (u0 + sa * (u1 - u0), v0, u0 + sb * (u1 - u0), v1)
        quads.append(
            quad(
                (xs[i], ys[i], z1),
                (xs[i], ys[i], z0),
                (xs[i + 1], ys[i + 1], z0),
                (xs[i + 1], ys[i + 1], z1),
                sub,
            )
        )
    return merge(*quads)


def upright(stations, n=20, exponent=2.6):
    """A loft whose stations run up Z: (z, x_centre, y_centre, half_width, half_depth)."""
    st = [(z, xc, -yc, hw, hd) for z, xc, yc, hw, hd in stations]
    return loft(st, n=n, exponent=exponent).transformed(rot_x(90))


class Placed:
    """A MeshBuilder seen through a transform: everything added lands at ``xform``."""

    def __init__(self, mb: MeshBuilder, xform: np.ndarray | None) -> None:
        self.mb, self.xform = mb, xform

    def add(self, material, geo, color="#ffffff", xform=None) -> None:
        if self.xform is not None:
            xform = self.xform if xform is None else self.xform @ xform
        self.mb.add(material, geo, color, xform)
