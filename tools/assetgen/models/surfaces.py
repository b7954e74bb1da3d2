"""Label surfaces: the places on a generic model where a scenario's text goes.

A label surface is a child node named ``label`` or ``label_<where>`` (``label_end``,
``label_top``...). Its quads map the whole of one texture (u and v from 0 to 1, read
upright from outside), generated as blank label paper; at load time the engine draws the
text the scenario gives onto a texture of the surface's own proportions and puts it there.
Every quad of one surface shows the same picture, so 30 cartons on a pallet can share it.
"""

from __future__ import annotations

from ..gltf import Image, Material, Node
from ..mesh import MeshBuilder, quad
from ..tex import Painter, encode_png

WHOLE = (0.0, 0.0, 1.0, 1.0)  # the whole texture


def blank_label() -> Image:
    """Plain label paper with a faint border: what a surface shows until text is drawn."""
    p = Painter(128, 64, "#f6f5ef")
    p.rect(1, 1, 126, 62, outline="#c9c7bd", width=1)
    return Image("label_blank", encode_png(p.array()))


class Surfaces:
    """Collects the quads of a model's label surfaces, one node per surface name."""

    def __init__(self) -> None:
        self.paper = blank_label()
        self.material = Material("label", texture=self.paper, roughness=0.6)
        self.builders: dict[str, MeshBuilder] = {}

    def add(self, name: str, corners, xform=None) -> None:
        """One quad of surface ``name``, its corners (tl, bl, br, tr) as seen from outside."""
        assert name == "label" or name.startswith("label_"), name
        mb = self.builders.setdefault(name, MeshBuilder())
        mb.add(self.material, quad(*corners, WHOLE), "#ffffff", xform)

    def side(self, name: str, centre, width: float, height: float, facing: str,
             xform=None) -> None:
        """A label ``width`` x ``height`` on an upright face, centred on ``centre`` and
        facing ``facing`` (+x, -x, +y or -y)."""
        x, y, z = centre
        w, h = width / 2, height / 2
        right = {"+y": (-1, 0), "-y": (1, 0), "+x": (0, 1), "-x": (0, -1)}[facing]
        rx, ry = right[0] * w, right[1] * w
        self.add(name, ((x - rx, y - ry, z + h), (x - rx, y - ry, z - h),
                        (x + rx, y + ry, z - h), (x + rx, y + ry, z + h)), xform)

    def top(self, name: str, centre, width: float, depth: float, xform=None) -> None:
        """A label lying face-up, read by someone standing at -Y (its top edge towards +Y)."""
        x, y, z = centre
        w, d = width / 2, depth / 2
        self.add(name, ((x - w, y + d, z), (x - w, y - d, z), (x + w, y - d, z),
                        (x + w, y + d, z)), xform)

    def nodes(self) -> list[Node]:
        return [Node(name, mb.primitives()) for name, mb in sorted(self.builders.items())]


def with_surfaces(name: str, mb: MeshBuilder, surfaces: Surfaces) -> Node:
    """The model: its own geometry, and each label surface as a child node."""
    return Node(name, mb.primitives(), children=surfaces.nodes())
