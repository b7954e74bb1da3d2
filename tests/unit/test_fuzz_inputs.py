"""Damaged scenarios, checklists, walkthroughs, evaluator notes and session logs into the real
commands (validate, test, play, verify, replay, grade in every format, diff), in process: each
answer is exit 0, 1 or 2, every error one located line, no internal error or traceback, no raw
control character, and nothing of a file outside the roots printed.

Bounded and derandomized so the suite stays quick and the same on every run; the long-running
``tools/fuzz_inputs.py`` runs the same mutations for as long as it is given."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from grading.notes import blank_notes
from tests.damage import DAMAGE, damage, escaping_paths, outside_file, rechain
from tests.grading_support import scratch_project
from tests.mutations import (
    answer,
    log_commands,
    log_records,
    mutate_log_bytes,
    mutate_records,
    mutate_yaml,
    scenario_commands,
    write_log,
)
from tests.trust_support import play_reference

AUTHORED = ["scenario.yaml", "checklist.yaml", "walkthroughs/reference.yaml",
            "walkthroughs/battery-fire.yaml", "walkthroughs/solo-customs.yaml"]


def bounded(examples: int) -> settings:
    return settings(max_examples=examples, deadline=None, derandomize=True, database=None,
                    phases=[Phase.explicit, Phase.generate],
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return scratch_project(tmp_path_factory.mktemp("fuzz")) / "container-search"


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return play_reference(tmp_path_factory.mktemp("fuzz-log") / "reference.jsonl")


@pytest.fixture(scope="module")
def outside(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return outside_file(tmp_path_factory.mktemp("outside"))


@pytest.fixture(scope="module")
def notes(reference: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    header = json.loads(reference.read_bytes().split(b"\n", 1)[0])
    saved = blank_notes(str(header["session"])).model_copy(update={
        "evaluator": "A. Moreau", "notes": "Good cordon."})
    data = json.loads(saved.to_json())
    data["plan"] = {"ppe-before-opening": {"owner": "Yard supervisor", "start": "2025-06-02",
                                           "completion": "2025-06-30", "action": "Drill"}}
    path = tmp_path_factory.mktemp("notes") / "session.notes.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def clean(commands: list[list[str]], what: str) -> None:
    for command in commands:
        result = answer(command, seconds=120)
        assert result.problems() == [], (what, command, result.out[-2000:], result.err[-2000:])


def test_the_pristine_files_answer_cleanly(pristine: Path, reference: Path, notes: Path,
                                           tmp_path: Path) -> None:
    """The fuzz tests start from files every command accepts, so a finding is the damage's."""
    for command in [*scenario_commands(pristine), *log_commands(reference, pristine),
                    ["grade", str(reference), "--format", "html", "--notes", str(notes),
                     "--out", str(tmp_path / "r.html")]]:
        result = answer(command)
        assert result.code == 0 and result.problems() == [], (command, result.out[-2000:])


@bounded(28)
@example(name="scenario.yaml", how="path_escape", at=0, pick=2)  # a model outside, absolute
@example(name="scenario.yaml", how="path_escape", at=1, pick=3)  # and up and out
@given(name=st.sampled_from(AUTHORED), how=st.sampled_from(DAMAGE),
       at=st.integers(0, 1 << 20), pick=st.integers(0, 63))
def test_damaged_authored_files(pristine: Path, reference: Path, outside: Path,
                                tmp_path_factory: pytest.TempPathFactory, name: str, how: str,
                                at: int, pick: int) -> None:
    case = tmp_path_factory.mktemp("case")
    folder = case / "container-search"
    shutil.copytree(pristine, folder)
    (case / "assets").symlink_to(pristine.parents[1] / "assets")
    target = folder / name
    target.write_bytes(damage(target.read_bytes(), how, at, pick,
                              escaping_paths(outside, target.parent)))
    plan = target if name.startswith("walkthroughs/") else folder / AUTHORED[2]
    clean([*scenario_commands(folder),
           ["play", str(folder), "--plan", str(plan), "--log", str(case / "played.jsonl")],
           ["replay", str(reference), "--scenario", str(folder)],
           ["grade", str(reference), "--scenario", str(folder), "--force", "--format", "json"],
           ["grade", str(reference), "--checklist", str(folder / "checklist.yaml"),
            "--scenario", str(folder), "--force"]],
          f"{how} at {at} ({pick}) in {name}")


