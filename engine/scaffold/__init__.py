"""``taskforce init DIR``: a new scenario folder that validates and plays at once.

It writes ``scenario.yaml``, ``checklist.yaml`` and two walkthroughs (the reference and one
that breaks a guidance line), each starting with a ``$schema`` line that points, relative to
DIR, at the JSON Schemas an editor uses; where DIR cannot reach the project's schemas, copies
of them are written beside the scenario. Its models come from the shipped library, which a
scenario finds wherever it is kept.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from engine.scaffold.templates import CHECKLIST, FLAWED, REFERENCE, SCENARIO

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*(-[a-z0-9_]+)*$")
PROJECT = Path(__file__).resolve().parents[2]
MAX_TITLE = 4000


class InitError(ValueError):
    """A usage problem, with its code: the folder is not empty, or the id cannot be one."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


@dataclass
class Written:
    folder: Path
    files: list[Path] = field(default_factory=list)


def scenario_id(folder: Path, given: str | None) -> str:
    """The id to use: the one given, else the folder's name if it can be one."""
    wanted = given if given is not None else folder.name
    if ID_PATTERN.match(wanted) and len(wanted) <= 64:
        return wanted
    slug = re.sub(r"[^a-z0-9]+", "-", wanted.lower()).strip("-")
    slug = slug if slug and slug[0].isalpha() else f"scenario-{slug}".strip("-")
    where = "--id" if given is not None else f"the folder name '{folder.name}'"
    raise InitError("CLI031", f"{where} cannot be a scenario id (lower-case letters, digits, "
                              f"'_' and '-', starting with a letter); try --id {slug[:64]}")


def quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar: readable, with only what YAML cannot hold
    (quotes, backslashes, control and other unprintable characters) escaped."""
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch.isprintable():
            out.append(ch)
        elif ord(ch) <= 0xFF:
            out.append(f"\\x{ord(ch):02x}")
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    return '"' + "".join(out) + '"'


def init(folder: Path, given_id: str | None = None, title: str | None = None) -> Written:
    """Write a new scenario into ``folder`` (made if missing; it must be empty)."""
    if folder.exists() and not folder.is_dir():
        raise InitError("CLI030", f"{folder} is a file; give init a new or empty folder")
    if folder.exists() and any(folder.iterdir()):
        raise InitError("CLI030", f"{folder} already has files in it; init writes only into "
                                  "a new or empty folder, so that nothing is overwritten")
    sid = scenario_id(folder, given_id)
    if title is not None and len(title) > MAX_TITLE:
        raise InitError("CLI032", f"--title has {len(title)} characters; a title has at most "
                                  f"{MAX_TITLE}")
    words = title or sid.replace("-", " ").replace("_", " ").capitalize()
    folder.mkdir(parents=True, exist_ok=True)
    written = Written(folder)
    schemas = _schema_folder(folder, written)
    fill = {"{{id}}": sid, "{{title}}": quoted(words)}
    for relative, template, kind in (("scenario.yaml", SCENARIO, "scenario"),
                                     ("checklist.yaml", CHECKLIST, "checklist"),
                                     ("walkthroughs/reference.yaml", REFERENCE, "walkthrough"),
                                     ("walkthroughs/no-partner.yaml", FLAWED, "walkthrough")):
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        where = _relative(schemas / f"{kind}.schema.json", path.parent)
        text = f"# yaml-language-server: $schema={where}\n{template}"
        for mark, value in fill.items():
            text = text.replace(mark, value)
        path.write_text(text, encoding="utf-8")
        written.files.append(path)
    return written


def _relative(target: Path, start: Path) -> str:
    """``target`` as the editor should find it from ``start``: relative, or (on another
    drive) as a file URI."""
    try:
        return Path(os.path.relpath(target.resolve(), start.resolve())).as_posix()
    except ValueError:
        return target.resolve().as_uri()


def _schema_folder(folder: Path, written: Written) -> Path:
    """The project's ``schema/`` when it is there; else copies written beside the scenario."""
    shipped = PROJECT / "schema"
    if (shipped / "scenario.schema.json").is_file():
        return shipped
    from engine.schemas import json_schema

    own = folder / "schema"
    own.mkdir(exist_ok=True)
    for kind in ("scenario", "walkthrough", "checklist"):
        path = own / f"{kind}.schema.json"
        path.write_text(json.dumps(json_schema(kind), indent=2) + "\n", encoding="utf-8")
        written.files.append(path)
    return own
