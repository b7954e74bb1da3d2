"""The session log: writing, the hash chain, tamper and crash detection, resuming after a crash."""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import subprocess
import sys
from collections import OrderedDict
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest

from engine.errors import Diagnostic, TaskforceError
from engine.record.log import (
    ZERO_HASH,
    SessionLog,
    encode_line,
    iter_lines,
    read_log,
    verify_log,
)

REPO = Path(__file__).resolve().parents[2]
HEADER = {"scenario": "warehouse-raid", "trainee": "Zoë Ødegaard", "role": "tsi", "seed": 7}


def make_log(tmp_path: Path, n: int = 10, name: str = "s.jsonl") -> tuple[Path, list[bytes]]:
    """A log with records 1..n; returns its path and its lines (each with its ``\\n``)."""
    path = tmp_path / name
    with SessionLog.create(path, HEADER) as log:
        for j in range(1, n + 1):
            log.append("pose", j * 100, {"p": [j, 1.5, -2.25], "note": f"sample {j}"})
    return path, path.read_bytes().splitlines(keepends=True)


def write(path: Path, lines: list[bytes]) -> None:
    path.write_bytes(b"".join(lines))


def found(problems: list[Diagnostic]) -> list[tuple[str, int]]:
    return [(d.code, d.line) for d in problems]


def spec_line(prev_h: str, obj: dict[str, Any]) -> tuple[bytes, str]:
    """The format as the brief states it, written independently of the module."""
    body = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()
    h = hashlib.sha256(prev_h.encode("ascii") + body).hexdigest()
    return body[:-1] + b',"h":"' + h.encode() + b'"}\n', h


# --- writing and reading back ----------------------------------------------------------------


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "s.jsonl"
    with SessionLog.create(path, HEADER) as log:
        assert (log.last_index, log.path) == (0, path)
        assert log.append("pose", 0, {"p": [0.1, 1.6, -3.0]}) == 1
        why = {"choose": "d1", "option": "a", "role": "r", "why": "naïve — ✓"}
        assert log.append("request", 1500, why, durable=True) == 2
        assert log.append("tick", 2000) == 3
        last = (log.last_index, log.last_hash)
    assert log.closed
    log.close()  # closing twice is harmless

    contents = read_log(path)
    assert contents.header == {"i": 0, "k": "header", "format": 1, **HEADER}
    assert contents.records == [
        {"i": 1, "t": 0, "k": "pose", "p": [0.1, 1.6, -3.0]},
        {"i": 2, "t": 1500, "k": "request", "choose": "d1", "option": "a", "role": "r",
         "why": "naïve — ✓"},
        {"i": 3, "t": 2000, "k": "tick"},
    ]
    assert (contents.problems, contents.torn) == ([], False)
    assert verify_log(path, expected_last=last) == []

    expected, h = spec_line(ZERO_HASH, contents.header)
    for record in contents.records:
        line, h = spec_line(h, record)
        expected += line
    assert path.read_bytes() == expected
    assert last == (3, h)
    assert "Zoë".encode() in path.read_bytes()  # UTF-8, not \u escapes


def test_chain_depends_only_on_bytes_not_on_how_dicts_were_built(tmp_path: Path) -> None:
    ways: list[Any] = [
        {"a": 1, "b": {"x": [1, 2]}},
        dict([("a", 1), ("b", {"x": [1, 2]})]),
        OrderedDict(a=1, b={"x": (1, 2)}),
        MappingProxyType({"a": 1, "b": {"x": [1, 2]}}),
    ]
    lines = set()
    for n, fields in enumerate(ways):
        path = tmp_path / f"{n}.jsonl"
        with SessionLog.create(path, {"s": 1}) as log:
            log.append("x", 5, fields)
        lines.add(path.read_bytes())
        assert verify_log(path) == []
    assert len(lines) == 1  # the same bytes, so the same hashes

    # Insertion order is kept (not sorted), and the chain still verifies.
    path = tmp_path / "order.jsonl"
    with SessionLog.create(path, {"s": 1}) as log:
        log.append("x", 5, {"b": 2, "a": 1})
    assert b'"k":"x","b":2,"a":1,"h":' in path.read_bytes()
    assert verify_log(path) == []

    # The verifier hashes stored bytes and never re-serializes: spacing, escapes and key order
    # that json.dumps would not produce still verify when the hash was made over those bytes.
    header, h = encode_line(ZERO_HASH, {"i": 0, "k": "header", "format": 1})
    body = b'{ "k" : "x", "t":0,  "i":1, "who":"Zo\\u00eb" }'
    h2 = hashlib.sha256(h.encode() + body).hexdigest()
    odd = tmp_path / "odd.jsonl"
    odd.write_bytes(header + body[:-1] + b',"h":"' + h2.encode() + b'"}\n')
    contents = read_log(odd)
    assert contents.problems == []
    assert contents.records == [{"k": "x", "t": 0, "i": 1, "who": "Zoë"}]