@bounded(20)
@given(how=st.sampled_from(DAMAGE), at=st.integers(0, 1 << 16), pick=st.integers(0, 63))
def test_damaged_notes(reference: Path, notes: Path, outside: Path,
                       tmp_path_factory: pytest.TempPathFactory, how: str, at: int,
                       pick: int) -> None:
    case = tmp_path_factory.mktemp("notes")
    damaged = case / "session.notes.json"
    damaged.write_bytes(damage(notes.read_bytes(), how, at, pick, escaping_paths(outside, case)))
    clean([["grade", str(reference), "--format", format_, "--notes", str(damaged),
            "--out", str(case / f"report.{format_}")] for format_ in ("html", "pdf")],
          f"{how} at {at} ({pick}) in the notes")


@bounded(32)
@given(how=st.sampled_from(DAMAGE), at=st.integers(0, 1 << 20), pick=st.integers(0, 63),
       chain=st.sampled_from(["as damaged", "rehashed", "signed"]))
@example(how="path_escape", at=0, pick=2, chain="signed")  # the header names a file outside
@example(how="path_escape", at=0, pick=3, chain="rehashed")  # by climbing out of the roots
def test_damaged_logs(reference: Path, pristine: Path, outside: Path,
                      tmp_path_factory: pytest.TempPathFactory, how: str, at: int, pick: int,
                      chain: str) -> None:
    """A log damaged as it is, or damaged and then given a sound chain (and a signature, as only
    the station's key holder could), so the damage reaches replay and grading too."""
    case = tmp_path_factory.mktemp("log")
    log = case / "log.jsonl"
    data = damage(reference.read_bytes(), how, at, pick, escaping_paths(outside, case))
    if chain == "as damaged":
        log.write_bytes(data)
    else:
        rechain(log, data, sign=chain == "signed")
    clean(log_commands(log, pristine), f"{how} at {at} ({pick}), {chain}")


@bounded(8)
@given(name=st.sampled_from(AUTHORED), seed=st.integers(0, 2**32), edits=st.integers(1, 3))
def test_mutated_authored_files(pristine: Path, tmp_path_factory: pytest.TempPathFactory,
                                name: str, seed: int, edits: int) -> None:
    """Several mutations at once, as the long-running fuzzer makes them."""
    case = tmp_path_factory.mktemp("case")
    folder = case / "container-search"
    shutil.copytree(pristine, folder)
    (case / "assets").symlink_to(pristine.parents[1] / "assets")
    rng = random.Random(seed)
    text = (folder / name).read_text(encoding="utf-8")
    for _ in range(edits):
        text = mutate_yaml(text, rng)
    (folder / name).write_text(text, encoding="utf-8")
    clean(scenario_commands(folder), f"seed {seed}, {edits} edits of {name}")


@bounded(8)
@given(way=st.sampled_from(["bytes", "rehashed", "signed"]), seed=st.integers(0, 2**32),
       edits=st.integers(1, 3))
def test_mutated_logs(reference: Path, pristine: Path, tmp_path_factory: pytest.TempPathFactory,
                      way: str, seed: int, edits: int) -> None:
    rng = random.Random(seed)
    log = tmp_path_factory.mktemp("log") / "log.jsonl"
    if way == "bytes":
        data = reference.read_bytes()
        for _ in range(edits):
            data = mutate_log_bytes(data, rng) or b"\n"
        log.write_bytes(data)
    else:
        lines = log_records(reference)
        for _ in range(edits):
            lines = mutate_records(lines, rng)
        write_log(log, lines, sign=way == "signed")
    clean(log_commands(log, pristine), f"seed {seed}, {edits} edits, {way}")
