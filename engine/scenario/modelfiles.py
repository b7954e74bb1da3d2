"""What a model file says about itself, read without Panda3D: is it glTF the engine can
load, how big is it and which way is up, which label surfaces does it offer.

A trainer's own ``.glb`` is checked here at ``taskforce validate`` time, so a broken model
is a located line with a way to fix it rather than a surprise in the headset. Formats only
Panda3D can read (``.bam``, ``.egg``) are checked when they load (``engine.present``).
"""

from __future__ import annotations

import json
import math
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MODEL_SUFFIXES = (".glb", ".gltf", ".bam", ".egg")
PANDA_ONLY = (".bam", ".egg")
# extensions a file may require that panda3d-gltf cannot decode
UNSUPPORTED = ("KHR_draco_mesh_compression", "EXT_meshopt_compression", "KHR_texture_basisu")
MAX_JSON = 64 * 1024 * 1024
EXPORT_HINT = "export it again as glTF 2.0 binary (.glb), e.g. Blender: File > Export > glTF 2.0"


class ModelProblem(Exception):
    """Why a model cannot be used: a code, a message and how to fix the model."""

    def __init__(self, code: str, message: str, hint: str) -> None:
        super().__init__(message)
        self.code, self.message, self.hint = code, message, hint


@dataclass(frozen=True)
class ModelFacts:
    """``low``/``high``: the corners of its bounds in the engine's frame (metres, Z up, as
    Panda3D's glTF loader turns it); ``labels``: label surface -> has texture coordinates."""

    low: tuple[float, float, float]
    high: tuple[float, float, float]
    labels: dict[str, bool] = field(default_factory=dict)

    @property
    def size(self) -> tuple[float, float, float]:
        return (self.high[0] - self.low[0], self.high[1] - self.low[1],
                self.high[2] - self.low[2])


def is_label_surface(name: str) -> bool:
    return name == "label" or name.startswith("label_")


def inspect_model(path: Path) -> ModelFacts | None:
    """The facts of the glTF model at ``path``; None for a format only Panda3D reads;
    ``ModelProblem`` (AST001-AST006) when it cannot be used."""
    suffix = path.suffix.lower()
    if suffix in PANDA_ONLY:
        return None
    if suffix not in MODEL_SUFFIXES:
        raise ModelProblem("AST001", f"'{path.name}' is not a model file the engine reads "
                           f"({', '.join(MODEL_SUFFIXES)})", EXPORT_HINT)
    doc = _read_glb(path) if suffix == ".glb" else _read_gltf(path)
    try:
        return _facts(doc, path)
    except (KeyError, IndexError, TypeError, ValueError, AttributeError) as error:
        raise ModelProblem("AST002", f"'{path.name}' is not valid glTF 2.0: its scene "
                           f"description is malformed ({type(error).__name__})",
                           EXPORT_HINT) from None


def _broken(path: Path, why: str) -> ModelProblem:
    return ModelProblem("AST002", f"'{path.name}' is not valid glTF 2.0: {why}", EXPORT_HINT)


def _read_glb(path: Path) -> dict[str, Any]:
    size = path.stat().st_size
    with path.open("rb") as file:
        head = file.read(20)
        if len(head) < 20 or head[:4] != b"glTF":
            raise _broken(path, "it is not a binary glTF (.glb) file")
        version, length, chunk, kind = struct.unpack("<III4s", head[4:20])
        if version != 2:
            raise _broken(path, f"it is glTF version {version}; version 2 is needed")
        if length != size:
            raise _broken(path, f"it is truncated or padded ({size} of {length} bytes)")
        if kind != b"JSON" or chunk > min(length - 20, MAX_JSON):
            raise _broken(path, "its first chunk is not the JSON scene description")
        text = file.read(chunk)
    return _parse(path, text)


def _read_gltf(path: Path) -> dict[str, Any]:
    if path.stat().st_size > MAX_JSON:
        raise _broken(path, "its scene description is larger than 64 MB")
    doc = _parse(path, path.read_bytes())
    for kind in ("buffers", "images"):
        for item in doc.get(kind, []):
            uri = item.get("uri") if isinstance(item, dict) else None
            if isinstance(uri, str) and not uri.startswith("data:"):
                target = path.parent / uri
                if ".." in Path(uri).parts or not target.is_file():
                    raise ModelProblem("AST003", f"'{path.name}' needs the file '{uri}', which "
                                       "is not beside it", "embed its data: export as .glb "
                                       "(glTF Binary) rather than .gltf with separate files")
    return doc


