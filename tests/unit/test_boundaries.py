"""The import boundaries of DESIGN.md, checked two ways: by reading the sources and by
import-linter's contracts in pyproject.toml; and the commands that need no graphics load none."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PURE = ["engine/core", "engine/scenario", "engine/record", "engine/interact", "grading"]
FORBIDDEN = ("panda3d", "direct", "xr", "gltf", "simplepbr")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_pure_layers_import_no_graphics_or_xr() -> None:
    offenders = []
    for folder in PURE:
        for path in sorted((ROOT / folder).rglob("*.py")):
            for module in imported_modules(path):
                if module.split(".")[0] in FORBIDDEN:
                    offenders.append(f"{path.relative_to(ROOT)} imports {module}")
    assert offenders == []


def test_the_network_layer_imports_no_presenter() -> None:
    """engine.present.panda has no __init__, so import-linter cannot see into it: read the
    sources. Agency colours (a table, no drawing) are the one thing taken from engine.present."""
    offenders = []
    for path in sorted((ROOT / "engine" / "net").rglob("*.py")):
        for module in imported_modules(path):
            if module.startswith("engine.present") and module != "engine.present.agencies":
                offenders.append(f"{path.relative_to(ROOT)} imports {module}")
    assert offenders == []


def test_import_linter_contract_holds() -> None:
    command = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(command) if command.exists() else "lint-imports"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "8 kept, 0 broken" in result.stdout


def test_validate_and_grade_start_without_loading_graphics() -> None:
    code = (
        "import sys, engine.cli, engine.scenario.loader, engine.session, engine.record.replay;"
        "import grading.cli, grading.grade, grading.html, grading.cohort, grading.checklist;"
        "grading.checklist.register();"
        f"bad=[m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r}];"
        "print(bad); assert not bad"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
