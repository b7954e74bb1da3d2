"""Whether a session log can be trusted: its chain, its signatures and the station's ledger.

``judge`` gives one ``Verdict`` for ``verify``, ``replay`` and ``grade`` alike:

* **intact**: the chain is whole, every signature matches a trusted key, the log ends with its
  closing line and the signature of it, and the ledger (if it knows the session) agrees;
* **crashed**: the same, except that the session stopped without closing; the lines after the
  last checkpoint are named, as no signature vouches for them;
* **refused**: anything else, each problem on its own located line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.errors import Diagnostic, TaskforceError
from engine.record.format import CLOSED, head_message
from engine.record.keys import Keyring, decode_signature, load_keyring
from engine.record.ledger import LedgerView, ledger_path, read_ledger
from engine.record.lines import Line
from engine.record.reader import Keep, quick_read
from engine.record.verify import LogScan, StrPath, read_bytes, scan_bytes

INTACT, CRASHED, REFUSED = "intact", "crashed", "refused"


@dataclass(frozen=True)
class Trust:
    """What a verifier trusts: public keys, and a ledger of signed heads."""

    keyring: Keyring
    ledger: LedgerView


def load_trust(keys: Sequence[str] | None = None, ledger: str | None = None) -> Trust:
    """This station's key and ledger (or the ``ledger`` file given), plus the ``keys`` files."""
    keyring = load_keyring(list(keys or []))
    if ledger is not None and not Path(ledger).is_file():
        raise TaskforceError([Diagnostic(ledger, 1, 1, "KEY005",
                                         "the ledger file given with --ledger cannot be read")])
    path = Path(ledger) if ledger is not None else ledger_path()
    return Trust(keyring, read_ledger(path, keyring))


@dataclass(frozen=True)
class ChainFacts:
    """What a verdict needs from a read log, however it was read."""

    header: dict[str, Any]
    header_hash: str
    problems: list[Diagnostic]  # the chain's problems (a torn last line, LOG005, is a crash)
    last_index: int  # of the last complete chained line
    last_no: int  # its line number in the file
    closed_index: int | None  # the first closing line's index
    head: Callable[[int], tuple[str, int] | None]  # index -> (what chains onto it, line number)
    signatures: list[Line]


def facts_of(scan: LogScan) -> ChainFacts:
    by_index: dict[int, Line] = {}
    for ln in scan.lines:
        if ln.chained and ln.index is not None:
            by_index.setdefault(ln.index, ln)
    closed = next((r["i"] for r in scan.records if r["k"] == CLOSED), None)
    last_no = max((ln.no for ln in scan.lines if ln.chained), default=1)

    def head(index: int) -> tuple[str, int] | None:
        ln = by_index.get(index)
        return None if ln is None else (ln.link.decode("ascii"), ln.no)

    return ChainFacts(scan.header, scan.header_hash, scan.problems, scan.last_index, last_no,
                      closed, head, scan.signatures)


@dataclass(frozen=True)
class Verdict:
    """One log's standing; ``problems`` is empty unless it is refused."""

    status: str
    problems: tuple[Diagnostic, ...]
    closed: bool
    last_index: int
    signed_upto: int  # the last chained index a trusted signature covers (-1: none)
    signed_line: int  # that line's number in the file (0: none)
    unsigned: int  # chained lines after it
    signers: tuple[str, ...]
    ledger: str  # what the ledger says, in a few words

    @property
    def accepted(self) -> bool:
        return self.status != REFUSED

    def reasons(self) -> str:
        """The problems in a few words, e.g. ``2 problems: LOG009, LOG014``."""
        count = len(self.problems)
        codes = ", ".join(dict.fromkeys(p.code for p in self.problems))
        return f"{count} problem{'s' * (count != 1)}: {codes}"

    def summary(self) -> str:
        """One line: intact, crashed (and how far it is signed), or NOT intact."""
        if self.status == REFUSED:
            return f"NOT intact ({self.reasons()})"
        who = " and ".join(self.signers) or "nobody"
        if self.status == INTACT:
            return f"intact: closed and signed by {who}; {self.ledger}"
        if self.signed_upto < 0:
            return "crashed before anything was signed: the log holds only its header"
        tail = (f"; the last {self.unsigned} line{'s' * (self.unsigned != 1)} after line "
                f"{self.signed_line} came after the last checkpoint and are not signed"
                if self.unsigned else "")
        return (f"crashed: the session stopped without closing (a crash or power cut); signed "
                f"by {who} up to line {self.signed_line}{tail}; {self.ledger}")

    def to_dict(self) -> dict[str, Any]:
        return {"status": self.status, "summary": self.summary(), "closed": self.closed,
                "signed_line": self.signed_line, "unsigned_lines": self.unsigned,
                "signers": list(self.signers), "ledger": self.ledger,
                "problems": [d.format() for d in self.problems]}


@dataclass(frozen=True)
class CheckedLog:
    """A log read for a tool: its header, the records the tool keeps, and its verdict."""

    header: dict[str, Any]
    records: list[dict[str, Any]]
    verdict: Verdict
    facts: ChainFacts | None  # None when the log could not be read at all

    def line_of(self, index: int) -> int:
        """The file's line number of chained line ``index``."""
        found = self.facts.head(index) if self.facts is not None else None
        return found[1] if found is not None else index + 1


