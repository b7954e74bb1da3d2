"""Mutated scenarios, checklists, walkthroughs and logs into validate, test, verify, replay and
grade (every format): each answer is exit 0, 1 or 2, located error lines, no internal error.

A bounded version of ``tools/fuzz_inputs.py``, which runs the same mutations for longer."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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

FILES = ["scenario.yaml", "checklist.yaml", "walkthroughs/reference.yaml",
         "walkthroughs/battery-fire.yaml"]
EXAMPLES = settings(max_examples=12, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return scratch_project(tmp_path_factory.mktemp("fuzz")) / "container-search"


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return play_reference(tmp_path_factory.mktemp("fuzz-log") / "reference.jsonl")


def clean(commands: list[list[str]]) -> None:
    for command in commands:
        result = answer(command, seconds=120)
        assert result.problems() == [], (command, result.out[-2000:], result.err[-2000:])


@EXAMPLES
@given(name=st.sampled_from(FILES), seed=st.integers(0, 2**32), edits=st.integers(1, 3))
def test_mutated_authored_files(pristine: Path, tmp_path_factory: pytest.TempPathFactory,
                                name: str, seed: int, edits: int) -> None:
    case = tmp_path_factory.mktemp("case")
    folder = case / "container-search"
    shutil.copytree(pristine, folder)
    (case / "assets").symlink_to(pristine.parents[1] / "assets")
    rng = random.Random(seed)
    text = (folder / name).read_text(encoding="utf-8")
    for _ in range(edits):
        text = mutate_yaml(text, rng)
    (folder / name).write_text(text, encoding="utf-8")
    clean(scenario_commands(folder))


@EXAMPLES
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
    clean(log_commands(log, pristine))
