"""Finding the scenario and checklist a session was recorded against, from any folder.

First by the content hashes in the log's header, in the station's store of recorded versions
(``engine.record.store``); then inside the known scenario folders only, by the path the header
names or by content hash (``engine.record.origin``); ``--scenario``/``--checklist`` override
both. This is the one place grading looks
files up.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.errors import Diagnostic, TaskforceError
from engine.record.origin import logged_scenario
from engine.record.store import find_version
from engine.scenario.checks import check_scenario
from engine.scenario.files import contained_file
from engine.scenario.loader import LoadedScenario, content_hash, file_diagnostics, load_scenario
from engine.scenario.schema import Scenario
from engine.scenario.yamlsource import Source
from grading.checklist import CHECKLIST_FILE, Checklist, load_checklist

_ASSET_CODES = frozenset({"SCN011", "SCN012"})  # grading never draws the scenario's models


def problem(shown: str, code: str, message: str, hint: str | None = None) -> TaskforceError:
    return TaskforceError([Diagnostic(shown, 1, 1, code, message, hint)])


def load_recorded(path: Path) -> LoadedScenario:
    """A kept scenario version, checked as a scenario except for its asset files, which live in
    the project the session was played in, not in the store."""

    def check(scenario: Scenario, source: Source) -> list[Diagnostic]:
        return [d for d in check_scenario(scenario, source, [path.parent])
                if d.code not in _ASSET_CODES]

    checked, found = file_diagnostics(path, Scenario, "SCN", check)
    if checked is None:
        raise TaskforceError(found)
    scenario, source = checked
    return LoadedScenario(path, source, scenario, content_hash(path.read_bytes()))


@dataclass(frozen=True)
class ChecklistChoice:
    checklist: Checklist
    digest: str
    regraded: str | None  # the report's RE-GRADED line, when it is not the recorded checklist


class Versions:
    """Loads each scenario and checklist once, by content hash or by path."""

    def __init__(self, *, scenario: Path | None, checklist: Path | None, force: bool) -> None:
        self.scenario_path = scenario
        self.checklist_path = checklist
        self.force = force
        self._scenarios: dict[str, LoadedScenario] = {}
        self._checklists: dict[tuple[str, str], tuple[Checklist, str]] = {}

    def scenario(self, header: dict[str, Any], shown: str) -> LoadedScenario:
        recorded = header.get("scenario_hash")
        kept = None if self.scenario_path else find_version(recorded)
        if kept is not None:
            key = str(recorded)
            if key not in self._scenarios:
                self._scenarios[key] = load_recorded(kept)
            return self._scenarios[key]
        target = logged_scenario(header, shown, named=self.scenario_path)
        key = str(target)
        if key not in self._scenarios:
            self._scenarios[key] = load_scenario(target)
        loaded = self._scenarios[key]
        if loaded.content_hash != recorded and not self.force:
            raise problem(shown, "LOG007",
                          f"the log was recorded with a different version of {loaded.path}",
                          "grade with the scenario file the session used (--scenario PATH), on "
                          "the station that keeps its recorded version")
        return loaded

    def checklist(self, header: dict[str, Any], loaded: LoadedScenario, shown: str) -> (
        ChecklistChoice
    ):
        recorded = header.get("checklist_hash")
        if self.checklist_path is not None:
            path: Path | None = self.checklist_path
        else:
            path = find_version(recorded) or _beside(header, loaded)
        if path is None or not path.is_file():
            where = (f"at '{path}'" if path is not None else "beside the scenario (a link out "
                     "of the scenario's folder is not followed)")
            raise problem(shown, "GRD002", f"no checklist found {where}",
                          "write scenarios/<id>/checklist.yaml or pass --checklist FILE")
        checklist, digest = self._load(path, loaded)
        regraded = None
        if self.checklist_path is None and recorded and digest != recorded:
            regraded = (f"RE-GRADED: the checklist this session was recorded with "
                        f"({_short(recorded)}) is not in the station's store; graded against "
                        f"checklist '{checklist.id}' version {checklist.version} "
                        f"({_short(digest)}) beside the scenario")
        elif self.checklist_path is not None and digest != recorded:
            was = (f"the one it was recorded with ({_short(recorded)})" if recorded else
                   "whatever checklist stood beside the scenario then (the log does not record "
                   "it)")
            regraded = (f"RE-GRADED: against checklist '{checklist.id}' version "
                        f"{checklist.version} ({_short(digest)}), not {was}; every rule of it "
                        "resolves against the recorded scenario")
        return ChecklistChoice(checklist, digest, regraded)

    def _load(self, path: Path, loaded: LoadedScenario) -> tuple[Checklist, str]:
        key = (str(path), loaded.content_hash)
        if key not in self._checklists:
            checklist = load_checklist(path, loaded)
            self._checklists[key] = (checklist, content_hash(path.read_bytes()))
        return self._checklists[key]


def _beside(header: dict[str, Any], loaded: LoadedScenario) -> Path | None:
    """The checklist beside the scenario file, where it was played (when that lies in a known
    scenario folder), else beside the copy; a link out of its folder is never followed."""
    with contextlib.suppress(TaskforceError):
        played = logged_scenario({**header, "scenario_hash": None}, "")
        there = contained_file(played.parent / CHECKLIST_FILE, [played.parent])
        if there is not None:
            return there
    beside = loaded.folder / CHECKLIST_FILE
    return None if beside.is_symlink() else contained_file(beside, [loaded.folder]) or beside


def _short(digest: object) -> str:
    text = str(digest)
    return text[: len("sha256:") + 12] + "…" if text.startswith("sha256:") else text
