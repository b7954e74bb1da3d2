"""Golden play-throughs: every walkthrough's events are pinned, and `taskforce test` passes.

After an intended change to the core or a scenario, regenerate the expected files with
``python tools/update_golden.py`` and review the diff; the test itself never writes them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.cli import main
from engine.play import play
from engine.scenario.loader import load_scenario, load_walkthrough

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = Path(__file__).resolve().parent / "expected"
WALKTHROUGHS = sorted((ROOT / "scenarios").glob("*/walkthroughs/*.yaml"))


def event_lines(log: Path) -> list[str]:
    """The log's lines without the header, the hash chain and the signatures: what the core
    decided."""
    lines = []
    for line in log.read_text(encoding="utf-8").splitlines()[1:]:
        record = json.loads(line)
        if record["k"] == "signed":
            continue
        del record["h"]
        lines.append(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
    return lines


def golden_lines(plan_file: Path, log: Path) -> tuple[Path, list[str]]:
    """Where a walkthrough's golden file is, and what its play gives now."""
    loaded = load_scenario(plan_file.parents[1] / "scenario.yaml")
    plan = load_walkthrough(plan_file, loaded)
    result = play(loaded, plan, log_path=log)
    return EXPECTED / f"{loaded.scenario.id}.{plan_file.stem}.jsonl", event_lines(result.log_path)


@pytest.mark.parametrize("plan_file", WALKTHROUGHS, ids=lambda p: f"{p.parents[1].name}/{p.stem}")
def test_walkthrough_events_match_golden(plan_file: Path, tmp_path: Path) -> None:
    golden, got = golden_lines(plan_file, tmp_path / "log.jsonl")
    assert golden.exists(), f"no golden file {golden.name}: run python tools/update_golden.py"
    assert got == golden.read_text(encoding="utf-8").splitlines()


def test_taskforce_test_passes_on_the_shipped_scenarios(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["test", str(ROOT / "scenarios"), "--logs", str(tmp_path / "logs")])
    out = capsys.readouterr().out
    assert code == 0, out
    assert f"{len(WALKTHROUGHS)} passed, 0 failed" in out


def test_taskforce_test_reports_a_failed_expectation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario_dir = tmp_path / "container-search"
    (tmp_path / "assets").symlink_to(ROOT / "assets")
    scenario_dir.mkdir()
    source = ROOT / "scenarios" / "container-search"
    (scenario_dir / "scenario.yaml").write_text((source / "scenario.yaml").read_text())
    (scenario_dir / "walkthroughs").mkdir()
    plan = (source / "walkthroughs" / "reference.yaml").read_text()
    plan = plan.replace("  - {at: \"1:00\", do: call_fire_service}\n", "")
    (scenario_dir / "walkthroughs" / "reference.yaml").write_text(plan)
    assert main(["test", str(scenario_dir), "--logs", str(tmp_path / "logs")]) == 1
    out = capsys.readouterr().out
    assert "FAIL container-search/reference" in out
    assert "inject 'fire_service_prompt' fired; expected it not to" in out
    assert "0 passed, 1 failed" in out
