"""Diagnostics: located, coded problems in authored files, and the errors that carry them.

Every problem a trainer can cause has a stable code listed in ``CODES`` (and documented in
``docs/errors.md``). This module imports nothing else from ``engine``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

CODES: dict[str, str] = {
    # Reading a file (any YAML the engine accepts)
    "YML001": "the file cannot be read (missing, a folder, or permission denied)",
    "YML002": "the file is larger than the size limit",
    "YML003": "the file is not valid UTF-8 text",
    "YML004": "the file contains a NUL byte (binary data)",
    "YML005": "the YAML syntax is broken",
    "YML006": "a mapping has the same key twice",
    "YML007": "a tag such as !!python/object or !custom is not allowed",
    "YML008": "the document is nested too deeply",
    "YML009": "the file holds too many values once aliases are expanded (e.g. an alias bomb)",
    "YML010": "a mapping was expected at the top of the file",
    "YML011": "the file is empty or holds more than one YAML document",
    "YML012": "a mapping key is not a plain scalar",
    # Scenario structure (schema)
    "SCN001": "unknown key",
    "SCN002": "a required key is missing",
    "SCN003": "a value has the wrong type or is out of range",
    "SCN004": "an id is used twice",
    "SCN005": "a reference names something that does not exist",
    "SCN006": "a condition cannot be parsed",
    "SCN007": "a condition or effect has mismatched types",
    "SCN008": "a condition names an undeclared variable or function",
    "SCN009": "a decision point can never be opened",
    "SCN010": "an inject can never fire",
    "SCN011": "an asset file does not exist",
    "SCN012": "an asset path leaves the project's asset roots (by '..', an absolute path or a "
    "link)",
    "SCN013": "a variable's initial value does not fit its type",
    "SCN014": "an ending can never be reached",
    "SCN015": "an action no playable role can take",
    "SCN016": "a partner is asked for, or would do on its own, an action or decision that is not "
    "its role's",
    "SCN017": "a partner's behaviour can never happen (no trigger, too late, or never possible)",
    "SCN018": "a playable role has nothing to do: no actions, decisions or partners to ask",
    "SCN019": "a message names a variable the scenario does not declare ({name})",
    "SCN020": "a text shown as written (a name, label, briefing or document) names a variable",
    "SCN021": "'shown_to' or 'shown_when' on a variable that is never shown",
    "SCN022": "'enter_from' on a prop that is there from the start, so it never enters",
    "SCN040": "an asset path can be no file's name (a control character, a part over 255 bytes)",
    "SCN041": "a file in a scenario folder is a link to a file outside it, so it is not read",
    "SCN050": "a scenario says it practises a guidance id that docs/guidance.md does not list",
    "SCN051": "a document is to be compared side by side with itself",
    "SCN052": "a document is on no prop and comes with no inject or action, so no one reads it",
    # Walkthroughs (scripted play plans)
    "WLK001": "unknown key in a walkthrough",
    "WLK002": "a required walkthrough key is missing",
    "WLK003": "a walkthrough value has the wrong type or is out of range",
    "WLK004": "a walkthrough step names an unknown action, decision, option or role",
    "WLK005": "walkthrough step times go backwards",
    "WLK006": "a walkthrough's expectation names something the scenario does not have",
    "WLK007": "a walkthrough plays a role that is not playable",
    "WLK008": "a walkthrough step asks a partner for an action it is not asked for in the scenario",
    "WLK009": "a walkthrough step asks a partner by a channel the scenario does not offer",
    "WLK010": "a walkthrough step is by a role that is not among the walkthrough's players",
    "WLK011": "a walkthrough step asks its own role",
    "WLK020": "a walkthrough step comes at or after its 'until', so it is never played",
    "WLK021": "a walkthrough step gives a reason for a decision that asks for none",
    # Session logs
    "LOG001": "the log cannot be read",
    "LOG002": "a log line is not valid JSON or lacks its fields",
    "LOG003": "a log line was edited (its hash does not match)",
    "LOG004": "a log line was deleted, inserted or moved (the index sequence breaks)",
    "LOG005": "the last line was cut short (torn write after a crash)",
    "LOG006": "the log header is missing or malformed",
    "LOG007": "the log names a scenario whose content differs from the one given",
    "LOG008": "replaying the log produced different events",
    "LOG009": "the log holds less than, or other than, what the station's ledger recorded of it "
    "(truncated or changed)",
    "LOG010": "a signature does not match the lines it vouches for (they were changed after "
    "signing, or the chain was written anew)",
    "LOG011": "the log is not signed",
    "LOG012": "the log is signed by a key that is not trusted here (another station's: --keys)",
    "LOG013": "a signature line is malformed",
    "LOG014": "the closing signature is missing",
    "LOG015": "lines were added after the session's closing line",
    "LOG016": "a log line has a field of the wrong shape (an id that is not text, a time that is "
    "not a whole number, malformed pose samples, a request with neither do nor choose)",
    "LOG017": "a log line is too long or nested too deeply",
    "LOG018": "the log's times go backwards, so it cannot be replayed",
    "LOG019": "the scenario the log names is not in the known scenario folders, or cannot be "
    "found",
    # Checklists (exercise evaluation guides beside a scenario)
    "CHK001": "unknown key in a checklist",
    "CHK002": "a required checklist key is missing",
    "CHK003": "a checklist value has the wrong type, is out of range or a rule is malformed",
    "CHK004": "a capability, target or task id is used twice in a checklist",
    "CHK005": "a checklist names an action, inject, decision, option, role, variable, hazard, "
    "ending or objective the scenario does not have",
    "CHK006": "a checklist item cites a guidance id that docs/guidance.md does not list",
    "CHK007": "a checklist names another scenario than the one beside it",
    "CHK008": "a variable comparison does not fit the variable's type",
    "CHK009": "a rule needs a role to do something that role cannot do, so it can never be met",
    "CHK020": "a rule credits an action done at someone's request, but no role is asked for it",
    "CHK021": "a rule credits the engine with an action it never takes (no request or behaviour)",
    # Grading session logs
    "GRD001": "verify refuses the log (edited, truncated, unsigned or untrusted), so it is not "
    "graded (unless --force)",
    "GRD002": "no checklist was found for the log's scenario",
    "GRD003": "the log is a session of another scenario than the one given",
    "GRD004": "the scenario the log names is not in the known scenario folders, or cannot be "
    "found",
    "GRD006": "the log names actions, decisions, roles, injects or other things its scenario "
    "does not have (unless --force)",
    "GRD007": "the log's times go backwards, so what came before what cannot be told (unless "
    "--force)",
    "GRD010": "unknown key in an evaluator's notes file",
    "GRD011": "a required key is missing in an evaluator's notes file",
    "GRD012": "a value in an evaluator's notes file has the wrong type or is too long",
    "GRD013": "the notes file is about another session than the graded log",
    "GRD014": "the notes file's improvement plan names a task the checklist does not have",
    "GRD015": "a start or completion date in the notes file is not YYYY-MM-DD",
    "GRD016": "a completion date in the notes file comes before its start",
    "GRD017": "printing a PDF needs Playwright, which is not installed",
    "GRD018": "printing a PDF needs Chromium, which was not found or could not print",
    "GRD019": "the two logs given to diff are sessions of different scenarios",
    "GRD020": "an evaluator's notes file is not valid JSON",
    # Command line
    "CLI001": "no scenario, walkthrough or checklist files were found at the path",
    "CLI002": "a role or option given on the command line does not exist",
    "CLI003": "a command-line value has the wrong form (e.g. --size not WIDTHxHEIGHT)",
    "CLI004": "the session log named with --log already exists",
    "CLI005": "the file named with --out cannot be written",
    "CLI020": "grade was given several logs without --summary, or diff not exactly two",
    "CLI021": "--format pdf was given without --out FILE",
    "CLI022": "--notes was given for a format other than html or pdf",
    "CLI023": "--summary was asked for as a PDF (it writes text, json or html)",
    # Station keys and the ledger of signed heads
    "KEY001": "the station key cannot be made or read (the station folder is not writable)",
    "KEY002": "the station key can be read by other users",
    "KEY003": "the station key file does not hold a usable key",
    "KEY004": "a trusted-keys file cannot be read, or a line of it is not a public key",
    "KEY005": "the station's ledger is damaged, or signed by a key not trusted here",
    "KEY006": "the station's ledger cannot be written (the session log itself is complete)",
    # Shared sessions (taskforce host and join)
    "NET001": "a network message is not JSON text, or not a JSON object",
    "NET002": "a network message is larger than the host takes (16 KiB)",
    "NET003": "a network message is of a kind the host does not know",
    "NET004": "a network message lacks a field, has one it should not, or a value of the wrong "
    "type",
    "NET005": "the join code is not one of the session's",
    "NET006": "the role is already played by someone connected (each role has one player)",
    "NET007": "the code is for another role than --role asks, or the role to watch does not "
    "exist",
    "NET008": "a client tried to act as a role its code does not grant (or an observer tried to "
    "act)",
    "NET009": "an instructor's action without the instructor's token",
    "NET010": "the session has ended: its codes no longer admit anyone",
    "NET011": "the host cannot be reached, or did not answer",
    "NET012": "this machine has no copy of the host's scenario (by its content hash)",
    "NET014": "a request came before the exercise started",
    "NET015": "a message between trainees names a role the scenario does not have",
    "NET016": "the instructor fired an inject that does not exist or has fired already",
    "NET017": "a client's first message was not its hello with a join code",
    "NET018": "the log given to resume is not an unfinished shared session of this scenario",
    "NET019": "the host cannot listen on the address given (in use, or not this machine's)",
    "NET020": "the NATS server given with --bus cannot be reached, or keeps no JetStream streams",
    "CLI040": "--bind is not HOST:PORT",
    "CLI041": "--bus is neither 'embedded' nor nats://HOST:PORT",
    "CLI042": "--speed or --ttl is out of range",
    "CLI043": "the address to join is not HOST:PORT",
    "CLI044": "--players names a role that is not playable",
    "CLI030": "taskforce init was given a folder that already has files in it",
    "CLI031": "taskforce init cannot make a scenario id from the folder name or --id given",
    "CLI032": "taskforce init was given a --title longer than a title may be",
    # Running a scenario in 3D
    "RUN001": "offscreen with no walkthrough: nobody could act, so nothing is run",
    "RUN002": "the 3D runtime (Panda3D and its glTF loader) is not installed",
    "RUN003": "no window or offscreen buffer could be opened (no display or no OpenGL)",
    "RUN004": "an asset is missing or is not a usable model",
    # Models (assets a scenario names)
    "AST001": "an asset is not a model file the engine reads (.glb, .gltf, .bam, .egg)",
    "AST002": "a model file is not valid glTF 2.0 (not binary glTF, truncated, broken JSON)",
    "AST003": "a model needs what the loader cannot read (mesh compression, a missing data file)",
    "AST004": "a model lies on its side or upside down (exported with the wrong up-axis)",
    "AST005": "a model is of an absurd size (authored in centimetres, millimetres or kilometres)",
    "AST006": "a model holds no geometry",
    "AST007": "a prop asks for a label but its model has no label surface",
    "AST008": "a label gives neither or both of a document and text",
    "AST009": "a label names a label surface its model does not have",
    "AST010": "a label surface has no texture coordinates, so no text can be drawn on it",
    # Headset (OpenXR)
    "XR000": "headset mode needs pyopenxr, which is not installed",
    "XR001": "no OpenXR runtime found (XR_RUNTIME_JSON or an active runtime)",
    "XR002": "the OpenXR runtime refused to start a session",
    "XR003": "the OpenXR runtime cannot draw with Panda3D's OpenGL (no OpenGL, no EGL, too old)",
    "XR004": "the runtime is running but no headset is connected",
    "XR005": "the runtime offers no colour format Panda3D can draw into",
    "XR006": "headset mode is not supported on this platform or its OpenGL cannot be reached",
    "XR007": "Panda3D could not make an eye buffer",
}


# What must never reach a terminal raw: C0 controls, DEL and C1 controls (escape sequences, a
# carriage return that overwrites a line), and line separators. Diagnostics also escape line
# breaks, tabs and the bidirectional overrides, so each stays one line that reads as written.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_IN_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(char) or f"\\u{ord(char):04x}"


def escape_controls(text: str) -> str:
    """``text`` with control characters written as escapes; line breaks and tabs kept."""
    return _CONTROLS.sub(_escaped, text)


def one_line(text: str) -> str:
    """``text`` as one printable line: every control character, line break and
    bidirectional override written as an escape."""
    return _IN_ONE_LINE.sub(_escaped, text)


def clipped(value: Any, limit: int = 40) -> str:
    """A value read from a file, for a message: its ``repr``, shortened to ``limit``."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One located problem: ``path:line:col: severity CODE: message`` plus an optional hint."""

    path: str
    line: int
    col: int
    code: str
    message: str
    hint: str | None = None
    severity: str = "error"

    def format(self) -> str:
        head = one_line(
            f"{self.path}:{self.line}:{self.col}: {self.severity} {self.code}: {self.message}"
        )
        return head if self.hint is None else f"{head}\n    hint: {one_line(self.hint)}"


class TaskforceError(Exception):
    """Raised with one or more diagnostics when input cannot be used."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = sorted(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))


def did_you_mean(name: object, candidates: Iterable[str]) -> str | None:
    """A hint naming the closest candidate to a misspelt ``name``, if one is close: one that
    begins (or ends) with what was written comes first, as ``call_fire`` is most likely
    ``call_fire_service``; otherwise the most similar spelling."""
    import difflib

    if not isinstance(name, str) or not name:
        return None
    pool = [c for c in candidates if isinstance(c, str) and c != name]
    extended = sorted((c for c in pool if c.startswith(name) or c.endswith(name)), key=len)
    if extended:
        return f"did you mean '{extended[0]}'?"
    close = difflib.get_close_matches(name, pool, n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else None