@pytest.mark.parametrize(
    ("kind", "t_ms", "fields", "error"),
    [
        ("x", 1, {"i": 3}, ValueError),
        ("x", 1, {"h": "0"}, ValueError),
        ("x", 1, {"t": 3}, ValueError),
        ("x", 1, {1: "a"}, TypeError),
        ("x", 1, {"m": {1: "a", "1": "b"}}, TypeError),
        ("x", 1, {"v": float("nan")}, ValueError),
        ("x", 1, {"v": float("inf")}, ValueError),
        ("x", 1, {"v": object()}, TypeError),
        ("x", 1, {"v": "\ud800"}, UnicodeEncodeError),
        ("x", True, None, TypeError),
        ("x", 1.5, None, TypeError),
        ("x", -1, None, ValueError),
        ("header", 1, None, ValueError),
        ("", 1, None, ValueError),
    ],
)
def test_bad_appends_raise_and_write_nothing(
    tmp_path: Path, kind: str, t_ms: Any, fields: Any, error: type[Exception]
) -> None:
    path = tmp_path / "s.jsonl"
    with SessionLog.create(path, HEADER) as log:
        log.append("ok", 0)
        before = (path.read_bytes(), log.last_index, log.last_hash)
        with pytest.raises(error):
            log.append(kind, t_ms, fields)
        assert (path.read_bytes(), log.last_index, log.last_hash) == before
        log.append("ok", 1)
    assert verify_log(path) == []


def test_create_refuses_to_overwrite_and_reserved_header_fields(tmp_path: Path) -> None:
    path, _ = make_log(tmp_path, 2)
    before = path.read_bytes()
    with pytest.raises(FileExistsError):
        SessionLog.create(path, HEADER)
    assert path.read_bytes() == before
    for key in ("i", "k", "format", "h"):
        with pytest.raises(ValueError):
            SessionLog.create(tmp_path / f"{key}.jsonl", {key: 1})
        assert not (tmp_path / f"{key}.jsonl").exists()


def test_closed_log_refuses_appends(tmp_path: Path) -> None:
    log = SessionLog.create(tmp_path / "s.jsonl", HEADER)
    log.close()
    with pytest.raises(ValueError):
        log.append("x", 0)
    with pytest.raises(ValueError):
        log.sync()


@pytest.mark.skipif(sys.platform == "win32", reason="advisory locks are POSIX only")
def test_a_second_writer_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    with SessionLog.create(path, HEADER) as log:
        log.append("x", 0, durable=True)
        with pytest.raises(BlockingIOError):
            SessionLog.resume(path)
    with SessionLog.resume(path) as again:
        assert again.append("x", 1) == 2
    assert verify_log(path) == []


def test_iter_lines_streams_complete_lines(tmp_path: Path) -> None:
    path, lines = make_log(tmp_path, 3)
    with path.open("ab") as f:
        f.write(b'{"i":4,"t":4')
    assert list(iter_lines(path)) == [line[:-1] for line in lines]
    with pytest.raises(TaskforceError) as err:
        list(iter_lines(tmp_path / "nope.jsonl"))
    assert found(err.value.diagnostics) == [("LOG001", 1)]


# --- tampering -------------------------------------------------------------------------------
# make_log(n=10): file line L (1-based) holds index L-1; lines 1..11.


