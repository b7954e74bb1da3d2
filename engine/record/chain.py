"""Explaining a broken hash chain: which lines were edited, deleted, inserted or moved.

Used only when the quick sequential check of a log fails. Each line is checked against the line
that carries the index before its own, wherever that line is in the file, so a moved line is
reported as moved rather than as a cascade of broken links.
"""

from __future__ import annotations

from bisect import bisect_left

from engine.errors import Diagnostic
from engine.record.format import ZERO_BYTES, chained_hash
from engine.record.lines import Line, diagnostic


def analyse_chain(
    lines: list[Line], torn_no: int | None, torn_index: int | None, shown: str
) -> list[Diagnostic]:
    _fix_edited_indices(lines)
    chained = [ln for ln in lines if ln.chained]
    by_index: dict[int, list[Line]] = {}
    for ln in chained:
        assert ln.index is not None
        by_index.setdefault(ln.index, []).append(ln)
    confirmed = _link(chained, by_index)

    # Among lines sharing an index, only the best-attested ones compete for "in place".
    header = lines[0]
    candidates: list[Line] = []
    for ln in chained:
        assert ln.index is not None
        group = by_index[ln.index]
        if ln.index == 0:
            if ln is header:
                candidates.append(ln)
            continue
        if len(group) > 1:
            score = _score(ln, confirmed)
            if any(_score(other, confirmed) > score for other in group):
                continue
        candidates.append(ln)
    keep = _keep_earliest_lis([ln.index or 0 for ln in candidates])
    kept = [ln for ln, k in zip(candidates, keep, strict=True) if k]
    for ln in kept:
        ln.kept = True

    problems: list[Diagnostic] = []
    explained: set[int] = set()  # line numbers already reported as edited-in-place
    problems.extend(_missing(lines, kept, by_index, torn_no, torn_index, explained, shown))
    for ln in chained:
        if ln.no in explained:
            continue
        if not ln.kept:
            problems.append(_out_of_place(ln, by_index, shown))
        elif ln.linked is False:
            if ln.hash_edited:
                msg = f"line {ln.no} was edited: its hash was changed (its content is intact)"
                problems.append(diagnostic(shown, ln.no, "LOG003", msg))
            elif ln.claimed_index is not None:
                msg = (
                    f"line {ln.no} was edited: it says index {ln.claimed_index} where the chain "
                    f"has index {ln.index}"
                )
                problems.append(diagnostic(shown, ln.no, "LOG003", msg))
            else:
                msg = f"line {ln.no} was edited: its stored hash does not match its content"
                hint = (
                    "either this line was changed, or the line before it in the chain was "
                    "changed and given a new hash"
                )
                problems.append(diagnostic(shown, ln.no, "LOG003", msg, hint))
    return problems


def _fix_edited_indices(lines: list[Line]) -> None:
    """A line whose successor chains onto its stored hash has the index before the successor's.

    If it says otherwise, its "i" was edited (its hash was not): give it back its place.
    """
    for prev, ln in zip(lines, lines[1:], strict=False):
        if not (prev.chained and ln.chained) or prev.index is None or not ln.index:
            continue
        if prev.index != ln.index - 1 and chained_hash(prev.link, ln.body or b"") == ln.h:
            prev.claimed_index, prev.index = prev.index, ln.index - 1


def _link(chained: list[Line], by_index: dict[int, list[Line]]) -> set[tuple[int, bytes]]:
    """Check each line against every line holding the index before its own.

    A line whose hash matches none of them was edited; its ``calcs`` are the hashes it would
    have if only its content, or only its predecessor's hash, had changed. A successor that
    chains onto one of those instead of the stored hash shows which (a hash-only edit).
    Returns the (index, hash) pairs some successor's hash confirms.
    """
    confirmed: set[tuple[int, bytes]] = set()
    for ln in sorted(chained, key=lambda x: (x.index, x.no)):
        assert ln.index is not None and ln.body is not None
        if ln.index == 0:
            ln.linked = chained_hash(ZERO_BYTES, ln.body) == ln.h
            ln.calcs = (ln.h,) if ln.linked else (chained_hash(ZERO_BYTES, ln.body),)
            continue
        preds = by_index.get(ln.index - 1, [])
        if ln.index == 1 and preds and not any(pred.linked for pred in preds):
            preds = []  # an edited header changed the anchor: its own LOG003 says so
        if not preds:
            ln.linked, ln.calcs = None, (ln.h,)  # nothing to check against: trust its hash
            continue
        for pred in preds:
            if chained_hash(pred.link, ln.body) == ln.h:
                ln.linked, ln.calcs = True, (ln.h,)
                confirmed.add((pred.index or 0, pred.h))
                break
        else:
            ln.linked = False
            for pred in preds:
                for calc in pred.calcs if pred.index != 0 else ():
                    if calc != pred.h and chained_hash(calc, ln.body) == ln.h:
                        ln.linked, ln.calcs = True, (ln.h,)
                        pred.hash_edited = True  # pred kept its content, lost its hash
                        break
                if ln.linked:
                    break
            else:
                bases = dict.fromkeys([preds[0].link, *preds[0].calcs])
                ln.calcs = tuple(chained_hash(base, ln.body) for base in list(bases)[:4])
    return confirmed


