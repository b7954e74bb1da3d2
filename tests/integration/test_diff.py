"""`taskforce diff`: two sessions of one scenario aligned by scenario events; the reference
against each flawed walkthrough names the step the flawed one broke."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from engine.scenario.loader import load_scenario, load_walkthrough
from tests.grading_support import load, play_with_poses, scratch_project

ROOT = Path(__file__).resolve().parents[2]
FLAWED = ["no-ppe", "by-hand", "beside-the-gate", "late-fire-call", "battery-fire"]


def diff(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "engine", "diff", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def logs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("diff")
    loaded = load(scratch_project(root))
    return {name: play_with_poses(loaded, loaded.folder / "walkthroughs" / f"{name}.yaml",
                                  root / f"{name}.jsonl")
            for name in ["reference", *FLAWED]}


@pytest.mark.parametrize("flawed", FLAWED)
def test_diff_names_the_step_the_flawed_walkthrough_broke(
    logs: dict[str, Path], flawed: str, tmp_path: Path
) -> None:
    loaded = load(ROOT / "scenarios")
    plan = load_walkthrough(loaded.folder / "walkthroughs" / f"{flawed}.yaml", loaded)
    result = diff(str(logs["reference"]), str(logs[flawed]), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    broken = [line for line in result.stdout.splitlines() if line.startswith("task differs:")
              and ", B missed" in line and ": A met" in line]
    assert any(g in line for line in broken for g in plan.breaks), (plan.breaks, broken)


def test_first_divergence_and_what_only_one_did(logs: dict[str, Path], tmp_path: Path) -> None:
    text = diff(str(logs["reference"]), str(logs["beside-the-gate"]), cwd=tmp_path).stdout
    assert text.splitlines()[3].startswith("first divergence: “Where will the container be "
                                           "examined?”: A chose “Have the harbour master")
    same = diff(str(logs["reference"]), str(logs["no-ppe"]), cwd=tmp_path).stdout
    assert "the decisions match" in same
    assert "only A: “Put on protective equipment (coat, gloves, face shield, respirator)” by the " \
           "“Customs examination officer” at 00:40" in same


def test_html_shows_both_paths_and_the_milestones(logs: dict[str, Path], tmp_path: Path) -> None:
    page = tmp_path / "diff.html"
    result = diff(str(logs["reference"]), str(logs["late-fire-call"]), "--format", "html",
                  "--out", str(page), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    html = page.read_text("utf-8")
    assert html.count('class="path"') == 2 and 'id="milestones"' in html
    assert 'data-milestone="task:fire-service-called-early" class="differs"' in html


def test_diff_refuses_what_it_cannot_compare(logs: dict[str, Path], tmp_path: Path) -> None:
    assert "error CLI020" in diff(str(logs["reference"]), cwd=tmp_path).stdout
    scenarios = scratch_project(tmp_path)
    drill = scenarios / "drill"
    shutil.copytree(scenarios / "container-search", drill)
    for name in ("scenario.yaml", "checklist.yaml"):
        text = (drill / name).read_text("utf-8")
        (drill / name).write_text(text.replace("id: container-search", "id: drill", 1)
                                  .replace("scenario: container-search", "scenario: drill", 1),
                                  "utf-8")
    other = play_with_poses(load_scenario(drill), drill / "walkthroughs" / "reference.yaml",
                            tmp_path / "drill.jsonl")
    result = diff(str(logs["reference"]), str(other), cwd=tmp_path)
    assert result.returncode == 1 and "error GRD019" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