def test_edited_value(tmp_path: Path) -> None:
    path, lines = make_log(tmp_path)
    lines[5] = lines[5].replace(b'"sample 5"', b'"sample 9"')
    write(path, lines)
    problems = verify_log(path)
    assert found(problems) == [("LOG003", 6)]
    assert "line 6 was edited" in problems[0].message


def test_edited_hash_only(tmp_path: Path) -> None:
    path, lines = make_log(tmp_path)
    h = lines[5][-67:-3]
    lines[5] = lines[5][:-67] + hashlib.sha256(h).hexdigest().encode() + b'"}\n'
    write(path, lines)
    problems = verify_log(path)
    assert found(problems) == [("LOG003", 6)]
    assert "line 6 was edited: its hash was changed" in problems[0].message


def test_edited_header(tmp_path: Path) -> None:
    path, lines = make_log(tmp_path)
    lines[0] = lines[0].replace(b'"seed":7', b'"seed":8')
    write(path, lines)
    contents = read_log(path)
    assert found(contents.problems) == [("LOG003", 1)]
    assert contents.header["seed"] == 8


def test_edited_index(tmp_path: Path) -> None:
    path, lines = make_log(tmp_path)
    lines[5] = lines[5].replace(b'{"i":5,', b'{"i":8,')
    write(path, lines)
    problems = verify_log(path)
    assert found(problems) == [("LOG003", 6)]
    assert "line 6 was edited" in problems[0].message


def test_deleted_middle_line(tmp_path: Path) -> None:
    path, lines = make_log(tmp_path)
    del lines[5]  # index 5
    write(path, lines)
    problems = verify_log(path)
    assert found(problems) == [("LOG004", 6)]
    assert "line with index 5 is missing (deleted)" in problems[0].message


def test_deleted_several_lines(tmp_path: Path) -> None:
    path, lines = make_log(tmp_path)
    del lines[3:6]  # indices 3..5
    write(path, lines)
    problems = verify_log(path)
    assert found(problems) == [("LOG004", 4)]
    assert "lines with index 3..5 are missing (deleted)" in problems[0].message


def test_deleted_last_complete_line_before_a_torn_tail(tmp_path: Path) -> None:
    path, lines = make_log(tmp_path)
    torn = lines[-1][:30]  # index 10 cut short
    del lines[-2:]  # index 9 deleted, index 10 torn
    write(path, [*lines, torn])
    problems = verify_log(path)
    assert found(problems) == [("LOG004", 10), ("LOG005", 10)]
    assert "line with index 9 is missing (deleted)" in problems[0].message