def _parse(path: Path, text: bytes) -> dict[str, Any]:
    try:
        doc = json.loads(text.decode("utf-8").rstrip(" \0"))
    except (UnicodeDecodeError, ValueError):
        raise _broken(path, "its scene description is not readable JSON") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("asset"), dict):
        raise _broken(path, "it has no 'asset' description")
    version = str(doc["asset"].get("version", ""))
    if not version.startswith("2."):
        raise _broken(path, f"it is glTF version '{version}'; version 2.0 is needed")
    required = [e for e in doc.get("extensionsRequired", []) if e in UNSUPPORTED]
    if required:
        raise ModelProblem("AST003", f"'{path.name}' is compressed with {required[0]}, which "
                           "the engine's loader cannot read",
                           "export it again with mesh and texture compression turned off")
    return doc


Matrix = list[list[float]]


def _local(node: dict[str, Any]) -> Matrix:
    if "matrix" in node:
        m = [float(v) for v in node["matrix"]]
        return [[m[c * 4 + r] for c in range(4)] for r in range(4)]  # column-major
    tx, ty, tz = (float(v) for v in node.get("translation", (0, 0, 0)))
    qx, qy, qz, qw = (float(v) for v in node.get("rotation", (0, 0, 0, 1)))
    sx, sy, sz = (float(v) for v in node.get("scale", (1, 1, 1)))
    rot = [[1 - 2 * (qy * qy + qz * qz), 2 * (qx * qy - qz * qw), 2 * (qx * qz + qy * qw)],
           [2 * (qx * qy + qz * qw), 1 - 2 * (qx * qx + qz * qz), 2 * (qy * qz - qx * qw)],
           [2 * (qx * qz - qy * qw), 2 * (qy * qz + qx * qw), 1 - 2 * (qx * qx + qy * qy)]]
    scale = (sx, sy, sz)
    return [[rot[r][0] * scale[0], rot[r][1] * scale[1], rot[r][2] * scale[2], t]
            for r, t in enumerate((tx, ty, tz))] + [[0.0, 0.0, 0.0, 1.0]]


def _times(a: Matrix, b: Matrix) -> Matrix:
    return [[sum(a[r][k] * b[k][c] for k in range(4)) for c in range(4)] for r in range(4)]


def _facts(doc: dict[str, Any], path: Path) -> ModelFacts:
    nodes, meshes, accessors = doc.get("nodes", []), doc.get("meshes", []), doc.get("accessors", [])
    scenes = doc.get("scenes") or [{"nodes": list(range(len(nodes)))}]
    roots = scenes[int(doc.get("scene", 0))].get("nodes", [])
    low, high = [math.inf] * 3, [-math.inf] * 3
    labels: dict[str, bool] = {}
    identity = [[float(r == c) for c in range(4)] for r in range(4)]
    stack: list[tuple[int, Matrix, str | None, int]] = [(int(i), identity, None, 0)
                                                         for i in roots]
    while stack:
        index, parent, surface, depth = stack.pop()
        if depth > 64 or index >= len(nodes):
            raise _broken(path, "its node hierarchy is too deep or refers to missing nodes")
        node = nodes[index]
        world = _times(parent, _local(node))
        name = str(node.get("name", ""))
        if surface is None and is_label_surface(name):
            surface = name
            labels.setdefault(name, False)
        if "mesh" in node:
            for primitive in meshes[int(node["mesh"])].get("primitives", []):
                attributes = primitive["attributes"]
                if surface is not None and "TEXCOORD_0" in attributes:
                    labels[surface] = True
                accessor = accessors[int(attributes["POSITION"])]
                _grow(low, high, world, accessor["min"], accessor["max"])
        stack.extend((int(c), world, surface, depth + 1) for c in node.get("children", []))
    if not math.isfinite(low[0]):
        raise ModelProblem("AST006", f"'{path.name}' holds no geometry (no meshes in its scene)",
                           "check that the objects were selected and included when exporting")
    # glTF is Y up; the engine's frame is Z up: (x, y, z) -> (x, -z, y)
    return ModelFacts((low[0], -high[2], low[1]), (high[0], -low[2], high[1]), labels)


