"""verify, replay and grade on logs that are malformed, forged by a key's holder, crashed, or
that name a scenario outside the known folders: located lines, never an internal error."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from engine.cli import main
from tests.grading_support import crashed_log, signed_log
from tests.trust_support import REFERENCE, SCENARIO, play_reference, records

LOCATED = re.compile(r"^\S.*:\d+:\d+: error [A-Z]+\d{3}: ")
COMMANDS = [["verify"], ["replay", "--check"], ["grade"], ["grade", "--format", "html"]]


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return play_reference(tmp_path_factory.mktemp("trust") / "reference.jsonl")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    assert "internal error" not in captured.out + captured.err
    return code, captured.out


def error_codes(out: str) -> list[str]:
    return [line.split(" error ")[1][:6] for line in out.splitlines() if LOCATED.match(line)]


def resigned(reference: Path, target: Path, edit: Any) -> Path:
    """The reference session changed by ``edit`` and signed again with this station's key, as
    only the key's holder could: what verify's line checks must still catch."""
    lines = [r for r in records(reference) if r["k"] != "signed"]
    header = {k: v for k, v in lines[0].items() if k not in ("i", "k", "format", "h")}
    header["session"] = f"{header['session']}-{target.stem}"  # its own record in the ledger
    body = [{k: v for k, v in r.items() if k not in ("i", "h")} for r in lines[1:]]
    header, body = edit(header, body)
    return signed_log(target, header, body)


def first(body: list[dict[str, Any]], kind: str) -> dict[str, Any]:
    return next(r for r in body if r["k"] == kind)


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_deeply_nested_line_is_log017(reference: Path, tmp_path: Path, command: list[str],
                                        capsys: pytest.CaptureFixture[str]) -> None:
    lines = reference.read_bytes().splitlines(keepends=True)
    lines.insert(5, b'{"i":4,"t":0,"k":"x","a":' + b"[" * 100_000 + b"]" * 100_000 + b"}\n")
    log = tmp_path / "deep.jsonl"
    log.write_bytes(b"".join(lines))
    code, out = run(capsys, *command[:1], str(log), *command[1:])
    assert code == 1 and "LOG017" in error_codes(out)


def test_a_request_with_neither_do_nor_choose_is_log016(
    reference: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def edit(header: dict[str, Any], body: list[dict[str, Any]]) -> Any:
        first(body, "request").pop("do")
        return header, body

    log = resigned(reference, tmp_path / "odd.jsonl", edit)
    for command in COMMANDS:
        code, out = run(capsys, command[0], str(log), *command[1:])
        assert code == 1 and "LOG016" in error_codes(out), out
    assert '"request" line needs "do" or "choose"' in run(capsys, "verify", str(log))[1]


def test_times_that_go_backwards_are_log018(reference: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    def edit(header: dict[str, Any], body: list[dict[str, Any]]) -> Any:
        requests = [r for r in body if r["k"] == "request"]
        requests[3]["t"] = 1000
        return header, body

    log = resigned(reference, tmp_path / "backwards.jsonl", edit)
    code, out = run(capsys, "replay", str(log), "--check")
    assert code == 1 and error_codes(out) == ["LOG018"]
    assert "time cannot go backwards" in out


@pytest.mark.parametrize("seed", ["missing", None, "7"], ids=["missing", "null", "string"])
def test_a_header_without_a_whole_number_seed_is_log006(
    reference: Path, tmp_path: Path, seed: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    def edit(header: dict[str, Any], body: list[dict[str, Any]]) -> Any:
        if seed == "missing":
            header.pop("seed")
        else:
            header["seed"] = seed
        return header, body

    log = resigned(reference, tmp_path / "seed.jsonl", edit)
    code, out = run(capsys, "replay", str(log), "--check")
    assert code == 1 and error_codes(out) == ["LOG006"] and "seed" in out


@pytest.mark.parametrize("path", [["a", "list"], 7, {"x": 1}], ids=["list", "number", "mapping"])
def test_a_scenario_path_that_is_not_text_is_log006(
    reference: Path, tmp_path: Path, path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    def edit(header: dict[str, Any], body: list[dict[str, Any]]) -> Any:
        header["scenario_path"] = path
        return header, body

    log = resigned(reference, tmp_path / "path.jsonl", edit)
    for command in COMMANDS:
        code, out = run(capsys, command[0], str(log), *command[1:])
        assert code == 1 and "LOG006" in error_codes(out), out


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_list_where_an_id_belongs_is_log016(reference: Path, tmp_path: Path,
                                              command: list[str],
                                              capsys: pytest.CaptureFixture[str]) -> None:
    def edit(header: dict[str, Any], body: list[dict[str, Any]]) -> Any:
        first(body, "performed")["action"] = ["don_ppe"]
        return header, body

    log = resigned(reference, tmp_path / "list-id.jsonl", edit)
    code, out = run(capsys, command[0], str(log), *command[1:])
    assert code == 1 and "LOG016" in error_codes(out)


def test_malformed_pose_samples_are_refused_and_left_out_when_forced(
    reference: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def edit(header: dict[str, Any], body: list[dict[str, Any]]) -> Any:
        bad = {"t": 0, "k": "poses", "dt": [0, 100], "p": [[1, 2], "x"], "g": [[0, 1, 0]]}
        return header, [bad, *body]

    log = resigned(reference, tmp_path / "poses.jsonl", edit)
    code, out = run(capsys, "grade", str(log), "--format", "html")
    assert code == 1 and "LOG016" in error_codes(out)
    code, out = run(capsys, "grade", str(log), "--format", "html", "--force",
                    "--out", str(tmp_path / "debrief.html"))
    assert code == 0 and (tmp_path / "debrief.html").read_text().startswith("<!")


def test_events_the_scenario_does_not_have_are_grd006(reference: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    def edit(header: dict[str, Any], body: list[dict[str, Any]]) -> Any:
        first(body, "performed")["action"] = "fly_away"
        first(body, "inject_fired")["inject"] = "alien_landing"
        return header, body

    log = resigned(reference, tmp_path / "unknown.jsonl", edit)
    code, out = run(capsys, "grade", str(log))
    assert code == 1 and error_codes(out).count("GRD006") == 3
    assert "names action \"fly_away\"" in out and "names inject \"alien_landing\"" in out
    code, out = run(capsys, "grade", str(log), "--force")
    assert code == 0 and out.startswith("FORCED: the log names things its scenario does not")


@pytest.mark.parametrize("where", ["absolute", "dotdot", "proc"])
def test_a_header_path_outside_the_scenario_folders_is_never_read(
    reference: Path, tmp_path: Path, where: str, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    secret = tmp_path / "outside" / "scenario.yaml"
    secret.parent.mkdir()
    secret.write_text("id: hunter2\npassword: hunter2\n")
    named = {"absolute": str(secret), "dotdot": "../outside/scenario.yaml",
             "proc": "/proc/self/environ"}[where]
    (tmp_path / "here").mkdir()
    monkeypatch.chdir(tmp_path / "here")

    def edit(header: dict[str, Any], body: list[dict[str, Any]]) -> Any:
        header["scenario_path"] = named
        header["scenario_hash"] = "sha256:" + "0" * 64
        return header, body

    log = resigned(reference, tmp_path / "away.jsonl", edit)
    for command, code_wanted in ((["grade"], "GRD004"), (["replay", "--check"], "LOG019")):
        code, out = run(capsys, command[0], str(log), *command[1:])
        assert code == 1 and error_codes(out) == [code_wanted], out
        assert "hunter2" not in out and "PATH=" not in out


def test_a_header_path_inside_the_folders_is_followed(reference: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # the project's own scenarios/ is a known folder from anywhere
    code, out = run(capsys, "grade", str(reference))
    assert code == 0 and "overall: P" in out


@pytest.mark.parametrize("cut_after_request", [False, True], ids=["between", "after-request"])
def test_replay_checks_a_crashed_log_as_far_as_it_was_written(
    tmp_path: Path, cut_after_request: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    log = crashed_log(SCENARIO, REFERENCE, tmp_path / "crash.jsonl", requests=7,
                      cut_after_request=cut_after_request)
    code, out = run(capsys, "verify", str(log))
    assert code == 0 and ": crashed: the session stopped without closing" in out
    code, out = run(capsys, "replay", str(log), "--check")
    assert code == 0, out
    assert "replay matches the" in out and "written before the session stopped" in out
    assert re.search(r"the log ends at line \d+", out)
    if cut_after_request:
        assert "the core goes on with" in out


def test_replay_without_check_prints_the_events(reference: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "replay", str(reference))
    lines = out.splitlines()
    assert code == 0 and json.loads(lines[0])["k"] == "started"
    events = len(lines) - 1
    assert lines[-1].endswith(f"replay matches ({events} events)") and events > 50


def test_a_key_file_that_cannot_be_written_is_cli005(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "key", "export", "--out", str(tmp_path / "no-folder" / "k.pub"))
    assert code == 2 and out.startswith("error CLI005: cannot write")


def test_the_public_key_is_one_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "key", "export")
    assert code == 0 and re.fullmatch(r"ed25519 [A-Za-z0-9+/]{43}= taskforce station \S+.*\n", out)
    code, out = run(capsys, "key", "export", "--out", str(tmp_path / "station.pub"))
    assert code == 0 and (tmp_path / "station.pub").read_text().startswith("ed25519 ")