def _score(ln: Line, confirmed: set[tuple[int, bytes]]) -> int:
    return (ln.linked is not False) + ((ln.index, ln.h) in confirmed)


def _keep_earliest_lis(values: list[int]) -> list[bool]:
    """Mark a longest strictly increasing subsequence, preferring the earliest positions."""
    starts = [0] * len(values)  # length of the longest increasing run starting at each position
    tails: list[int] = []
    for p in range(len(values) - 1, -1, -1):
        x = -values[p]
        k = bisect_left(tails, x)
        if k == len(tails):
            tails.append(x)
        else:
            tails[k] = x
        starts[p] = k + 1
    keep = [False] * len(values)
    need, last = len(tails), -1
    for p, value in enumerate(values):
        if need and starts[p] == need and value > last:
            keep[p] = True
            need, last = need - 1, value
    return keep


def _missing(
    lines: list[Line],
    kept: list[Line],
    by_index: dict[int, list[Line]],
    torn_no: int | None,
    torn_index: int | None,
    explained: set[int],
    shown: str,
) -> list[Diagnostic]:
    """Report indices no line carries, unless a malformed or edited line sits in their place."""
    top = max(
        [kept[-1].index or 0]
        + [i for i, group in by_index.items() if any(ln.linked for ln in group)]
        + ([torn_index - 1] if torn_index is not None else [])
    )
    present = sorted({ln.index for ln in lines if ln.index is not None and ln.index <= top})
    runs: list[tuple[int, int]] = []
    prev = 0
    for value in [*present, top + 1]:
        if value > prev + 1:
            runs.append((prev + 1, value - 1))
        prev = value
    kept_idx = [ln.index or 0 for ln in kept]
    end_no = torn_no if torn_no is not None else len(lines) + 1
    problems: list[Diagnostic] = []
    for a, b in runs:
        k = bisect_left(kept_idx, a)
        lo = kept[k - 1].no
        hi = kept[k].no if k < len(kept) else end_no
        between = lines[lo : hi - 1]
        unaccounted = b - a + 1 - sum(1 for ln in between if ln.index is None and not ln.side)
        for ln in between:
            if unaccounted > 0 and ln.chained and not ln.kept and ln.linked is not True:
                unaccounted -= 1
                explained.add(ln.no)
                msg = (
                    f"line {ln.no} was edited: its index {ln.index} does not fit between "
                    f"lines {lo} and {hi}"
                    + (", and its hash does not match" if ln.linked is False else "")
                )
                problems.append(diagnostic(shown, ln.no, "LOG003", msg))
        if unaccounted > 0:
            what = f"line with index {a} is" if a == b else f"lines with index {a}..{b} are"
            problems.append(diagnostic(shown, hi, "LOG004", f"{what} missing (deleted)"))
    return problems


def _out_of_place(ln: Line, by_index: dict[int, list[Line]], shown: str) -> Diagnostic:
    assert ln.index is not None
    k = ln.index
    same = [o for o in by_index[k] if o is not ln and o.kept]
    if same:
        other = same[0]
        if other.raw == ln.raw:
            msg = f"line {ln.no} has index {k}: inserted (a copy of line {other.no})"
        else:
            msg = f"line {ln.no} has index {k}, as line {other.no} does: inserted"
    elif ln.linked is False:
        msg = (
            f"line {ln.no} has index {k}: inserted or moved "
            "(and its hash does not match the line before it in the chain)"
        )
    else:
        before = [o for o in by_index.get(k - 1, []) if o.kept] or by_index.get(k - 1, [])
        after = [o for o in by_index.get(k + 1, []) if o.kept]
        if before:
            where = f" (it belongs right after line {before[0].no})"
        elif after:
            where = f" (it belongs right before line {after[0].no})"
        else:
            where = ""
        msg = f"line {ln.no} has index {k}: moved{where}"
    return diagnostic(shown, ln.no, "LOG004", msg)


def check_expected_last(
    lines: list[Line], expected: tuple[int, str], torn_no: int | None, shown: str
) -> list[Diagnostic]:
    want_i, want_h = expected
    heads = [ln for ln in lines if ln.chained]
    head = max(heads, key=lambda ln: ln.index or 0)
    have_i = head.index or 0
    if have_i < want_i:
        a, b = have_i + 1, want_i
        what = f"line with index {a} is" if a == b else f"lines with index {a}..{b} are"
        where = torn_no if torn_no is not None else len(lines) + 1
        return [diagnostic(shown, where, "LOG004", f"{what} missing at the end (deleted)")]
    if have_i > want_i:
        extra = min((ln for ln in heads if (ln.index or 0) > want_i), key=lambda ln: ln.no)
        msg = f"line {extra.no} has index {extra.index}: inserted after the session was closed"
        return [diagnostic(shown, extra.no, "LOG004", msg)]
    if head.link.decode("ascii") != want_h:
        msg = f"line {head.no} was edited: its hash differs from the one recorded at close"
        return [diagnostic(shown, head.no, "LOG003", msg)]
    return []
