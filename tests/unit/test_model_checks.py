"""A trainer's own model, checked by ``taskforce validate`` before anyone puts on a headset:
every way a model can be broken is one located line that says how to fix the model."""

from __future__ import annotations

import json
import struct
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.errors import Diagnostic
from engine.scenario.loader import validate_paths
from engine.scenario.modelfiles import ModelProblem, inspect_model
from tests.unit.test_scenario_checks import BASE

ROOT = Path(__file__).resolve().parents[2]
MODELS = ROOT / "assets" / "models"

SCENARIO = BASE[: BASE.index("roles:")] + """\
roles:
  - {id: officer, name: Officer, agency: customs, playable: true}
props:
  - id: crate
    name: Crate
    asset: models/mine.glb
documents:
  - {id: tag, title: Tag, kind: label, body: "ACME widgets\\nBatch 42"}
variables:
  - {id: done, type: bool, initial: false}
actions:
  - {id: look, verb: inspect, label: Look, roles: [officer], target: crate,
     effects: {set: {done: true}}, documents: [tag]}
endings:
  - {id: over, outcome: success, trigger: {when: done}, message: Done}
"""
ASSET_LINE, ASSET_COL = 14, 12  # where "models/mine.glb" stands


def gltf(*, low=(-0.5, 0.0, -0.5), high=(0.5, 1.0, 0.5), node: dict | None = None,
         label: bool | None = None, uv: bool = True, mesh: bool = True,
         extra: dict | None = None) -> dict[str, Any]:
    """A minimal glTF scene: one mesh with bounds ``low``..``high`` (glTF's Y-up frame),
    optionally with a child node 'label', with or without texture coordinates."""
    accessors: list[dict[str, Any]] = [{"bufferView": 0, "componentType": 5126, "count": 3,
                                        "type": "VEC3", "min": list(low), "max": list(high)}]
    nodes: list[dict[str, Any]] = [{"name": "body", **({"mesh": 0} if mesh else {}),
                                    **(node or {})}]
    meshes: list[dict[str, Any]] = [{"primitives": [{"attributes": {"POSITION": 0}}]}]
    if label is not None:
        nodes[0]["children"] = [1]
        nodes.append({"name": "label", "mesh": 1})
        attributes = {"POSITION": 0, **({"TEXCOORD_0": 1} if uv else {})}
        meshes.append({"primitives": [{"attributes": attributes}]})
        accessors.append({"bufferView": 0, "componentType": 5126, "count": 3, "type": "VEC2"})
    return {"asset": {"version": "2.0"}, "scene": 0, "scenes": [{"nodes": [0]}],
            "nodes": nodes, "meshes": meshes, "accessors": accessors,
            "bufferViews": [{"buffer": 0, "byteLength": 36}], "buffers": [{"byteLength": 36}],
            **(extra or {})}


def glb(**scene: Any) -> bytes:
    """``gltf(**scene)`` packed as a binary glTF file."""
    js = json.dumps(gltf(**scene)).encode()
    js += b" " * (-len(js) % 4)
    binary = bytes(36)
    total = 12 + 8 + len(js) + 8 + len(binary)
    return (struct.pack("<4sII", b"glTF", 2, total) + struct.pack("<I4s", len(js), b"JSON") + js
            + struct.pack("<I4s", len(binary), b"BIN\x00") + binary)


def problems(tmp_path: Path, model: bytes, text: str = SCENARIO, name: str = "mine.glb") -> list[
    Diagnostic
]:
    (tmp_path / "assets" / "models").mkdir(parents=True, exist_ok=True)
    (tmp_path / "assets" / "models" / name).write_bytes(model)
    folder = tmp_path / "drill"
    folder.mkdir(exist_ok=True)
    (folder / "scenario.yaml").write_text(text, encoding="utf-8")
    return validate_paths([folder]).diagnostics


def only(found: list[Diagnostic], code: str) -> Diagnostic:
    assert [d.code for d in found] == [code], [d.format() for d in found]
    assert found[0].hint, "a broken model's error says how to fix it"
    return found[0]


def labelled(label: str) -> str:
    return SCENARIO.replace("    asset: models/mine.glb\n",
                            f"    asset: models/mine.glb\n    label: {label}\n")


def test_a_sound_model_passes(tmp_path: Path) -> None:
    assert problems(tmp_path, glb()) == []
    assert problems(tmp_path, glb(label=True), labelled("{document: tag}")) == []


def test_the_shipped_models_all_pass() -> None:
    for path in sorted(MODELS.glob("*.glb")):
        facts = inspect_model(path)
        assert facts is not None and max(facts.size) > 0, path.name


def test_ast001_not_a_model_format(tmp_path: Path) -> None:
    text = SCENARIO.replace("models/mine.glb", "models/mine.fbx")
    d = only(problems(tmp_path, b"Kaydara FBX Binary", text, "mine.fbx"), "AST001")
    assert (d.line, d.col) == (ASSET_LINE, ASSET_COL) and ".glb" in d.hint


