"""Mutated copies of the workshop scenarios: validation answers with located, coded lines and
never fails inside; whatever still validates plays its reference walkthrough to an end."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.errors import CODES, TaskforceError
from engine.play import play
from engine.scenario.loader import load_scenario, load_walkthrough, validate_paths

ROOT = Path(__file__).resolve().parents[2]
WORKSHOP = ["prioritising-operations", "site-investigation", "information-management",
            "medicine-check"]
TOKENS = ["documents: [nowhere]", "compare_with: pack_label", "compare_with: nothing",
          "value_labels: {x: y}", "start: {position: [1], look_at: [0, 0]}", "end: nowhere",
          "above: -5", "kind: lab", "agency: airline", "delivery: video_call", "[]", "{}", "",
          "'", "- x", "documents: []", "when: fired(nowhere)", "trigger: {}"]


def mutate(text: str, edits: list[tuple[int, int, int]]) -> str:
    lines = text.splitlines()
    for kind, where, token in edits:
        if not lines:
            break
        n = where % len(lines)
        if kind == 0:
            del lines[n]
        elif kind == 1:
            lines.insert(n, lines[(n * 7 + token) % len(lines)])
        else:
            indent = len(lines[n]) - len(lines[n].lstrip())
            lines[n] = " " * indent + TOKENS[token % len(TOKENS)]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("scenario", WORKSHOP)
@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.tuples(st.integers(0, 2), st.integers(0, 10_000), st.integers(0, 99)),
                      min_size=1, max_size=4))
def test_a_mutated_scenario_gets_located_coded_answers(
    scenario: str, edits: list[tuple[int, int, int]], tmp_path_factory: pytest.TempPathFactory,
) -> None:
    project = tmp_path_factory.mktemp("fuzz")
    (project / "assets").symlink_to(ROOT / "assets")
    folder = project / scenario
    shutil.copytree(ROOT / "scenarios" / scenario, folder)
    text = (folder / "scenario.yaml").read_text(encoding="utf-8")
    mutated = mutate(text, edits)
    (folder / "scenario.yaml").write_text(mutated, encoding="utf-8")
    found = validate_paths([folder]).diagnostics
    lines = mutated.count("\n") + 1
    for diagnostic in found:
        assert diagnostic.code in CODES, diagnostic.format()
        assert 1 <= diagnostic.line <= max(lines, 1) + 1, diagnostic.format()
    if not [d for d in found if d.path.endswith("scenario.yaml")]:
        loaded = load_scenario(folder)
        try:
            plan = load_walkthrough(folder / "walkthroughs" / "reference.yaml", loaded)
        except TaskforceError as error:  # a walkthrough the mutation broke: a coded answer
            assert all(d.code in CODES for d in error.diagnostics), error
            return
        result = play(loaded, plan, log_path=project / "log.jsonl")
        assert result.t_ms <= round(loaded.scenario.time_limit * 1000)
