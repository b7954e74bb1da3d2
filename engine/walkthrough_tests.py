"""``taskforce test``: play every walkthrough and check its expectations, like a test runner."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

from engine.errors import TaskforceError
from engine.play import PlayResult, play, unmet_expectations
from engine.scenario.loader import LoadedScenario, load_scenario, load_walkthrough
from engine.scenario.walkthrough import Walkthrough

ExtraCheck = Callable[[LoadedScenario, Walkthrough, PlayResult], list[str]]
EXTRA_CHECKS: list[ExtraCheck] = []
"""Further expectations (such as checklist ratings) that other packages check."""


def _scenario_files(paths: Sequence[str | Path]) -> list[Path]:
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found += sorted(path.rglob("scenario.yaml"))
        elif path.is_file():
            found.append(path if path.name == "scenario.yaml" else path.parent / "scenario.yaml")
    return found


def _report_invalid(what: str, error: TaskforceError) -> None:
    print(f"FAIL {what}")
    for diagnostic in error.diagnostics:
        print(f"    {diagnostic.format()}")


def run_walkthrough_tests(paths: Sequence[str | Path], logs: Path) -> int:
    passed = failed = 0
    files = _scenario_files(paths)
    if not files:
        print(f"error CLI001: no scenarios found under {' '.join(map(str, paths))}")
        return 2
    if logs.exists():
        shutil.rmtree(logs)
    for scenario_file in files:
        try:
            loaded = load_scenario(scenario_file)
        except TaskforceError as error:
            _report_invalid(f"{scenario_file}: does not validate", error)
            failed += 1
            continue
        for plan_file in loaded.walkthrough_files():
            name = f"{loaded.scenario.id}/{plan_file.stem}"
            try:
                plan = load_walkthrough(plan_file, loaded)
            except TaskforceError as error:
                _report_invalid(f"{name}: walkthrough does not validate", error)
                failed += 1
                continue
            log_path = logs / loaded.scenario.id / f"{plan_file.stem}.jsonl"
            result = play(loaded, plan, log_path=log_path)
            problems = unmet_expectations(plan, result)
            for check in EXTRA_CHECKS:
                problems += check(loaded, plan, result)
            ending = f"{result.ending} ({result.outcome})" if result.ending else "no ending"
            if problems:
                failed += 1
                print(f"FAIL {name}: {ending}")
                for problem in problems:
                    print(f"    {problem}")
            else:
                passed += 1
                print(f"ok   {name}: {ending}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0