def _grow(low: list[float], high: list[float], world: Matrix, lo: Any, hi: Any) -> None:
    for corner in range(8):
        p = [float((hi if corner >> axis & 1 else lo)[axis]) for axis in range(3)]
        q = [sum(world[r][k] * p[k] for k in range(3)) + world[r][3] for r in range(3)]
        for axis in range(3):
            low[axis], high[axis] = min(low[axis], q[axis]), max(high[axis], q[axis])


def shape_problem(facts: ModelFacts, name: str, environment: bool) -> ModelProblem | None:
    """A model that is lying on its side, upside down or of an absurd size (AST004, AST005)."""
    size = facts.size
    largest = max(size)
    most, least = (5000.0, 1.0) if environment else (250.0, 0.002)
    if largest > most or largest < least:
        scale = "centimetres or millimetres" if largest > most else "kilometres"
        return ModelProblem(
            "AST005", f"'{name}' is {largest:g} m across: it looks authored in {scale}",
            "the engine's unit is the metre: set the scene's unit scale to 1.0 (Blender: Scene "
            "> Units > Unit Scale) or apply a scale, so that a person is about 1.75 m tall")
    tol = max(0.02, 0.02 * largest)
    below = facts.low[2] < -tol
    flat_face = min(abs(facts.high[1]), abs(facts.low[1])) < tol and size[1] > 4 * tol
    if below and not environment and (flat_face or abs(facts.high[2]) < tol):
        return ModelProblem(
            "AST004", f"'{name}' lies on its side or upside down (it reaches "
            f"{-facts.low[2]:.2f} m below the ground)",
            "export with +Y up (Blender's glTF exporter: Include > Transform > +Y Up), the "
            "model's feet or base at the origin, its front towards -Y in glTF (+Y in Blender)")
    return None


Finding = tuple[tuple[str, ...], str, str, str | None]  # where (under the prop), code, text, hint


def model_findings(path: Path, shown: str, label: Any, environment: bool,
                   cache: dict[Path, ModelFacts | ModelProblem | None]) -> list[Finding]:
    """Problems of the model at ``path`` (``shown`` as the scenario names it) and of the
    ``label`` a prop asks of it, each located under the prop (``("asset",)``, ``("label",
    "surface")``...). ``cache`` keeps each file's facts for one validation."""
    if path not in cache:
        try:
            cache[path] = inspect_model(path)
        except ModelProblem as problem:
            cache[path] = problem
        except OSError as error:
            cache[path] = ModelProblem("AST002", f"'{path.name}' cannot be read ({error.strerror})",
                                       "check the file's permissions")
    facts = cache[path]
    if isinstance(facts, ModelProblem):
        return [(("asset",), facts.code, facts.message, facts.hint)]
    found: list[Finding] = []
    if facts is not None and (shape := shape_problem(facts, shown, environment)) is not None:
        found.append((("asset",), shape.code, shape.message, shape.hint))
    if label is None:
        return found
    if (label.document is None) == (label.text is None):
        found.append((("label",), "AST008", "a label prints either a document or text",
                       "write label: {document: ID} or label: {text: ...}"))
    if facts is None:  # only Panda3D can read it: checked when it loads
        return found
    if not facts.labels:
        found.append((("label",), "AST007", f"'{shown}' has no label surface for the text",
                       "use a model with one (e.g. models/carton_generic.glb), or name the "
                       "face for text 'label' in your model (see docs/models.md)"))
    elif label.surface is not None and label.surface not in facts.labels:
        found.append((("label", "surface"), "AST009",
                       f"'{shown}' has no label surface '{label.surface}'",
                       f"its label surfaces: {', '.join(sorted(facts.labels))}"))
    for name, mapped in sorted(facts.labels.items()):
        if not mapped and label.surface in (None, name):
            found.append((("label",), "AST010", f"label surface '{name}' of '{shown}' has no "
                          "texture coordinates, so no text can be drawn on it",
                          "unwrap it (UV) so the face covers the whole texture, 0 to 1"))
    return found
