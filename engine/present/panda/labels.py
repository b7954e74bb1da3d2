"""Text from the scenario drawn onto a generic model's label surfaces when it loads.

A label surface is a node named ``label`` or ``label_<where>`` whose faces each show one
whole texture (see docs/models.md). A prop's ``label:`` names a document (its body is
printed) or gives words of its own; either way the text comes through its string id, so a
translated string table prints the translation. The first line is printed larger, like a
product name; the rest is wrapped to fit the surface's own proportions.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from engine.present.base import PresenterError
from engine.present.texts import Texts
from engine.scenario.modelfiles import is_label_surface
from engine.scenario.schema import Prop

FONT, BOLD = "fonts/DejaVuSans.ttf", "fonts/DejaVuSans-Bold.ttf"
LONG_SIDE = 512  # pixels along a label's longer side
PAPER, INK = (0.965, 0.96, 0.94), (0.07, 0.07, 0.08)
REFERENCE = 32  # pixel size at which text is measured


def label_surfaces(model: Any) -> dict[str, Any]:
    """The model's label surfaces by name (the outermost node of each name)."""
    found: dict[str, Any] = {}
    for node in model.findAllMatches("**/label*"):
        parent, inside = node.getParent(), False
        while not parent.isEmpty():
            inside = inside or is_label_surface(parent.getName())
            parent = parent.getParent()
        if is_label_surface(node.getName()) and not inside:
            found.setdefault(node.getName(), node)
    return found


def label_text(prop: Prop, texts: Texts) -> str | None:
    if prop.label is None:
        return None
    if prop.label.document is not None:
        return texts.key(f"document/{prop.label.document}/body")
    return texts.key(f"prop/{prop.id}/label")


def apply_label(model: Any, prop: Prop, texts: Texts, roots: list[Path]) -> None:
    """Draw ``prop``'s label text onto the label surfaces of ``model`` (before it is
    flattened); PresenterError AST007/AST009 when the model has no such surface."""
    text = label_text(prop, texts)
    if text is None:
        return
    surfaces = label_surfaces(model)
    wanted = prop.label.surface if prop.label is not None else None
    if wanted is not None:
        surfaces = {k: v for k, v in surfaces.items() if k == wanted}
    if not surfaces:
        code, what = ("AST009", f"no label surface '{wanted}'") if wanted else (
            "AST007", "no label surface for the text")
        raise PresenterError(code, f"model '{prop.asset}' of prop '{prop.id}' has {what}",
                             "name the face for text 'label' in the model (docs/models.md)")
    body, bold = (str(next((r / f for r in roots if (r / f).is_file()), "")) for f in (FONT, BOLD))
    fonts = (body, bold)
    for surface in surfaces.values():
        width, height = surface_size(surface)
        if width <= 0 or height <= 0:
            continue
        stages = surface.findAllTextureStages()  # the loader's base-colour stage, if named
        texture = _texture(text, width / height, fonts)
        if stages.getNumTextureStages():
            surface.setTexture(stages.getTextureStage(0), texture, 1)
        else:
            surface.setTexture(texture, 1)


def surface_size(surface: Any) -> tuple[float, float]:
    """The width and height (model units) that one whole texture covers on a surface, from
    its first triangle's positions and texture coordinates."""
    from panda3d.core import GeomVertexReader

    geoms = [surface] if surface.node().isGeomNode() else []
    geoms += list(surface.findAllMatches("**/+GeomNode"))
    for geom_np in geoms:
        node = geom_np.node()
        if node.getNumGeoms() == 0:
            continue
        geom = node.getGeom(0)
        data, primitive = geom.getVertexData(), geom.getPrimitive(0).decompose()
        uv = texcoord_column(data)
        if primitive.getNumVertices() < 3 or uv is None:
            continue
        points, uvs = [], []
        positions, coords = GeomVertexReader(data, "vertex"), GeomVertexReader(data, uv)
        for k in range(3):
            row = primitive.getVertex(k)
            positions.setRow(row)
            coords.setRow(row)
            points.append(positions.getData3())
            uvs.append(coords.getData2())
        return _jacobian(points, uvs)
    return 0.0, 0.0


def texcoord_column(data: Any) -> Any:
    """The first texture-coordinate column of some vertex data (the loader names it after
    its texture stage, e.g. ``texcoord.0``), or None."""
    form = data.getFormat()
    for index in range(form.getNumColumns()):
        name = form.getColumn(index).getName()
        if name.getName().startswith("texcoord") or name.getBasename() == "texcoord":
            return name
    return None