@pytest.mark.parametrize("content", [b"glTF", b"PK\x03\x04 a zip file", glb()[:-8],
                                     glb().replace(b'"2.0"', b'"1.0"')])
def test_ast002_not_valid_gltf(tmp_path: Path, content: bytes) -> None:
    d = only(problems(tmp_path, content), "AST002")
    assert (d.line, d.col) == (ASSET_LINE, ASSET_COL) and "glTF 2.0" in d.hint


def test_ast003_compressed_beyond_the_loader(tmp_path: Path) -> None:
    model = glb(extra={"extensionsUsed": ["KHR_draco_mesh_compression"],
                       "extensionsRequired": ["KHR_draco_mesh_compression"]})
    d = only(problems(tmp_path, model), "AST003")
    assert "compression" in d.hint


def test_ast003_a_gltf_whose_data_file_is_missing(tmp_path: Path) -> None:
    doc = gltf()
    doc["buffers"] = [{"byteLength": 36, "uri": "mine.bin"}]
    text = SCENARIO.replace("models/mine.glb", "models/mine.gltf")
    d = only(problems(tmp_path, json.dumps(doc).encode(), text, "mine.gltf"), "AST003")
    assert "mine.bin" in d.message and ".glb" in d.hint


def test_ast004_a_model_exported_with_z_up_lies_on_its_side(tmp_path: Path) -> None:
    # authored Z up and exported unconverted: 1.8 m of 'height' along glTF's Z
    d = only(problems(tmp_path, glb(low=(-0.3, -0.2, 0.0), high=(0.3, 0.2, 1.8))), "AST004")
    assert "+Y Up" in d.hint


def test_ast004_upside_down(tmp_path: Path) -> None:
    upside_down = glb(node={"rotation": [1, 0, 0, 0]})  # 180 degrees about X
    only(problems(tmp_path, upside_down), "AST004")


@pytest.mark.parametrize("factor", [1000.0, 0.001])
def test_ast005_absurd_size(tmp_path: Path, factor: float) -> None:
    d = only(problems(tmp_path, glb(node={"scale": [factor] * 3})), "AST005")
    assert "metre" in d.hint


def test_ast006_no_geometry(tmp_path: Path) -> None:
    d = only(problems(tmp_path, glb(mesh=False)), "AST006")
    assert "export" in d.hint


def test_ast007_a_label_on_a_model_without_a_label_surface(tmp_path: Path) -> None:
    d = only(problems(tmp_path, glb(), labelled("{document: tag}")), "AST007")
    assert (d.line, d.col) == (ASSET_LINE + 1, 12)
    assert "carton_generic" in d.hint and "docs/models.md" in d.hint


def test_ast008_a_label_needs_a_document_or_text(tmp_path: Path) -> None:
    only(problems(tmp_path, glb(label=True), labelled("{document: tag, text: Both}")), "AST008")
    only(problems(tmp_path, glb(label=True), labelled("{surface: label}")), "AST008")


def test_ast009_a_label_surface_the_model_does_not_have(tmp_path: Path) -> None:
    d = only(problems(tmp_path, glb(label=True), labelled("{text: Hi, surface: label_top}")),
             "AST009")
    assert "label_top" in d.message and "label" in d.hint


def test_ast010_a_label_surface_without_texture_coordinates(tmp_path: Path) -> None:
    only(problems(tmp_path, glb(label=True, uv=False), labelled("{text: Hi}")), "AST010")


def test_a_label_naming_an_unknown_document_is_scn005(tmp_path: Path) -> None:
    found = problems(tmp_path, glb(label=True), labelled("{document: tga}"))
    assert [(d.code, d.line) for d in found] == [("SCN005", ASSET_LINE + 1)]
    assert "did you mean 'tag'" in found[0].message + (found[0].hint or "")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_models_get_an_answer_never_a_crash(tmp_path_factory: Any, data: Any) -> None:
    source = bytearray((MODELS / data.draw(st.sampled_from(["phone.glb", "carton_generic.glb",
                                                             "lead_card.glb"]))).read_bytes())
    head = int.from_bytes(source[12:16], "little") + 20  # mutate the header and JSON
    for _ in range(data.draw(st.integers(1, 8))):
        at = data.draw(st.integers(0, head - 1))
        source[at] = data.draw(st.integers(0, 255))
    if data.draw(st.booleans()):
        source = source[: data.draw(st.integers(0, len(source)))]
    path = tmp_path_factory.mktemp("m") / "mutated.glb"
    path.write_bytes(bytes(source))
    try:
        inspect_model(path)
    except ModelProblem as problem:
        assert problem.code.startswith("AST") and problem.hint
