"""Every session gradable forever: the scenario and checklist a session was played against are
kept by content hash in the station's store, and found from any folder."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from engine.record.store import find_version, versions_folder
from tests.grading_support import scratch_project

ROOT = Path(__file__).resolve().parents[2]


def taskforce(*args: str, cwd: Path, home: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    if home is not None:
        env["TASKFORCE_HOME"] = str(home)
    return subprocess.run([sys.executable, "-m", "engine", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture()
def played(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A project folder, the station folder and a session log played in the project."""
    project = tmp_path / "project"
    project.mkdir()
    scratch_project(project)
    home = tmp_path / "station"
    log = project / "runs" / "reference.jsonl"
    result = taskforce("play", "scenarios/container-search", "--plan",
                       "scenarios/container-search/walkthroughs/reference.yaml", "--log", str(log),
                       cwd=project, home=home)
    assert result.returncode == 0, result.stdout + result.stderr
    return project, home, log


def header(log: Path) -> dict[str, object]:
    first: dict[str, object] = json.loads(log.read_bytes().split(b"\n")[0])
    return first


def test_a_session_keeps_its_scenario_and_checklist_by_hash(
    played: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    project, home, log = played
    head = header(log)
    monkeypatch.setenv("TASKFORCE_HOME", str(home))
    checklist = project / "scenarios" / "container-search" / "checklist.yaml"
    assert head["checklist_hash"] == "sha256:" + __import__("hashlib").sha256(
        checklist.read_bytes()).hexdigest()
    for digest in (head["scenario_hash"], head["checklist_hash"]):
        kept = find_version(digest)
        assert kept is not None and kept.parent == versions_folder()
    assert len(list(versions_folder().iterdir())) == 2


def test_an_edited_scenario_graded_from_elsewhere_gives_the_same_json(
    played: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    project, home, log = played
    before = taskforce("grade", str(log), "--format", "json", cwd=project, home=home)
    assert before.returncode == 0, before.stdout + before.stderr
    scenario = project / "scenarios" / "container-search" / "scenario.yaml"
    text = scenario.read_text("utf-8")
    scenario.write_text(text.replace("Risk profiling has flagged", "Risk profiling flagged"),
                        "utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    after = taskforce("grade", str(log), "--format", "json", cwd=elsewhere, home=home)
    assert after.returncode == 0, after.stdout + after.stderr
    assert after.stdout == before.stdout
    # Without the store (the same station's key, no versions kept), the edit is noticed; from
    # another folder the header's path is not followed, and the shipped scenarios/ holds the
    # version with the logged content hash.
    lost = tmp_path / "empty-station"
    lost.mkdir()
    shutil.copy(home / "station.key", lost / "station.key")
    assert "error LOG007" in taskforce("grade", str(log), cwd=project, home=lost).stdout
    assert taskforce("grade", str(log), cwd=elsewhere, home=lost).returncode == 0


def test_a_revised_checklist_regrades_and_says_so(
    played: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    project, home, log = played
    checklist = project / "scenarios" / "container-search" / "checklist.yaml"
    newer = tmp_path / "newer.yaml"
    newer.write_text(checklist.read_text("utf-8").replace('version: "1.0"', 'version: "1.1"', 1)
                     .replace("weight: 3\n            critical: true\n            essential: true",
                              "weight: 4\n            critical: true\n            essential: true",
                              1), "utf-8")
    result = taskforce("grade", str(log), "--checklist", str(newer), cwd=tmp_path, home=home)
    assert result.returncode == 0, result.stdout + result.stderr
    first = result.stdout.splitlines()[0]
    assert first.startswith("RE-GRADED: against checklist 'container-search' version 1.1")
    assert "not the one it was recorded with (sha256:" in first
    data = json.loads(taskforce("grade", str(log), "--checklist", str(newer), "--format", "json",
                                cwd=tmp_path, home=home).stdout)
    assert data["regraded"] == first and data["checklist"]["version"] == "1.1"
    same = taskforce("grade", str(log), "--checklist", str(checklist), cwd=tmp_path, home=home)
    assert not same.stdout.startswith("RE-GRADED")


def test_a_revised_checklist_whose_rules_do_not_resolve_is_refused(
    played: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    project, home, log = played
    checklist = project / "scenarios" / "container-search" / "checklist.yaml"
    broken = tmp_path / "broken.yaml"
    text = checklist.read_text("utf-8").replace("{performed: compare_with_genuine}",
                                                "{performed: compare_with_reference}")
    broken.write_text(text, "utf-8")
    result = taskforce("grade", str(log), "--checklist", str(broken), cwd=tmp_path, home=home)
    assert result.returncode == 1
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "compare_with_reference" in row)
    assert f"broken.yaml:{line}:" in result.stdout and "error CHK005" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_a_store_that_cannot_be_written_never_stops_a_session(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    scratch_project(project)
    blocked = tmp_path / "station"  # its key can be made, its store cannot
    blocked.mkdir()
    (blocked / "versions").write_text("a file where the store's folder should be")
    log = project / "run.jsonl"
    result = taskforce("play", "scenarios/container-search", "--plan",
                       "scenarios/container-search/walkthroughs/reference.yaml", "--log", str(log),
                       cwd=project, home=blocked)
    assert result.returncode == 0, result.stdout + result.stderr
    assert str(header(log)["checklist_hash"]).startswith("sha256:")
    graded = taskforce("grade", str(log), cwd=project, home=blocked)
    assert graded.returncode == 0 and "overall: P" in graded.stdout
