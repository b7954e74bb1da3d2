"""A small, dependency-light glTF 2.0 binary (.glb) writer.

Geometry is authored in Panda3D's frame (Z up, Y forward, metres) and converted
to glTF's Y-up frame on output: (x, y, z) -> (x, z, -y).  panda3d-gltf applies
the inverse conversion when it loads the file, so models come out upright.

The writer supports exactly what the asset generator needs: a node hierarchy
with names, translations and headings; meshes whose primitives carry POSITION,
NORMAL, TEXCOORD_0, COLOR_0 and indices; metallic-roughness materials; and PNG
images embedded in the binary chunk.  Output is byte-for-byte deterministic.
"""

from __future__ import annotations

import json
import math
import struct
from dataclasses import dataclass, field

import numpy as np

# glTF enums
_FLOAT, _USHORT, _UINT = 5126, 5123, 5125
_ARRAY_BUFFER, _ELEMENT_ARRAY_BUFFER = 34962, 34963
_LINEAR, _LINEAR_MIPMAP_LINEAR = 9729, 9987
_REPEAT, _CLAMP = 10497, 33071

# Panda3D (Z-up) -> glTF (Y-up)
_TO_GLTF = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, -1.0, 0.0]])


@dataclass(eq=False)
class Image:
    """An embedded PNG image (already encoded)."""

    name: str
    png: bytes
    repeat: bool = False  # wrap mode: REPEAT for tiling textures, CLAMP for atlases


@dataclass(eq=False)
class Material:
    name: str
    base_color: tuple[float, float, float, float] = (1.0, 1.0, 1.0, 1.0)
    metallic: float = 0.0
    roughness: float = 0.8
    texture: Image | None = None
    emissive: tuple[float, float, float] = (0.0, 0.0, 0.0)
    emissive_texture: Image | None = None
    blend: bool = False
    double_sided: bool = False


@dataclass(eq=False)
class Primitive:
    material: Material
    positions: np.ndarray  # (n, 3) float, Panda3D frame
    normals: np.ndarray  # (n, 3) float
    uvs: np.ndarray  # (n, 2) float, glTF convention: v = 0 is the top of the image
    colors: np.ndarray  # (n, 3) float, linear RGB
    indices: np.ndarray  # (m,) int, triangles


@dataclass(eq=False)
class Node:
    name: str
    primitives: list[Primitive] = field(default_factory=list)
    translation: tuple[float, float, float] = (0.0, 0.0, 0.0)
    heading: float = 0.0  # degrees about +Z (Panda3D heading)
    children: list[Node] = field(default_factory=list)


def _num(value: float) -> float | int:
    """Round for stable JSON output."""
    r = round(float(value), 6)
    return 0 if r == 0 else r


class _Packer:
    """Accumulates binary data and the JSON objects that refer to it."""

    def __init__(self) -> None:
        self.bin = bytearray()
        self.views: list[dict] = []
        self.accessors: list[dict] = []

    def view(self, data: bytes, target: int | None = None) -> int:
        while len(self.bin) % 4:
            self.bin.append(0)
        view = {"buffer": 0, "byteOffset": len(self.bin), "byteLength": len(data)}
        if target is not None:
            view["target"] = target
        self.bin += data
        self.views.append(view)
        return len(self.views) - 1

    def accessor(self, array: np.ndarray, kind: str, target: int, bounds: bool = False) -> int:
        if array.dtype.kind == "f":
            ctype = _FLOAT
        else:
            ctype = _USHORT if array.dtype == np.uint16 else _UINT
        acc = {
            "bufferView": self.view(array.tobytes(), target),
            "componentType": ctype,
            "count": int(array.shape[0]),
            "type": kind,
        }
        if bounds:
            acc["min"] = [_num(v) for v in array.min(axis=0)]
            acc["max"] = [_num(v) for v in array.max(axis=0)]
        self.accessors.append(acc)
        return len(self.accessors) - 1


def _f32(a: np.ndarray) -> np.ndarray:
    # Rounding to 1e-6 keeps the output stable against last-bit differences in
    # libm/SIMD implementations of sin/cos between machines.
    return np.ascontiguousarray(np.round(np.asarray(a, dtype=np.float64), 6), dtype="<f4")


