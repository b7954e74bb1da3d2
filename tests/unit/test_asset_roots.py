"""How a scenario kept outside the repository finds its models: its own folder first, then
the nearest assets/ above it, then TASKFORCE_ASSETS, then the library the engine ships."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from engine.scenario.files import asset_roots
from engine.scenario.loader import validate_paths
from tests.unit.test_model_checks import SCENARIO

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "assets" / "models"


def scenario_at(folder: Path, asset: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "scenario.yaml").write_text(SCENARIO.replace("models/mine.glb", asset), "utf-8")
    return folder


def test_a_scenario_anywhere_finds_the_shipped_library(tmp_path: Path) -> None:
    folder = scenario_at(tmp_path / "my-course" / "drill", "models/carton_generic.glb")
    assert not any((p / "assets").is_dir() for p in [folder, *folder.parents])
    assert validate_paths([folder]).diagnostics == []
    assert asset_roots(folder / "scenario.yaml")[-1] == ROOT / "assets"


def test_its_own_model_beside_it_is_found_first(tmp_path: Path) -> None:
    folder = scenario_at(tmp_path / "drill", "models/carton_generic.glb")
    (folder / "models").mkdir()
    (folder / "models" / "carton_generic.glb").write_bytes(b"not a model")
    found = validate_paths([folder]).diagnostics
    assert [d.code for d in found] == ["AST002"]  # its own (broken) copy, not the library's


def test_the_nearest_assets_folder_above_it(tmp_path: Path) -> None:
    (tmp_path / "assets").mkdir()
    shutil.copy(SHIPPED / "phone.glb", tmp_path / "assets" / "phone.glb")
    folder = scenario_at(tmp_path / "scenarios" / "drill", "phone.glb")
    assert validate_paths([folder]).diagnostics == []


def test_folders_named_in_taskforce_assets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> (
    None
):
    library = tmp_path / "centre-models"
    (library / "models").mkdir(parents=True)
    shutil.copy(SHIPPED / "lead_card.glb", library / "models" / "our_card.glb")
    folder = scenario_at(tmp_path / "drill", "models/our_card.glb")
    missing = validate_paths([folder]).diagnostics
    assert [d.code for d in missing] == ["SCN011"]
    assert "docs/models.md" in (missing[0].hint or "")
    monkeypatch.setenv("TASKFORCE_ASSETS", os.pathsep.join([str(tmp_path / "elsewhere"),
                                                            str(library)]))
    assert validate_paths([folder]).diagnostics == []
    assert library.resolve() in asset_roots(folder / "scenario.yaml")
