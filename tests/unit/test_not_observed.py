"""Rated only on what the log shows: every shipped walkthrough's log, cut short, says nothing
the cut-off part would have had to show, and never "objective met" without an ending."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.play import play
from engine.scenario.loader import load_scenario, load_walkthrough
from grading.checklist import CHECKLIST_FILE, RatingPolicy
from grading.grade import Grader, Report, rate
from grading.html import render_html
from grading.report import render_json, render_text
from tests.grading_support import scratch_project

ROOT = Path(__file__).resolve().parents[2]
WALKTHROUGHS = sorted(
    (scenario.parent.name, plan.stem)
    for scenario in (ROOT / "scenarios").glob("*/scenario.yaml")
    if (scenario.parent / CHECKLIST_FILE).is_file()
    for plan in (scenario.parent / "walkthroughs").glob("*.yaml")
)
CUTS = (0.25, 0.5, 0.75)


@pytest.fixture(scope="module")
def logs(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    root = tmp_path_factory.mktemp("cuts")
    scenarios = scratch_project(root)
    played = {}
    for scenario_id, name in WALKTHROUGHS:
        loaded = load_scenario(scenarios / scenario_id / "scenario.yaml")
        plan = load_walkthrough(loaded.folder / "walkthroughs" / f"{name}.yaml", loaded)
        played[(scenario_id, name)] = play(
            loaded, plan, log_path=root / "logs" / scenario_id / f"{name}.jsonl").log_path
    return played


@pytest.fixture(scope="module")
def crash(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Grader options for a cut log as a crash leaves it: the station's ledger has not seen
    what came after (here, an empty one; the real one knows these logs whole and calls a cut
    copy truncated)."""
    ledger = tmp_path_factory.mktemp("no-record") / "ledger.jsonl"
    ledger.write_bytes(b"")
    return {"ledger": str(ledger)}


def cut(log: Path, keep: int, target: Path) -> Path:
    lines = log.read_bytes().splitlines(keepends=True)
    target.write_bytes(b"".join(lines[:max(1, keep)]))
    return target


def statuses(report: Report) -> dict[str, tuple[str, tuple[int, ...]]]:
    return {r.item.id: (r.status, tuple(e.i for e in r.evidence)) for r in report.results}


def assert_truthful_cut(full: Report, part: Report, last_line: int) -> None:
    before, after = statuses(part), statuses(full)
    for item, (status, evidence) in before.items():
        assert all(i <= last_line for i in evidence), (item, evidence, last_line)
        assert status in ("not_observed", after[item][0]), (item, status, after[item][0])
    if part.finished:  # the cut kept the ending: everything is settled, as in the whole log
        assert {k: s for k, (s, _) in before.items()} == {k: s for k, (s, _) in after.items()}
        return
    assert not part.passed
    for text in (render_text(part), render_json(part), render_html(part)):
        assert "objective met" not in text


@pytest.mark.parametrize("walkthrough", WALKTHROUGHS, ids="/".join)
@pytest.mark.parametrize("share", CUTS)
def test_a_cut_log_credits_nothing_after_the_cut(
    logs: dict[tuple[str, str], Path], walkthrough: tuple[str, str], share: float,
    tmp_path: Path, crash: dict[str, str],
) -> None:
    log = logs[walkthrough]
    grader = Grader(poses=True, **crash)
    full = grader.grade(log)
    total = len(log.read_bytes().splitlines())
    keep = round(total * share)
    part = grader.grade(cut(log, keep, tmp_path / "cut.jsonl"))
    assert_truthful_cut(full, part, keep - 1)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_cut_of_any_walkthrough_is_truthful(
    logs: dict[tuple[str, str], Path], tmp_path: Path, crash: dict[str, str], data: Any
) -> None:
    walkthrough = data.draw(st.sampled_from(WALKTHROUGHS))
    log = logs[walkthrough]
    total = len(log.read_bytes().splitlines())
    keep = data.draw(st.integers(min_value=2, max_value=total - 2))
    grader = Grader(**crash)
    part = grader.grade(cut(log, keep, tmp_path / f"cut-{keep}.jsonl"))
    assert_truthful_cut(grader.grade(log), part, keep - 1)