def to_glb(root: Node, generator: str = "Task Force VR assetgen") -> bytes:
    pack = _Packer()
    images: list[Image] = []
    materials: list[Material] = []
    meshes: list[dict] = []
    nodes: list[dict] = []

    def image_index(img: Image) -> int:
        if img not in images:
            images.append(img)
        return images.index(img)

    def material_index(mat: Material) -> int:
        if mat not in materials:
            materials.append(mat)
        return materials.index(mat)

    def add_primitive(prim: Primitive) -> dict:
        pos = _f32(prim.positions @ _TO_GLTF.T)
        nrm = _f32(prim.normals @ _TO_GLTF.T)
        idx = np.asarray(prim.indices).reshape(-1)
        idx = idx.astype("<u2" if len(pos) < 65536 else "<u4")
        attrs = {
            "POSITION": pack.accessor(pos, "VEC3", _ARRAY_BUFFER, bounds=True),
            "NORMAL": pack.accessor(nrm, "VEC3", _ARRAY_BUFFER),
            "TEXCOORD_0": pack.accessor(_f32(prim.uvs), "VEC2", _ARRAY_BUFFER),
            "COLOR_0": pack.accessor(_f32(prim.colors), "VEC3", _ARRAY_BUFFER),
        }
        return {
            "attributes": attrs,
            "indices": pack.accessor(idx, "SCALAR", _ELEMENT_ARRAY_BUFFER),
            "material": material_index(prim.material),
            "mode": 4,
        }

    def add_node(node: Node) -> int:
        out: dict = {"name": node.name}
        nodes.append(out)
        index = len(nodes) - 1
        if any(node.translation):
            out["translation"] = [_num(v) for v in _TO_GLTF @ np.asarray(node.translation)]
        if node.heading:
            # A heading about Panda's +Z is a rotation about glTF's +Y.
            half = math.radians(node.heading) / 2
            out["rotation"] = [0, _num(math.sin(half)), 0, _num(math.cos(half))]
        if node.primitives:
            meshes.append(
                {"name": node.name, "primitives": [add_primitive(p) for p in node.primitives]}
            )
            out["mesh"] = len(meshes) - 1
        if node.children:
            out["children"] = [add_node(child) for child in node.children]
        return index

    root_index = add_node(root)

    def texture_ref(img: Image) -> dict:
        return {"index": image_index(img)}

    gl_materials = []
    for mat in materials:
        pbr: dict = {
            "baseColorFactor": [_num(c) for c in mat.base_color],
            "metallicFactor": _num(mat.metallic),
            "roughnessFactor": _num(mat.roughness),
        }
        if mat.texture is not None:
            pbr["baseColorTexture"] = texture_ref(mat.texture)
        gm: dict = {"name": mat.name, "pbrMetallicRoughness": pbr}
        if any(mat.emissive):
            gm["emissiveFactor"] = [_num(c) for c in mat.emissive]
        if mat.emissive_texture is not None:
            gm["emissiveTexture"] = texture_ref(mat.emissive_texture)
        if mat.blend:
            gm["alphaMode"] = "BLEND"
        if mat.double_sided:
            gm["doubleSided"] = True
        gl_materials.append(gm)

    # One texture and one sampler per image keeps the indices trivially aligned.
    gl_images, gl_samplers, gl_textures = [], [], []
    for i, img in enumerate(images):
        gl_images.append(
            {"name": img.name, "mimeType": "image/png", "bufferView": pack.view(img.png)}
        )
        wrap = _REPEAT if img.repeat else _CLAMP
        gl_samplers.append(
            {"magFilter": _LINEAR, "minFilter": _LINEAR_MIPMAP_LINEAR, "wrapS": wrap, "wrapT": wrap}
        )
        gl_textures.append({"sampler": i, "source": i})

    while len(pack.bin) % 4:
        pack.bin.append(0)
    doc: dict = {
        "asset": {"version": "2.0", "generator": generator},
        "scene": 0,
        "scenes": [{"name": root.name, "nodes": [root_index]}],
        "nodes": nodes,
        "meshes": meshes,
        "materials": gl_materials,
        "accessors": pack.accessors,
        "bufferViews": pack.views,
        "buffers": [{"byteLength": len(pack.bin)}],
    }
    if images:
        doc.update(images=gl_images, samplers=gl_samplers, textures=gl_textures)

    js = json.dumps(doc, separators=(",", ":")).encode("utf-8")
    js += b" " * (-len(js) % 4)
    total = 12 + 8 + len(js) + 8 + len(pack.bin)
    out = bytearray(struct.pack("<4sII", b"glTF", 2, total))
    out += struct.pack("<I4s", len(js), b"JSON") + js
    out += struct.pack("<I4s", len(pack.bin), b"BIN\x00") + pack.bin
    return bytes(out)


def triangle_count(root: Node) -> int:
    own = sum(len(np.asarray(p.indices).reshape(-1)) // 3 for p in root.primitives)
    return own + sum(triangle_count(c) for c in root.children)
