"""People of each agency in their working kit, and a crowd of onlookers.

Every figure is 1.75 m tall, faces +Y and stands with its origin between the feet. Where a
figure wears a vest or tabard that shows its agency, that garment is the material ``vest``,
generated in the agency's colour (engine/present/agencies.py) and tinted by the engine with
the colour of the role the figure stands for.
"""

from __future__ import annotations

from engine.present.agencies import AGENCY_COLOURS

from ..gltf import Material, Node
from ..mesh import MeshBuilder, box, cylinder, limb, rot_x, rot_z, scale, translate
from ..tex import srgb_to_linear
from .figure import ARMS_HOLD, HIVIS, Kit, add_cap, add_helmet, add_person
from .figure import person_materials as _materials

FIRE_TAN = "#b48c4e"
HANDS = (0.0, 0.34, 1.16)  # where both hands meet with ARMS_HOLD


def _person(name: str, kit: Kit, vest, extras=()) -> Node:
    mb = MeshBuilder()
    m = _materials(vest)
    add_person(mb, m, kit)
    for extra in extras:
        extra(mb, m)
    return Node(name, mb.primitives())


def _belt(mb, m) -> None:
    """A duty belt with a pouch, and a radio clipped high on the chest."""
    mb.add(m["body"], cylinder(0.19, 0.93, 0.99, 16), "#111111",
           xform=scale(1.0, 0.64, 1.0))
    for sx in (-1, 1):
        mb.add(m["body"], box((0.06, 0.05, 0.08), (sx * 0.17, 0.06, 0.95)), "#161616")
    mb.add(m["body"], box((0.05, 0.03, 0.1), (-0.1, 0.125, 1.33)), "#1b1b1b")
    mb.add(m["body"], limb((-0.1, 0.13, 1.38), (-0.1, 0.13, 1.44), 0.006, 0.006, 6), "#1b1b1b")


def _camera(mb, m) -> None:
    """A camera held at chest height, lens forward."""
    x, y, z = HANDS
    mb.add(m["body"], box((0.15, 0.08, 0.1), (x, y + 0.04, z + 0.03)), "#1a1a1c")
    mb.add(m["body"], cylinder(0.035, 0, 0.09, 16), "#2a2a2e",
           xform=translate(x + 0.02, y + 0.08, z + 0.03) @ rot_x(-90))
    mb.add(m["body"], cylinder(0.03, 0.09, 0.095, 16), "#5a6f8c",
           xform=translate(x + 0.02, y + 0.08, z + 0.03) @ rot_x(-90))
    # strap round the neck
    mb.add(m["body"], limb((-0.08, y + 0.02, z + 0.06), (-0.06, 0.1, 1.47), 0.007, 0.007, 6),
           "#222222")
    mb.add(m["body"], limb((0.08, y + 0.02, z + 0.06), (0.06, 0.1, 1.47), 0.007, 0.007, 6),
           "#222222")


def _tablet(mb, m) -> None:
    """A rugged tablet held in both hands, screen tilted up towards the face."""
    x, y, z = HANDS
    place = translate(x, y + 0.02, z + 0.04) @ rot_x(-55)
    mb.add(m["body"], box((0.26, 0.02, 0.19), (0, 0, 0)), "#2b2e31", xform=place)
    mb.add(m["body"], box((0.22, 0.004, 0.15), (0, -0.011, 0)), "#3d6f9e", xform=place)


def _bag(mb, m) -> None:
    """A shoulder bag on the left hip, its strap across the chest."""
    mb.add(m["body"], box((0.08, 0.26, 0.2), (-0.24, 0.0, 0.93)), "#4a3b2c")
    for side in (-1, 1):
        mb.add(m["body"], limb((-0.21, side * 0.02, 1.03), (0.14, side * 0.13, 1.44), 0.009, 0.009,
                               6), "#3a2e22")


def _hard_hat(mb, m) -> None:
    add_helmet(mb, m["body"], m["trim"], "#f4f4f2", brim=True)


def build_customs() -> Node:
    kit = Kit(trousers="#1d2538", shirt="#a9c3e0", boots="#141414")
    cap = lambda mb, m: add_cap(mb, m["body"], "#1d2538", "#c9a227")  # noqa: E731
    return _person("figure_customs", kit, AGENCY_COLOURS["customs"], (cap, _belt))