def check_log(path: StrPath, trust: Trust, *, display_path: str | None = None,
              keep: Keep = lambda record: True, parse_poses: bool = True,
              reset: Callable[[], None] = lambda: None) -> CheckedLog:
    """Read a log, keeping the records ``keep`` takes, and judge it; a log that cannot be read
    at all (LOG001, LOG006) is refused. Pose lines are parsed (and kept, if ``keep`` takes
    them) only with ``parse_poses``; the quick reader checks them either way. ``reset`` is
    called when the quick reader gives up and the exact one reads the records again."""
    shown = str(path) if display_path is None else display_path
    try:
        quick = quick_read(path, shown, keep=keep, parse_poses=parse_poses)
        if quick is not None:
            facts = ChainFacts(quick.header, quick.header_hash, [], quick.last_index,
                               quick.line_no(quick.last_index), quick.closed_index, quick.head,
                               quick.signatures)
            records = quick.records
        else:
            reset()
            scan = scan_bytes(read_bytes(path, shown), display_path=shown)
            facts = facts_of(scan)
            records = [r for r in scan.records if keep(r)]
    except TaskforceError as error:
        return CheckedLog({}, [], refused(error.diagnostics), None)
    return CheckedLog(facts.header, records, judge(facts, trust, shown), facts)


def refused(problems: Sequence[Diagnostic]) -> Verdict:
    """The verdict on a log that could not be read at all."""
    return Verdict(REFUSED, tuple(sorted(problems)), False, -1, -1, 0, 0, (), "not checked")


def judge(facts: ChainFacts, trust: Trust, shown: str) -> Verdict:
    problems = list(p for p in facts.problems if p.code != "LOG005")
    ring = trust.keyring
    best, best_no, claimed, signers, signed = -1, 0, -1, [], set()
    untrusted: dict[str, int] = {}
    for ln in facts.signatures:
        if ln.problem is not None or ln.record is None:
            continue  # the chain reader reported it
        upto, kid = ln.record["upto"], ln.record["key"]
        claimed = max(claimed, upto)
        target = facts.head(upto)
        signature = decode_signature(ln.record["sig"])
        assert signature is not None
        if target is None:
            problems.append(Diagnostic(
                shown, ln.no, 1, "LOG010",
                f"the signature on line {ln.no} vouches for the chain up to index {upto}, but "
                f"the log holds no line with that index: lines were removed or renumbered"))
        elif kid not in ring.keys:
            untrusted.setdefault(kid, ln.no)
        elif not ring.verify(kid, signature, head_message(facts.header_hash, upto, target[0])):
            problems.append(Diagnostic(
                shown, ln.no, 1, "LOG010",
                f"the signature on line {ln.no} does not match lines 1..{target[1]}: they were "
                "changed after they were signed (or the hash chain was written anew)"))
        else:
            signed.add((upto, ln.record["sig"]))
            if ring.describe(kid) not in signers:
                signers.append(ring.describe(kid))
            if upto > best:
                best, best_no = upto, target[1]
    for kid, no in untrusted.items():
        problems.append(Diagnostic(
            shown, no, 1, "LOG012",
            f"the log is signed by key {kid}, which is not trusted here",
            "if it comes from another station, pass that station's public key with --keys "
            "FILE (made there with: taskforce key export)"))
    if claimed < 0 and facts.last_index > 0:
        problems.append(Diagnostic(shown, 1, 1, "LOG011",
                                   "the log is not signed: no station vouches for it",
                                   "logs are signed as they are written; an unsigned one was "
                                   "made by something else, or its signatures were removed"))
    closed = facts.closed_index is not None
    if closed and facts.closed_index != facts.last_index:
        problems.append(Diagnostic(shown, facts.last_no, 1, "LOG015",
                                   "lines were added after the session's closing line"))
    unsigned = facts.last_index - best if best >= 0 else 0
    if closed and facts.closed_index is not None and 0 <= claimed < facts.closed_index:
        problems.append(Diagnostic(
            shown, facts.last_no, 1, "LOG014",
            f"the closing signature is missing: the last signature vouches only for lines up to "
            f"{best_no}",
            "a closed session signs its last line; it was removed or its line cut"))
    ledger = _check_ledger(facts, trust, shown, signed, problems)
    status = REFUSED if problems else INTACT if closed else CRASHED
    return Verdict(status, tuple(sorted(problems)), closed, facts.last_index, best, best_no,
                   unsigned if best >= 0 else facts.last_index, tuple(signers), ledger)


def _check_ledger(facts: ChainFacts, trust: Trust, shown: str, signed: set[tuple[int, str]],
                  problems: list[Diagnostic]) -> str:
    view = trust.ledger
    problems.extend(view.problems)
    head = view.latest(facts.header.get("session"))
    if head is None:
        return ("the station's ledger has no record of this session, so the end of the log "
                "cannot be checked against it")

    def refuse(line: int, message: str, hint: str = "the log was changed after it was "
               "recorded; find the original copy") -> str:
        problems.append(Diagnostic(shown, line, 1, "LOG009", message, hint))
        return "the station's ledger disagrees"

    short = "the station's ledger recorded more of this log than it holds; find the whole copy"
    if head.header != facts.header_hash:
        return refuse(1, "the station's ledger recorded another header for this session")
    if head.upto > facts.last_index:
        missing = head.upto - facts.last_index
        return refuse(facts.last_no, f"the log is truncated after line {facts.last_no}: the "
                      f"station's ledger saw its chain reach index {head.upto}, {missing} "
                      f"line{'s' * (missing != 1)} further", short)
    have = facts.head(head.upto)
    if have is None:
        return refuse(facts.last_no, f"the line with index {head.upto}, which the station's "
                      "ledger recorded, is missing", short)
    if have[0] != head.head:
        return refuse(have[1], f"line {have[1]} differs from the line the station's ledger "
                      "recorded there")
    if (head.upto, head.sig) not in signed:
        return refuse(have[1], f"the signature of line {have[1]} that the station's ledger "
                      "recorded is missing from the log", short)
    return f"the station's ledger confirms it up to line {have[1]}"
