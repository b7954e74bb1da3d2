"""The evaluator's notes on one session: a sidecar file beside the report.

The evaluator fills in the improvement plan (owner, start and completion of each corrective
action), their name, a point of contact and free notes in the HTML report and saves them as
``<session>.notes.json``; ``taskforce grade LOG --notes FILE`` reads the file back, so the next
report (and its PDF) carries them. A notes file is JSON (a subset of YAML, so it is read with the
positioned reader and every problem is one located line, codes GRD010-GRD016 and GRD020).
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field

from engine.errors import Diagnostic, TaskforceError, did_you_mean
from engine.scenario.loader import file_diagnostics
from engine.scenario.schema import Model
from engine.scenario.yamlsource import Source

SCHEMA = "taskforce-notes/1"
Short = Annotated[str, Field(max_length=200)]
Long = Annotated[str, Field(max_length=20_000)]
_CODES = {"NTS001": "GRD010", "NTS002": "GRD011", "NTS003": "GRD012"}


class PlanEntry(Model):
    """The evaluator's part of one improvement-plan row."""

    owner: Short = ""
    start: Short = Field("", description="YYYY-MM-DD, or empty.")
    completion: Short = Field("", description="YYYY-MM-DD, or empty.")
    action: Long = Field("", description="A corrective action in the evaluator's words.")


class Notes(Model):
    schema_: Literal["taskforce-notes/1"] = Field("taskforce-notes/1", alias="schema")
    session: Short = Field(description="The session id the notes are about.")
    evaluator: Short = ""
    point_of_contact: Short = ""
    notes: Long = ""
    plan: dict[str, PlanEntry] = Field({}, description="By checklist task id.")

    def entry(self, task: str) -> PlanEntry:
        return self.plan.get(task) or PlanEntry()

    def to_json(self) -> str:
        return json.dumps(self.model_dump(by_alias=True), ensure_ascii=False, indent=2,
                          sort_keys=True) + "\n"


def _json_problem(path: Path) -> Diagnostic | None:
    """The first JSON syntax problem of the file, located; ``None`` when it is JSON."""
    try:
        json.loads(path.read_bytes())
    except OSError:
        return None  # the positioned reader words it (YML001)
    except UnicodeDecodeError:
        return None  # likewise (YML003)
    except json.JSONDecodeError as error:
        return Diagnostic(str(path), error.lineno, error.colno, "GRD020",
                          f"the notes file is not valid JSON: {error.msg}",
                          "save the notes again from the report page")
    return None


def load_notes(path: str | Path, session: str, tasks: set[str]) -> Notes:
    """The notes in ``path`` for session ``session`` whose plan names only ``tasks``, or a
    ``TaskforceError`` with every problem located."""
    syntax = _json_problem(Path(path))
    if syntax is not None:
        raise TaskforceError([syntax])
    checked, found = file_diagnostics(
        Path(path), Notes, "NTS", lambda notes, source: _check(notes, source, session, tasks))
    found = [replace(d, code=_CODES.get(d.code, d.code)) for d in found]
    if checked is None or found:
        raise TaskforceError(found)
    return checked[0]


def _check(notes: Notes, source: Source, session: str, tasks: set[str]) -> Iterator[Diagnostic]:
    if notes.session != session:
        yield source.diagnostic(("session",), "GRD013",
                                f"these notes are for session '{notes.session}', not for the "
                                f"graded session '{session}'")
    for task, entry in notes.plan.items():
        if task not in tasks:
            yield source.diagnostic(("plan", task), "GRD014",
                                    f"the improvement plan has no task '{task}'",
                                    did_you_mean(task, tasks), key=True)
            continue
        dates = {}
        for key in ("start", "completion"):
            value = getattr(entry, key)
            if not value:
                continue
            try:
                dates[key] = _dt.date.fromisoformat(value)
            except ValueError:
                yield source.diagnostic(("plan", task, key), "GRD015",
                                        f"'{value}' is not a date; write YYYY-MM-DD")
        if len(dates) == 2 and dates["completion"] < dates["start"]:
            yield source.diagnostic(("plan", task, "completion"), "GRD016",
                                    f"completion {entry.completion} comes before start "
                                    f"{entry.start}")


def blank_notes(session: str) -> Notes:
    return Notes.model_validate({"schema": SCHEMA, "session": session})