def _jacobian(points: list[Any], uvs: list[Any]) -> tuple[float, float]:
    e1, e2 = points[1] - points[0], points[2] - points[0]
    du1, dv1 = uvs[1].x - uvs[0].x, uvs[1].y - uvs[0].y
    du2, dv2 = uvs[2].x - uvs[0].x, uvs[2].y - uvs[0].y
    det = du1 * dv2 - du2 * dv1
    if abs(det) < 1e-12:
        return 0.0, 0.0
    along_u = (e1 * dv2 - e2 * dv1) / det
    along_v = (e2 * du1 - e1 * du2) / det
    return along_u.length(), along_v.length()


def _texture(text: str, aspect: float, fonts: tuple[str, str]) -> Any:
    from panda3d.core import SamplerState, Texture

    texture = Texture("label")
    texture.load(_drawn(text, round(aspect, 2), fonts))
    texture.setFormat(Texture.F_srgb)
    texture.setMinfilter(SamplerState.FT_linear_mipmap_linear)
    texture.setWrapU(SamplerState.WM_clamp)
    texture.setWrapV(SamplerState.WM_clamp)
    return texture


@lru_cache(maxsize=4)
def _face(font: str) -> Any:
    """A rasteriser for one font file, read once; the makers of each size share its face."""
    from panda3d.core import Filename, PNMTextMaker

    return PNMTextMaker(Filename.fromOsSpecific(font), 0)


@lru_cache(maxsize=16)
def _maker(font: str, px: int) -> Any:
    """A text rasteriser for one font at one size (its glyph cache belongs to that size)."""
    from panda3d.core import LColor, PNMTextMaker

    made = PNMTextMaker(_face(font))
    made.setPixelSize(px)
    made.setFg(LColor(*INK, 1))
    return made


@lru_cache(maxsize=64)
def _drawn(text: str, aspect: float, fonts: tuple[str, str]) -> Any:
    """The label as an image: the text wrapped and sized to fill the paper, heading first."""
    from panda3d.core import PNMImage

    width = LONG_SIDE if aspect >= 1 else max(64, round(LONG_SIDE * aspect))
    height = LONG_SIDE if aspect < 1 else max(64, round(LONG_SIDE / aspect))
    image = PNMImage(width, height, 3)
    image.fill(*PAPER)
    body, bold = fonts
    if not body:
        return image
    bold = bold or body
    margin = max(6, min(width, height) // 14)
    lines = [line.strip().split(" ") for line in text.strip().splitlines()] or [[""]]
    # every word measured once at a reference size: widths grow in proportion to the size
    rulers = (_maker(body, REFERENCE), _maker(bold, int(REFERENCE * 1.5)))
    measured = [[(word, rulers[n == 0].calcWidth(word) / REFERENCE) for word in words]
                for n, words in enumerate(lines)]
    spaces = (rulers[0].calcWidth(" ") / REFERENCE, rulers[1].calcWidth(" ") / REFERENCE)
    small, large = 8, max(10, height // 5)
    laid = _layout(measured, spaces, small, width - 2 * margin)
    while small < large:  # the largest size at which it all fits
        size = (small + large + 1) // 2
        trial = _layout(measured, spaces, size, width - 2 * margin)
        if sum(step for *_, step in trial) <= height - 2 * margin:
            small, laid = size, trial
        else:
            large = size - 1
    y = margin
    for first, words, step in laid:
        y += step
        px = int(small * 1.5) if first else small
        _maker(bold if first else body, px).generateInto(words, image, margin, y - step // 4)
    return image


def _layout(lines: list[list[tuple[str, float]]], spaces: tuple[float, float], size: int,
            room: int) -> list[tuple[bool, str, int]]:
    """(heading?, words, line height) per printed line at body size ``size``: the first line
    in bold half as large again, every line wrapped at word boundaries to ``room`` pixels.
    Word widths are given per pixel of font size."""
    laid: list[tuple[bool, str, int]] = []
    for index, words in enumerate(lines):
        first = index == 0
        px = size * 1.5 if first else size
        space = spaces[first] * size
        step = int(px * 1.3)
        line: list[str] = []
        used = 0.0
        for word, per_px in words:
            wide = per_px * size
            if line and used + space + wide > room:
                laid.append((first, " ".join(line), step))
                line, used = [], 0.0
            used += (space if line else 0.0) + wide
            line.append(word)
        laid.append((first, " ".join(line), step))
    return laid