def test_deleted_last_line_needs_the_recorded_chain_head(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    with SessionLog.create(path, HEADER) as log:
        for j in range(1, 11):
            log.append("pose", j, {"p": j})
        head = (log.last_index, log.last_hash)
    lines = path.read_bytes().splitlines(keepends=True)
    write(path, lines[:-1])
    # A hash chain alone cannot tell a truncated log from a shorter one ...
    assert verify_log(path) == []
    # ... the head kept elsewhere can.
    problems = verify_log(path, expected_last=head)
    assert found(problems) == [("LOG004", 11)]
    assert "line with index 10 is missing at the end (deleted)" in problems[0].message
    write(path, lines)
    assert verify_log(path, expected_last=(9, head[1])) != []
    assert verify_log(path, expected_last=(10, "0" * 64))[0].code == "LOG003"


def test_inserted_copy(tmp_path: Path) -> None:
    path, lines = make_log(tmp_path)
    lines.insert(9, lines[4])  # a copy of line 5 (index 4) becomes line 10
    write(path, lines)
    problems = verify_log(path)
    assert found(problems) == [("LOG004", 10)]
    assert problems[0].message == "line 10 has index 4: inserted (a copy of line 5)"


def test_inserted_copy_right_after_its_original(tmp_path: Path) -> None:
    path, lines = make_log(tmp_path)
    lines.insert(5, lines[4])
    write(path, lines)
    assert found(verify_log(path)) == [("LOG004", 6)]


def test_swapped_adjacent_lines_are_one_move(tmp_path: Path) -> None:
    path, lines = make_log(tmp_path)
    lines[4], lines[5] = lines[5], lines[4]  # line 5 now holds index 5, line 6 index 4
    write(path, lines)
    problems = verify_log(path)
    assert found(problems) == [("LOG004", 6)]
    assert problems[0].message == "line 6 has index 4: moved (it belongs right after line 4)"


def test_reversed_block_is_reported_as_moves_only(tmp_path: Path) -> None:
    path, lines = make_log(tmp_path, 20)
    lines[5:10] = lines[5:10][::-1]  # lines 6..10 hold indices 9, 8, 7, 6, 5
    write(path, lines)
    problems = verify_log(path)
    assert found(problems) == [("LOG004", 7), ("LOG004", 8), ("LOG004", 9), ("LOG004", 10)]
    assert all(": moved (" in d.message for d in problems)


def test_line_moved_far_is_one_problem(tmp_path: Path) -> None:
    path, lines = make_log(tmp_path, 30)
    lines.insert(25, lines.pop(3))  # index 3 now on line 26
    write(path, lines)
    problems = verify_log(path)
    assert found(problems) == [("LOG004", 26)]
    assert problems[0].message == "line 26 has index 3: moved (it belongs right after line 3)"


@pytest.mark.parametrize("seed", range(5))
def test_shuffled_lines_are_only_moves(tmp_path: Path, seed: int) -> None:
    path, lines = make_log(tmp_path, 40)
    middle = lines[1:]
    random.Random(seed).shuffle(middle)
    write(path, [lines[0], *middle])
    problems = verify_log(path)
    assert problems
    assert {d.code for d in problems} == {"LOG004"}
    assert all("moved" in d.message for d in problems)
    # Every line reported is out of place; the rest are in increasing order.
    reported = {d.line for d in problems}
    kept = [json.loads(line)["i"] for n, line in enumerate(middle, 2) if n not in reported]
    assert kept == sorted(kept)


def test_several_problems_are_all_reported(tmp_path: Path) -> None:
    path, lines = make_log(tmp_path, 20)
    lines[3] = lines[3].replace(b'"sample 3"', b'"sample X"')  # line 4 edited
    lines[8] = b"\xff\xfe garbage \x00\n"  # line 9 unreadable
    del lines[14]  # index 14 deleted; line 15 now holds index 15
    lines.insert(17, lines[2])  # copy of line 3 becomes line 18
    write(path, lines)
    assert found(verify_log(path)) == [
        ("LOG003", 4),
        ("LOG002", 9),
        ("LOG004", 15),
        ("LOG004", 18),
    ]


# --- malformed lines, torn lines, headers ----------------------------------------------------


def test_binary_garbage_line(tmp_path: Path) -> None:
    path, lines = make_log(tmp_path)
    lines[4] = b"\x89PNG\r\x1a\x00" + bytes(range(128, 200)) + b"\n"
    write(path, lines)
    problems = verify_log(path)
    assert found(problems) == [("LOG002", 5)]
    assert "not valid UTF-8" in problems[0].message
    assert len(read_log(path).records) == 9


@pytest.mark.parametrize(
    ("line", "words"),
    [
        (b'{"i":4,"t":4\n', "not valid JSON"),
        (b"[1, 2]\n", "not a JSON object"),
        (b'{"i":4,"k":"x","h":"' + b"a" * 64 + b'"}\n', '"t" is missing'),
        (b'{"i":4,"t":1,"k":"x"}\n', '"h" is missing'),
        (b'{"i":4,"t":1,"k":"x","h":"' + b"A" * 64 + b'"}\n', '"h" is not 64 lowercase hex'),
        (b'{"i":"4","t":1,"k":"x","h":"' + b"a" * 64 + b'"}\n', '"i" is not a whole number'),
        (b'{"i":4,"t":NaN,"k":"x"}\n', "NaN is not allowed"),
    ],
)
def test_malformed_middle_line(tmp_path: Path, line: bytes, words: str) -> None:
    path, lines = make_log(tmp_path)
    lines[4] = line
    write(path, lines)
    problems = verify_log(path)
    assert found(problems) == [("LOG002", 5)]
    assert words in problems[0].message


def test_torn_last_line(tmp_path: Path) -> None:
    path, lines = make_log(tmp_path)
    intact = read_log(path).records
    path.write_bytes(b"".join(lines)[:-40])  # cut line 11 mid-way
    contents = read_log(path)
    assert found(contents.problems) == [("LOG005", 11)]
    assert contents.torn
    assert contents.records == intact[:-1]


def test_torn_last_line_padded_with_zeros(tmp_path: Path) -> None:
    # After a power cut a file can end in zero-filled blocks, with or without a line end.
    path, lines = make_log(tmp_path)
    for tail in (b"\x00" * 100, b"\x00" * 100 + b"\n", lines[-1][:20] + b"\x00" * 9 + b"\n"):
        write(path, [*lines[:-1], tail])
        contents = read_log(path)
        assert found(contents.problems) == [("LOG005", 11)], tail
        assert len(contents.records) == 9


def test_last_line_without_its_newline_is_torn(tmp_path: Path) -> None:
    path, lines = make_log(tmp_path)
    write(path, [*lines[:-1], lines[-1][:-1]])
    contents = read_log(path)
    assert found(contents.problems) == [("LOG005", 11)]
    assert len(contents.records) == 9


def test_unreadable_or_headless_logs(tmp_path: Path) -> None:
    path, lines = make_log(tmp_path, 2)
    cases: list[tuple[Path, bytes | None, str]] = [
        (tmp_path / "missing.jsonl", None, "LOG001"),
        (tmp_path, None, "LOG001"),
        (tmp_path / "empty.jsonl", b"", "LOG006"),
        (tmp_path / "torn-header.jsonl", lines[0][:20], "LOG006"),
        (tmp_path / "no-header.jsonl", b"".join(lines[1:]), "LOG006"),
        (tmp_path / "garbage.jsonl", b"\xff\xfe\n" + b"".join(lines[1:]), "LOG006"),
        (tmp_path / "format2.jsonl", lines[0].replace(b'"format":1', b'"format":2'), "LOG006"),
        (tmp_path / "crlf.jsonl", b"".join(x.replace(b"\n", b"\r\n") for x in lines), "LOG006"),
    ]
    for target, data, code in cases:
        if data is not None:
            target.write_bytes(data)
        with pytest.raises(TaskforceError) as err:
            read_log(target, display_path="shown.jsonl")
        assert [(d.path, d.line, d.code) for d in err.value.diagnostics] == [
            ("shown.jsonl", 1, code)
        ]
        assert found(verify_log(target)) == [(code, 1)]


# --- resuming after a crash ------------------------------------------------------------------


def test_resume_moves_the_torn_fragment_aside(tmp_path: Path) -> None:
    path, lines = make_log(tmp_path)
    whole = b"".join(lines)
    fragment = lines[-1][:-40]
    path.write_bytes(whole[:-40])
    with SessionLog.resume(path) as log:
        assert log.last_index == 9
        assert log.append("pose", 5000, {"after": "crash"}, durable=True) == 10
    torn_file = tmp_path / "s.jsonl.torn"
    assert torn_file.read_bytes() == fragment + b"\n"
    contents = read_log(path)
    assert contents.problems == []
    assert contents.records[-1] == {"i": 10, "t": 5000, "k": "pose", "after": "crash"}
    assert path.read_bytes().startswith(b"".join(lines[:-1]))

    # A second crash adds its fragment; the first one is kept.
    with path.open("ab") as f:
        f.write(b'{"i":11,"t":60')
    with SessionLog.resume(path) as log:
        assert log.append("x", 6000) == 11
    assert torn_file.read_bytes() == fragment + b'\n{"i":11,"t":60\n'
    assert verify_log(path) == []


def test_resume_of_an_intact_log_continues_the_chain(tmp_path: Path) -> None:
    path, _ = make_log(tmp_path, 3)
    with SessionLog.resume(path) as log:
        assert log.append("x", 1) == 4
    assert verify_log(path) == []
    assert not (tmp_path / "s.jsonl.torn").exists()


def test_resume_refuses_a_broken_chain(tmp_path: Path) -> None:
    path, lines = make_log(tmp_path)
    lines[3] = lines[3].replace(b"sample 3", b"sample 4")
    write(path, [*lines, b'{"i":11'])
    before = path.read_bytes()
    with pytest.raises(TaskforceError) as err:
        SessionLog.resume(path)
    assert found(err.value.diagnostics) == [("LOG003", 4), ("LOG005", 12)]
    assert path.read_bytes() == before
    assert not (tmp_path / "s.jsonl.torn").exists()
    with pytest.raises(TaskforceError) as err:
        SessionLog.resume(tmp_path / "missing.jsonl")
    assert found(err.value.diagnostics) == [("LOG001", 1)]


CHILD = """
import sys
from engine.record.log import SessionLog

path, first = sys.argv[1], sys.argv[2] == "create"
log = SessionLog.create(path, {"scenario": "crash"}) if first else SessionLog.resume(path)
t = 0
while True:
    t += 100
    for _ in range(3):
        log.append("pose", t, {"p": [t, 1.6, -2.5], "g": [0.0, 0.0, -1.0]})
    i = log.append("request", t, {"choose": "d", "option": "o" * (t % 97), "role": "r"},
                   durable=True)
    sys.stdout.write(f"ACK {i}\\n")
    sys.stdout.flush()
"""


@pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")
def test_acknowledged_records_survive_sigkill(tmp_path: Path) -> None:
    path = tmp_path / "crash.jsonl"
    seed = random.randrange(1 << 32)
    rng = random.Random(seed)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    acked: list[int] = []
    for round_no in range(5):
        mode = "create" if round_no == 0 else "resume"
        proc = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(path), mode],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=REPO,
            env=env,
        )
        assert proc.stdout is not None and proc.stderr is not None
        target = rng.randint(1, 60)
        try:
            for _ in range(target):
                line = proc.stdout.readline()
                assert line.startswith(b"ACK "), (seed, line, proc.stderr.read())
                acked.append(int(line.split()[1]))
            proc.send_signal(signal.SIGKILL)
            rest = proc.stdout.read()  # ACKs already printed before the kill count too
        finally:
            proc.kill()
            proc.wait()
            proc.stdout.close()
            proc.stderr.close()
        acked += [int(line.split()[1]) for line in rest.splitlines() if line.startswith(b"ACK ")]

        contents = read_log(path)
        assert [d.code for d in contents.problems] in ([], ["LOG005"]), (seed, contents.problems)
        present = {r["i"] for r in contents.records}
        assert set(acked) <= present, seed
        assert [r["i"] for r in contents.records] == list(range(1, len(contents.records) + 1))
    assert acked == sorted(acked) and len(set(acked)) == len(acked)