def test_battery_fire_lists_no_strength_about_the_fire_service(
    logs: dict[tuple[str, str], Path],
) -> None:
    report = Grader().grade(logs[("container-search", "battery-fire")])
    prompt = next(r for r in report.results if r.item.id == "no-fire-station-prompt")
    assert prompt.status == "not_observed"
    assert "not due before 08:00" in prompt.reason and "ended at 05:34" in prompt.reason
    assert not [r.item.id for r in report.results if r.met and "G2.4" in r.item.guidance]
    html = render_html(report)
    strengths = html.split('id="strengths"')[1].split("</section>")[0]
    assert "fire service" not in strengths.lower() and "fire station" not in strengths.lower()


def test_an_unopened_container_credits_no_safety(
    logs: dict[tuple[str, str], Path], tmp_path: Path, crash: dict[str, str],
) -> None:
    """The trainee stopped before opening anything: no credit for "no fumes" or "no fire", and
    no claim that the container was opened beside the gate."""
    log = logs[("container-search", "reference")]
    text = log.read_bytes().decode()
    keep = text[: text.index('"do":"open_container"')].count("\n")
    report = Grader(**crash).grade(cut(log, keep, tmp_path / "unopened.jsonl"))
    got = {r.item.id: r for r in report.results}
    for item in ("no-fume-exposure", "no-battery-fire", "away-from-public",
                 "ppe-before-opening", "load-kept-below-venting"):
        assert got[item].status == "not_observed", (item, got[item].reason)
    assert "opened beside the gate" not in render_html(report)
    assert got["fire-service-called-early"].met  # what it did show is still credited
    assert report.overall != "P" or all(c.rating in "PN" for c in report.capabilities)


def test_the_checklist_sets_how_unobserved_tasks_count(
    logs: dict[tuple[str, str], Path],
) -> None:
    report = Grader().grade(logs[("container-search", "battery-fire")])
    multi = next(c for c in report.capabilities if c.capability.id == "multi-agency")
    assert "task no-fire-station-prompt not observed" in multi.explanation
    strict = RatingPolicy(not_observed="missed")
    assert rate(multi.results, strict)[0] == "U"
    safety = next(c for c in report.capabilities if c.capability.id == "safe-examination")
    assert rate(safety.results, RatingPolicy(min_observed=1.0))[0] == "N"
    assert rate(safety.results, RatingPolicy(min_observed=0.9))[0] == "U"


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_forced_grade_of_a_mutated_log_never_trips(
    logs: dict[tuple[str, str], Path], tmp_path: Path, data: Any
) -> None:
    """Any value of any line replaced (the chain then broken, so graded with --force): the
    report, its page and its JSON come out, with the bad lines named, or a located refusal."""
    import json

    from engine.errors import TaskforceError

    log = logs[data.draw(st.sampled_from(WALKTHROUGHS))]
    lines = log.read_bytes().splitlines()
    n = data.draw(st.integers(min_value=0, max_value=len(lines) - 1))
    record = json.loads(lines[n])
    key = data.draw(st.sampled_from(sorted(record)))
    record[key] = data.draw(st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=5),
                                      st.lists(st.integers(), max_size=2)))
    lines[n] = json.dumps(record).encode()
    mutated = tmp_path / f"mutated-{n}.jsonl"
    mutated.write_bytes(b"\n".join(lines) + b"\n")
    try:
        report = Grader(force=True, poses=True).grade(mutated)
    except TaskforceError as refused:
        assert all(d.line >= 1 for d in refused.diagnostics)
        return
    render_html(report)
    render_json(report)
    render_text(report)