def build_police() -> Node:
    kit = Kit(trousers="#161b26", shirt="#1c2230", boots="#0e0e0e", hair="#2a1d14")
    cap = lambda mb, m: add_cap(mb, m["body"], "#161b26", "#e6e6e6")  # noqa: E731
    return _person("figure_police", kit, AGENCY_COLOURS["police"], (cap, _belt))


def build_fire() -> Node:
    kit = Kit(trousers=FIRE_TAN, top=FIRE_TAN, coat=True, hands="#222222", boots="#101010")
    helmet = lambda mb, m: add_helmet(mb, m["body"], m["trim"], "#f3c300", brim=False)  # noqa: E731
    return _person("figure_fire", kit, AGENCY_COLOURS["fire_service"], (helmet,))


def build_inspector() -> Node:
    kit = Kit(trousers="#2f3540", shirt="#e8ecef", arms=ARMS_HOLD, hair="#6b4a2f")
    return _person("figure_inspector", kit, srgb_to_linear(HIVIS),
                   (_hard_hat, _tablet))


def build_worker() -> Node:
    kit = Kit(trousers="#3a3f47", shirt="#7d8288", hands="#5c5f3a", boots="#3b2f24",
              skin="#b57f5a", hair="#1e1814")
    return _person("figure_worker", kit, AGENCY_COLOURS["cargo_handler"])


def build_journalist() -> Node:
    kit = Kit(trousers="#2c3e5c", shirt="#b59a6d", top="#b59a6d", bands=False, arms=ARMS_HOLD,
              boots="#5a3d28", skin="#e0b08d", hair="#5a3a22")
    return _person("figure_journalist", kit, AGENCY_COLOURS["media"], (_bag, _camera))


CIVILIANS = [  # jumper / coat, trousers, skin, hair, shoes
    ("#8a2d3b", "#2e3b55", "#d9a27e", "#3b2a1e", "#2a2a2a"),
    ("#3f6e4a", "#4a4a4a", "#8d5a3b", "#141010", "#1c1c1c"),
    ("#c7a548", "#283346", "#f0c8a8", "#b08a4a", "#6a4a30"),
    ("#4d5f8a", "#1f1f24", "#c48a64", "#2b1d12", "#101010"),
    ("#7a7f86", "#5a4632", "#e3b594", "#6b6b6b", "#3a2a1a"),
    ("#b4552a", "#2a3550", "#a86e4c", "#1a1210", "#222222"),
    ("#e4e0d8", "#39424f", "#dcaa86", "#4a2e1a", "#5c5c5c"),
]


def civilian_kit(k: int) -> Kit:
    top, trousers, skin, hair, shoes = CIVILIANS[k % len(CIVILIANS)]
    return Kit(trousers=trousers, shirt=top, top=top, skin=skin, hair=hair, boots=shoes,
               bands=False)


def build_civilian() -> Node:
    return _person("figure_civilian", civilian_kit(0), AGENCY_COLOURS["other"])


def build_crowd() -> Node:
    """Seven onlookers standing in a loose group about 3.5 m across, most facing +Y."""
    mb = MeshBuilder()
    m: dict[str, Material] = _materials(AGENCY_COLOURS["other"])
    spots = [(-1.3, 0.4, 10), (-0.4, 0.9, -5), (0.5, 0.5, 20), (1.4, 0.8, -25),
             (-0.9, -0.5, 35), (0.2, -0.4, -10), (1.1, -0.7, 5)]
    for k, (x, y, heading) in enumerate(spots):
        tall = 0.94 + 0.04 * (k % 4)
        place = translate(x, y, 0) @ rot_z(heading) @ scale(tall)
        add_person(mb, m, civilian_kit(k + 1), place)
    return Node("crowd_group", mb.primitives())


BUILDERS = {
    "figure_customs": build_customs,
    "figure_police": build_police,
    "figure_fire": build_fire,
    "figure_inspector": build_inspector,
    "figure_civilian": build_civilian,
    "figure_worker": build_worker,
    "figure_journalist": build_journalist,
    "crowd_group": build_crowd,
}
