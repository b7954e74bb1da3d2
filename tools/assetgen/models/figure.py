"""Stylised standing people, 1.75 m tall, facing +Y, origin between the feet.

``add_person`` draws one person in a given kit (see ``people.py`` for the kits of each
agency); ``build_figure`` is the original responder in a hi-vis vest.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..gltf import Material, Node
from ..mesh import (
    MeshBuilder,
    box,
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
from .common import Placed, upright

HIVIS = "#d2f522"
ARMS_DOWN = ((0.205, 0.0, 1.41), (0.255, 0.03, 1.13), (0.265, 0.07, 0.88))
ARMS_HOLD = ((0.205, 0.0, 1.41), (0.235, 0.09, 1.17), (0.1, 0.3, 1.16))  # hands together in front


@dataclass(frozen=True)
class Kit:
    """What a person wears. ``top`` None means the torso is the tintable ``vest``."""

    trousers: str = "#26304a"
    shirt: str = "#2d3a57"
    skin: str = "#d9a27e"
    boots: str = "#1b1b1b"
    hair: str = "#3b2a1e"
    top: str | None = None
    bands: bool = True  # reflective bands and braces on the vest or coat
    coat: bool = False  # a long coat over the hips (fire kit)
    hands: str | None = None  # gloves
    arms: tuple = ARMS_DOWN


def person_materials(vest_colour) -> dict[str, Material]:
    """body (vertex colours), vest (one flat colour, linear RGB; tinted per agency by the
    engine) and trim (the reflective bands)."""
    return {
        "body": Material("body", roughness=0.75),
        "vest": Material("vest", base_color=tuple(vest_colour) + (1.0,), roughness=0.6),
        "trim": Material("trim", base_color=(0.75, 0.77, 0.78, 1.0), roughness=0.3, metallic=0.5),
    }


TORSO = np.array(
    [
        (0.98, 0, 0, 0.185, 0.118),
        (1.12, 0, 0.005, 0.18, 0.12),
        (1.28, 0, 0.01, 0.195, 0.13),
        (1.40, 0, 0.0, 0.205, 0.12),
        (1.46, 0, -0.005, 0.17, 0.10),
    ]
)


def _section(z: float) -> list[float]:
    return [float(np.interp(z, TORSO[:, 0], TORSO[:, k])) for k in (2, 3, 4)]


def _band(mb, trim, z: float, grow: float = 0.004, height: float = 0.045) -> None:
    rings = [(zz, 0, *_section(zz)) for zz in (z, z + height)]
    mb.add(trim, upright([(zz, x, yc, hw + grow, hd + grow) for zz, x, yc, hw, hd in rings]))


def add_person(mb: MeshBuilder, m: dict[str, Material], kit: Kit, xform=None) -> None:
    """One person in ``kit``, standing at ``xform`` (default: the origin, facing +Y)."""
    mb = Placed(mb, xform)
    body, trim = m["body"], m["trim"]
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
            kit.boots,
            xform=translate(x, 0, 0),
        )
        mb.add(body, limb((x, 0, 0.12), (x * 1.02, 0.01, 0.5), 0.05, 0.062, 12), kit.trousers)
        mb.add(
            body, limb((x * 1.02, 0.01, 0.48), (x * 0.95, 0, 0.93), 0.062, 0.085, 12), kit.trousers
        )
        if kit.coat:  # bands round the shins, as on fire kit trousers
            mb.add(trim, limb((x, 0.003, 0.26), (x * 1.01, 0.005, 0.3), 0.059, 0.061, 12))
    # hips and torso; the vest (or the top) covers the torso from the belt to the shoulders
    mb.add(
        body,
        upright([(0.84, 0, 0, 0.17, 0.10), (0.93, 0, 0, 0.185, 0.115), (1.0, 0, 0, 0.18, 0.115)]),
        kit.trousers,
    )
    if kit.top is None:
        mb.add(m["vest"], upright(TORSO))
    else:
        mb.add(body, upright(TORSO), kit.top)
    if kit.coat:
        skirt = [(0.7, 0, 0, 0.205, 0.13), (0.86, 0, 0, 0.2, 0.125), (1.0, 0, 0, 0.195, 0.128)]
        mb.add(body, upright(skirt), kit.top)
        mb.add(trim, upright([(z, 0, 0, 0.207, 0.132) for z in (0.74, 0.78)]))
    mb.add(
        body,
        upright(
            [
                (1.455, 0, -0.005, 0.172, 0.10),
                (1.49, 0, -0.005, 0.12, 0.08),
                (1.51, 0, 0, 0.06, 0.05),
            ]
        ),
        kit.shirt if not kit.coat else kit.top,
    )
    if kit.bands:
        _bands_and_braces(mb, trim, braces=not kit.coat)
    _arms(mb, body, trim, kit)
    _head(mb, body, kit)


def _bands_and_braces(mb, trim, braces: bool) -> None:
    for z in (1.05, 1.16):
        _band(mb, trim, z)
    if not braces:
        return
    e = 2.6
    for sx in (-1, 1):
        for side in (1, -1):
            zs = [1.21, 1.28, 1.34, 1.40, 1.43]
            strip = []
            for z in zs:
                yc, hw, hd = _section(z)
                row = []
                for x in (sx * 0.078, sx * 0.122):
                    y = yc + side * (hd * (1 - abs(x / hw) ** e) ** (1 / e) + 0.003)
                    row.append((x, y, z))
                strip.append(row[::-1] if side * sx > 0 else row)
            mb.add(trim, surface(np.array(strip)))


def _arms(mb, body, trim, kit: Kit) -> None:
    sleeve = kit.top if kit.coat else kit.shirt
    for sx in (-1, 1):
        (shx, shy, shz), (ex, ey, ez), (wx, wy, wz) = kit.arms
        sh, el, wr = (sx * shx, shy, shz), (sx * ex, ey, ez), (sx * wx, wy, wz)
        mb.add(body, sphere(0.062, 12, 8), sleeve, xform=translate(*sh))
        mb.add(body, limb(sh, el, 0.058, 0.048, 10), sleeve)
        mb.add(body, sphere(0.048, 10, 6), sleeve, xform=translate(*el))
        mb.add(body, limb(el, wr, 0.046, 0.038, 10), sleeve)
        if kit.coat:
            cuff = np.asarray(wr) + (np.asarray(el) - np.asarray(wr)) * 0.35
            mb.add(trim, limb(tuple(cuff), tuple(cuff + (np.asarray(el) - cuff) * 0.25),
                              0.045, 0.047, 10))
        down = kit.arms is ARMS_DOWN
        hand = (wr[0], wr[1], wr[2] - 0.07) if down else (wr[0], wr[1] + 0.04, wr[2])
        mb.add(body, sphere(0.045, 10, 8, sz=1.5), kit.hands or kit.skin, xform=translate(*hand))


def _head(mb, body, kit: Kit) -> None:
    # neck, head, hair, face
    mb.add(body, cylinder(0.05, 1.48, 1.56, 12), kit.skin)
    hz = 1.635
    mb.add(body, sphere(0.1, 18, 12, sz=1.15), kit.skin, xform=translate(0, 0.0, hz))
    arc = np.radians(np.linspace(-5, 90, 9))
    mb.add(
        body,
        lathe(np.stack([0.109 * np.cos(arc), 0.127 * np.sin(arc)], axis=1), 18),
        kit.hair,
        xform=chain(translate(0, -0.008, hz + 0.004), rot_x(20)),
    )
    for sx in (-1, 1):
        mb.add(body, sphere(0.012, 8, 6), "#20242a", xform=translate(sx * 0.038, 0.09, hz + 0.012))
        mb.add(body, sphere(0.022, 8, 6, sz=1.4), kit.skin, xform=translate(sx * 0.1, 0.0, hz))


HEAD_TOP = 1.635 + 0.115


def add_cap(mb, body, colour: str, band: str, xform=None) -> None:
    """A peaked uniform cap with a coloured band."""
    mb = Placed(mb, xform)
    z = HEAD_TOP - 0.06
    mb.add(body, cylinder(0.112, z, z + 0.045, 18), band)
    mb.add(body, cylinder(0.113, z + 0.045, z + 0.09, 18, r1=0.13), colour)
    mb.add(body, box((0.17, 0.08, 0.012), (0, 0.12, z + 0.005)), "#111111")


def add_helmet(mb, body, trim, colour: str, brim: bool, xform=None) -> None:
    """A fire helmet (no brim, a reflective band) or a hard hat (a brim all round)."""
    mb = Placed(mb, xform)
    z = HEAD_TOP - 0.075
    shell = [(0.0, 0.0), (0.125, 0.0), (0.125, 0.0), (0.12, 0.04), (0.105, 0.085),
             (0.075, 0.125), (0.035, 0.145), (0.0, 0.15)]
    mb.add(body, lathe(shell, 20, sx=0.95, sy=1.1), colour, xform=translate(0, 0.005, z))
    if brim:
        mb.add(body, cylinder(0.15, z, z + 0.012, 20), colour, xform=translate(0, 0.01, 0))
    else:
        mb.add(trim, lathe([(0.124, 0.03), (0.118, 0.055)], 20, sx=0.955, sy=1.105),
               xform=translate(0, 0.005, z))


def build_figure() -> Node:
    """Stylised standing responder, 1.75 m, facing +Y.  The hi-vis vest is its own
    material named `vest` (tint it per agency); `trim` holds the reflective bands."""
    mb = MeshBuilder()
    m = person_materials(srgb_to_linear(HIVIS))
    add_person(mb, m, Kit())
    return Node("figure", mb.primitives())
