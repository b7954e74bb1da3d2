"""Evaluator notes files: every problem one located line with its code, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.errors import TaskforceError
from grading.notes import load_notes

ROOT = Path(__file__).resolve().parents[2]
SESSION = "5a1c0f3e-0000-4000-8000-000000000001"
TASKS = {"ppe-before-opening", "robot-opens-doors"}
GOOD = {"schema": "taskforce-notes/1", "session": SESSION, "evaluator": "A. Moreau",
        "point_of_contact": "", "notes": "", "plan": {
            "ppe-before-opening": {"owner": "Yard supervisor", "start": "2025-06-02",
                                   "completion": "2025-06-30", "action": ""}}}


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "session.notes.json"
    path.write_text(text, "utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(TaskforceError) as caught:
        load_notes(path, SESSION, TASKS)
    return [d.format() for d in caught.value.diagnostics]


def test_good_notes_load(tmp_path: Path) -> None:
    notes = load_notes(write(tmp_path, json.dumps(GOOD, indent=2)), SESSION, TASKS)
    assert notes.entry("ppe-before-opening").owner == "Yard supervisor"
    assert notes.entry("robot-opens-doors").owner == ""


@pytest.mark.parametrize(("change", "code", "line"), [
    (lambda d: d.update(colour="red"), "GRD010", 3),
    (lambda d: d.pop("session"), "GRD011", 1),
    (lambda d: d.update(evaluator=7), "GRD012", 4),
    (lambda d: d.update(session="another"), "GRD013", 11),
    (lambda d: d["plan"].update({"ppe-before-openin": {}}), "GRD014", 15),
    (lambda d: d["plan"]["ppe-before-opening"].update(start="2 June"), "GRD015", 21),
    (lambda d: d["plan"]["ppe-before-opening"].update(completion="2025-05-01"), "GRD016", 19),
])
def test_each_problem_is_located(tmp_path: Path, change: object, code: str, line: int) -> None:
    data = json.loads(json.dumps(GOOD))
    change(data)  # type: ignore[operator]
    text = json.dumps(data, indent=2, sort_keys=True)
    found = problems(write(tmp_path, text))
    assert any(f" error {code}: " in p for p in found), found
    first = next(p for p in found if f" error {code}: " in p)
    assert first.startswith(f"{tmp_path / 'session.notes.json'}:")


def test_broken_json_is_located(tmp_path: Path) -> None:
    found = problems(write(tmp_path, '{\n  "session": "x",\n  "plan": {"a": }\n}\n'))
    assert found[0].startswith(f"{tmp_path / 'session.notes.json'}:3:")
    assert " error GRD020: the notes file is not valid JSON" in found[0]


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(min_value=0, max_value=400), junk=st.text(max_size=6))
def test_mutated_notes_files_give_located_errors(tmp_path: Path, cut: int, junk: str) -> None:
    text = json.dumps(GOOD, indent=2)
    mutated = text[:cut] + junk + text[cut + len(junk):]
    path = write(tmp_path, mutated)
    try:
        load_notes(path, SESSION, TASKS)
    except TaskforceError as error:
        assert error.diagnostics
        for d in error.diagnostics:
            assert d.line >= 1 and d.col >= 1 and d.code[:3] in ("GRD", "YML")


def grade(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "engine", "grade", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from engine.cli import main

    path = tmp_path_factory.mktemp("notes") / "ref.jsonl"
    scenario = ROOT / "scenarios" / "container-search"
    assert main(["play", str(scenario), "--plan", str(scenario / "walkthroughs" / "no-ppe.yaml"),
                 "--log", str(path)]) == 0
    return path


def test_grade_refuses_bad_notes_and_usage(log: Path, tmp_path: Path) -> None:
    bad = write(tmp_path, json.dumps({**GOOD, "session": "another"}))
    result = grade(str(log), "--format", "html", "--notes", str(bad), cwd=tmp_path)
    assert result.returncode == 1 and "error GRD013" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert "error CLI020" in grade(str(log), str(log), cwd=tmp_path).stdout
    assert "error CLI021" in grade(str(log), "--format", "pdf", cwd=tmp_path).stdout
    assert "error CLI022" in grade(str(log), "--notes", str(bad), cwd=tmp_path).stdout


def test_pdf_without_a_browser_says_so(log: Path, tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT), TASKFORCE_CHROMIUM=str(tmp_path / "none"))
    result = subprocess.run([sys.executable, "-m", "engine", "grade", str(log), "--format", "pdf",
                             "--out", str(tmp_path / "r.pdf")], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 1 and "error GRD018" in result.stdout
    blocked = dict(env, PYTHONPATH=f"{tmp_path / 'shadow'}{os.pathsep}{ROOT}")
    shadow = tmp_path / "shadow" / "playwright"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("raise ImportError('not installed here')\n")
    result = subprocess.run([sys.executable, "-m", "engine", "grade", str(log), "--format", "pdf",
                             "--out", str(tmp_path / "r.pdf")], cwd=tmp_path, env=blocked,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 1 and "error GRD017" in result.stdout
