"""A stylised standing responder, 1.75 m tall, facing +Y, origin between the feet."""

from __future__ import annotations

import numpy as np

from ..gltf import Material, Node
from ..mesh import (
    MeshBuilder,
    chain,
    cylinder,
    lathe,
    limb,
    rot_x,
    sphere,
    surface,
    translate,
)
from ..tex import srgb_to_linear
from .common import upright

HIVIS = "#d2f522"


def build_figure() -> Node:
    """Stylised standing responder, 1.75 m, facing +Y.  The hi-vis vest is its own
    material named `vest` (tint it per agency); `trim` holds the reflective bands."""
    body = Material("body", roughness=0.75)
    vest = Material("vest", base_color=tuple(srgb_to_linear(HIVIS)) + (1.0,), roughness=0.6)
    trim = Material("trim", base_color=(0.75, 0.77, 0.78, 1.0), roughness=0.3, metallic=0.5)
    mb = MeshBuilder()
    trousers, shirt, skin, boots, hair = "#26304a", "#2d3a57", "#d9a27e", "#1b1b1b", "#3b2a1e"
    for sx in (-1, 1):
        x = sx * 0.1
        # boot, leg, knee
        mb.add(
            body,
            upright(
                [
                    (0.0, 0, 0.035, 0.055, 0.13),
                    (0.07, 0, 0.03, 0.058, 0.13),
                    (0.11, 0, 0.0, 0.052, 0.07),
                    (0.14, 0, 0.0, 0.05, 0.055),
                ],
                n=16,
                exponent=3,
            ),
            boots,
            xform=translate(x, 0, 0),
        )
        mb.add(body, limb((x, 0, 0.12), (x * 1.02, 0.01, 0.5), 0.05, 0.062, 12), trousers)
        mb.add(body, limb((x * 1.02, 0.01, 0.48), (x * 0.95, 0, 0.93), 0.062, 0.085, 12), trousers)
    # hips and torso; the vest covers the torso from the belt to the shoulders
    mb.add(
        body,
        upright([(0.84, 0, 0, 0.17, 0.10), (0.93, 0, 0, 0.185, 0.115), (1.0, 0, 0, 0.18, 0.115)]),
        trousers,
    )
    torso = np.array(
        [
            (0.98, 0, 0, 0.185, 0.118),
            (1.12, 0, 0.005, 0.18, 0.12),
            (1.28, 0, 0.01, 0.195, 0.13),
            (1.40, 0, 0.0, 0.205, 0.12),
            (1.46, 0, -0.005, 0.17, 0.10),
        ]
    )
    mb.add(vest, upright(torso))
    mb.add(
        body,
        upright(
            [
                (1.455, 0, -0.005, 0.172, 0.10),
                (1.49, 0, -0.005, 0.12, 0.08),
                (1.51, 0, 0, 0.06, 0.05),
            ]
        ),
        shirt,
    )

    def section(z):
        return [float(np.interp(z, torso[:, 0], torso[:, k])) for k in (2, 3, 4)]

    # reflective bands around the vest, and braces over the chest and back
    for z in (1.05, 1.16):
        rings = [(zz, 0, *section(zz)) for zz in (z, z + 0.045)]
        mb.add(trim, upright([(zz, x, yc, hw + 0.004, hd + 0.004) for zz, x, yc, hw, hd in rings]))
    e = 2.6
    for sx in (-1, 1):
        for side in (1, -1):
            zs = [1.21, 1.28, 1.34, 1.40, 1.43]
            strip = []
            for z in zs:
                yc, hw, hd = section(z)
                row = []
                for x in (sx * 0.078, sx * 0.122):
                    y = yc + side * (hd * (1 - abs(x / hw) ** e) ** (1 / e) + 0.003)
                    row.append((x, y, z))
                strip.append(row[::-1] if side * sx > 0 else row)
            mb.add(trim, surface(np.array(strip)))
    # arms with sleeves and hands
    for sx in (-1, 1):
        sh = (sx * 0.205, 0.0, 1.41)
        el = (sx * 0.255, 0.03, 1.13)
        wr = (sx * 0.265, 0.07, 0.88)
        mb.add(body, sphere(0.062, 12, 8), shirt, xform=translate(*sh))
        mb.add(body, limb(sh, el, 0.058, 0.048, 10), shirt)
        mb.add(body, sphere(0.048, 10, 6), shirt, xform=translate(*el))
        mb.add(body, limb(el, wr, 0.046, 0.038, 10), shirt)
        mb.add(
            body, sphere(0.045, 10, 8, sz=1.5), skin, xform=translate(wr[0], wr[1], wr[2] - 0.07)
        )
    # neck, head, hair, face
    mb.add(body, cylinder(0.05, 1.48, 1.56, 12), skin)
    hz = 1.635
    mb.add(body, sphere(0.1, 18, 12, sz=1.15), skin, xform=translate(0, 0.0, hz))
    arc = np.radians(np.linspace(-5, 90, 9))
    mb.add(
        body,
        lathe(np.stack([0.109 * np.cos(arc), 0.127 * np.sin(arc)], axis=1), 18),
        hair,
        xform=chain(translate(0, -0.008, hz + 0.004), rot_x(20)),
    )
    for sx in (-1, 1):
        mb.add(body, sphere(0.012, 8, 6), "#20242a", xform=translate(sx * 0.038, 0.09, hz + 0.012))
        mb.add(body, sphere(0.022, 8, 6, sz=1.4), skin, xform=translate(sx * 0.1, 0.0, hz))
    return Node("figure", mb.primitives())