def test_import_has_no_graphics_and_no_side_effects(tmp_path: Path) -> None:
    code = (
        "import sys, os; before = set(os.listdir('.')); import engine.record.log; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('panda3d', 'direct', 'xr')]; "
        "assert not bad, bad; assert set(os.listdir('.')) == before"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    subprocess.run([sys.executable, "-c", code], check=True, cwd=tmp_path, env=env)


def test_lines_after_the_header_do_not_depend_on_session_id_or_start(tmp_path: Path) -> None:
    logs = []
    for n, started in enumerate(["2026-01-01T09:00:00Z", "2026-02-02T10:00:00Z"]):
        path = tmp_path / f"{n}.jsonl"
        header = {"scenario": "s", "session": f"id-{n}", "started": started}
        with SessionLog.create(path, header) as log:
            log.append("performed", 1000, {"action": "don_ppe", "role": "r"})
            log.append("decided", 2000, {"decision": "d", "option": "o"})
        logs.append(path.read_bytes().splitlines())
    assert logs[0][0] != logs[1][0]
    assert logs[0][1:] == logs[1][1:]
    edited = tmp_path / "edited.jsonl"
    edited.write_bytes(b"\n".join([logs[0][0].replace(b"id-0", b"id-9"), *logs[0][1:]]) + b"\n")
    assert found(read_log(edited).problems) == [("LOG003", 1)]
