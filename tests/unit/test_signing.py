"""Signed session logs: the station key, checkpoints, the ledger, and what verify makes of
forged, truncated, foreign and crashed logs."""

from __future__ import annotations

import stat
import threading
from pathlib import Path

import pytest

from engine.errors import TaskforceError
from engine.record.keys import read_keys_file, station_home, station_key
from engine.record.ledger import read_ledger, record_head
from engine.record.log import SessionLog, read_log
from engine.record.station import Signer, station_signer
from engine.record.verdict import CRASHED, INTACT, REFUSED, load_trust
from tests.grading_support import crashed_log
from tests.trust_support import (
    REFERENCE,
    SCENARIO,
    codes,
    forged,
    other_station,
    play_reference,
    records,
    verdict,
)


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return play_reference(tmp_path_factory.mktemp("signed") / "reference.jsonl")


def copy(source: Path, target: Path, lines: slice = slice(None)) -> Path:
    target.write_bytes(b"".join(source.read_bytes().splitlines(keepends=True)[lines]))
    return target


def empty_ledger(tmp_path: Path) -> str:
    path = tmp_path / "outside-copy.jsonl"
    path.write_bytes(b"")
    return str(path)


# --- the station key ---------------------------------------------------------------------------


def test_the_station_folder_is_named_by_the_environment(monkeypatch: pytest.MonkeyPatch,
                                                        tmp_path: Path) -> None:
    monkeypatch.setenv("TASKFORCE_HOME", str(tmp_path / "named"))
    assert station_home() == tmp_path / "named"
    monkeypatch.delenv("TASKFORCE_HOME")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert station_home() == tmp_path / "data" / "taskforce"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert station_home() == tmp_path / "home" / ".local" / "share" / "taskforce"


def test_the_key_is_made_on_first_use_for_its_owner_only(tmp_path: Path) -> None:
    with other_station(tmp_path / "station"):
        assert station_key(create=False) is None
        key, again = station_key(), station_key()
        assert key is not None and again is not None and again.id == key.id
        assert stat.S_IMODE(key.path.stat().st_mode) == 0o600
        assert stat.S_IMODE(key.path.parent.stat().st_mode) == 0o700


def test_a_key_others_can_read_is_refused_key002(tmp_path: Path) -> None:
    with other_station(tmp_path / "station"):
        key = station_key()
        assert key is not None
        key.path.chmod(0o644)
        with pytest.raises(TaskforceError) as error:
            station_key()
        assert error.value.diagnostics[0].code == "KEY002"
        assert "chmod 600" in (error.value.diagnostics[0].hint or "")


def test_a_damaged_key_is_key003(tmp_path: Path) -> None:
    home = tmp_path / "station"
    home.mkdir(mode=0o700)
    (home / "station.key").write_bytes(b"not a key")
    (home / "station.key").chmod(0o600)
    with other_station(home), pytest.raises(TaskforceError) as error:
        station_key()
    assert error.value.diagnostics[0].code == "KEY003"


def test_a_station_folder_that_cannot_be_written_is_key001(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with other_station(blocker / "station"), pytest.raises(TaskforceError) as error:
        station_key()
    assert error.value.diagnostics[0].code == "KEY001"


def test_a_trusted_keys_file_names_its_bad_lines_key004(tmp_path: Path) -> None:
    keys = tmp_path / "keys.txt"
    keys.write_text("# stations we trust\n\ned25519 AAAA short\nssh-rsa AAAAB3 x\n")
    with pytest.raises(TaskforceError) as error:
        read_keys_file(keys)
    assert [(d.code, d.line) for d in error.value.diagnostics] == [("KEY004", 3), ("KEY004", 4)]
    with pytest.raises(TaskforceError):
        read_keys_file(tmp_path / "missing.txt")


# --- what verify accepts -----------------------------------------------------------------------


def test_a_played_log_is_intact_signed_and_confirmed_by_the_ledger(reference: Path) -> None:
    found = verdict(reference)
    assert found.status == INTACT, found.problems
    assert found.signers == (f"this station (key {station_key().id})",)  # type: ignore[union-attr]
    assert "the station's ledger confirms it up to line" in found.ledger
    lines = records(reference)
    assert lines[1]["k"] == "signed" and lines[1]["upto"] == 0
    assert lines[-1]["k"] == "signed" and lines[-2]["k"] == "closed"


def test_a_crashed_log_is_accepted_and_says_what_is_not_signed(tmp_path: Path) -> None:
    log = crashed_log(SCENARIO, REFERENCE, tmp_path / "crash.jsonl", requests=8)
    found = verdict(log)
    assert found.status == CRASHED, found.problems
    assert found.unsigned > 0 and "are not signed" in found.summary()


def test_checkpoints_sign_as_the_log_grows_and_when_it_is_resumed(tmp_path: Path) -> None:
    path = tmp_path / "busy.jsonl"
    signer = Signer(station_signer().key, None, every=0.0)
    with SessionLog.create(path, {"session": "busy"}, signer=signer) as log:
        for t in range(3):
            log.append("tick", t, durable=True)
        log.append("pose", 4)  # not synced: no frame waits for a signature
    assert [r["upto"] for r in records(path) if r["k"] == "signed"] == [0, 1, 2, 3, 4]
    with SessionLog.resume(path, signer=signer) as again:
        again.append("tick", 5, durable=True)
    assert [r["upto"] for r in records(path) if r["k"] == "signed"][-2:] == [4, 5]
    slow = Signer(signer.key, None)  # every few seconds: a quick session signs start and end
    with SessionLog.create(tmp_path / "quick.jsonl", {"session": "q"}, signer=slow) as log:
        for t in range(50):
            log.append("tick", t)
    assert [r["upto"] for r in records(tmp_path / "quick.jsonl") if r["k"] == "signed"] == [0, 50]


# --- what verify refuses -----------------------------------------------------------------------


def test_a_rehashed_forgery_fails_on_its_signatures_log010(reference: Path,
                                                           tmp_path: Path) -> None:
    def change_option(lines: list[dict[str, object]]) -> list[dict[str, object]]:
        for line in lines:
            if line.get("k") == "decided" and line.get("option") == "isolation_bay":
                line["option"] = "examine_here"
        return lines

    log = forged(reference, tmp_path / "forged.jsonl", change_option)
    found = verdict(log, ledger=empty_ledger(tmp_path))  # signatures alone, no ledger
    assert found.status == REFUSED and codes(found) == ["LOG010"]
    assert "changed after they were signed" in found.problems[0].message
    assert "LOG009" in codes(verdict(log))  # and the station's ledger disagrees as well


def test_a_deleted_request_is_caught_even_when_rehashed(reference: Path, tmp_path: Path) -> None:
    log = forged(reference, tmp_path / "no-ppe.jsonl", lambda lines: [
        line for line in lines if not (line.get("k") == "request" and line.get("do") == "don_ppe")
    ])
    assert "LOG010" in codes(verdict(log, ledger=empty_ledger(tmp_path)))


def test_signatures_stripped_away_leave_a_log_nobody_signed_log011(reference: Path,
                                                                   tmp_path: Path) -> None:
    log = forged(reference, tmp_path / "bare.jsonl",
                 lambda lines: [line for line in lines if line.get("k") != "signed"])
    assert codes(verdict(log, ledger=empty_ledger(tmp_path))) == ["LOG011"]


@pytest.mark.parametrize("removed", [1, 10, 100])
def test_a_log_missing_its_last_lines_is_truncated_log009(reference: Path, tmp_path: Path,
                                                          removed: int) -> None:
    log = copy(reference, tmp_path / "cut.jsonl", slice(None, -removed))
    found = verdict(log)
    assert found.status == REFUSED and "LOG009" in codes(found)
    message = next(p.message for p in found.problems if p.code == "LOG009")
    assert "truncated" in message or "missing from the log" in message
    if removed > 1:
        kept = len(log.read_bytes().splitlines())
        assert message.startswith(f"the log is truncated after line {kept}")


def test_without_the_ledger_a_cut_closing_signature_is_still_missing_log014(
    reference: Path, tmp_path: Path
) -> None:
    log = copy(reference, tmp_path / "cut.jsonl", slice(None, -1))
    assert codes(verdict(log, ledger=empty_ledger(tmp_path))) == ["LOG014"]


def test_lines_added_after_the_close_are_refused_log015(reference: Path, tmp_path: Path) -> None:
    def more(lines: list[dict[str, object]]) -> list[dict[str, object]]:
        return [*lines, {"t": 600000, "k": "performed", "action": "don_ppe",
                         "role": "customs_officer"}]

    log = forged(reference, tmp_path / "more.jsonl", more)
    assert codes(verdict(log, ledger=empty_ledger(tmp_path))) == ["LOG015"]


def test_a_malformed_signature_line_is_log013(reference: Path, tmp_path: Path) -> None:
    lines = reference.read_bytes().splitlines(keepends=True)
    lines[1] = lines[1].replace(b'"sig":"', b'"sig":"x')
    log = tmp_path / "bad-sig.jsonl"
    log.write_bytes(b"".join(lines))
    found = verdict(log)
    assert [(p.code, p.line) for p in found.problems] == [("LOG013", 2)]


def test_another_stations_log_needs_its_public_key_log012(tmp_path: Path) -> None:
    with other_station(tmp_path / "elsewhere"):
        log = play_reference(tmp_path / "theirs.jsonl")
        exported = tmp_path / "theirs.pub"
        exported.write_text(station_key().export_line() + "\n")  # type: ignore[union-attr]
    refused = verdict(log)
    assert refused.status == REFUSED and codes(refused) == ["LOG012"]
    assert "--keys" in (refused.problems[0].hint or "")
    trusted = verdict(log, keys=[str(exported)])
    assert trusted.status == INTACT, trusted.problems
    assert "no record of this session" in trusted.ledger
    with_their_ledger = verdict(log, keys=[str(exported)],
                                ledger=str(tmp_path / "elsewhere" / "ledger.jsonl"))
    assert "confirms" in with_their_ledger.ledger


# --- the ledger --------------------------------------------------------------------------------


def test_an_edited_ledger_is_refused_key005(reference: Path, tmp_path: Path) -> None:
    ledger = station_home() / "ledger.jsonl"
    copy_of = tmp_path / "ledger-copy.jsonl"
    lines = ledger.read_bytes().splitlines(keepends=True)
    lines[0] = lines[0].replace(b'"upto":0', b'"upto":1', 1)
    copy_of.write_bytes(b"".join(lines))
    found = verdict(reference, ledger=str(copy_of))
    assert "KEY005" in codes(found)
    problem = read_ledger(copy_of, load_trust().keyring).problems[0]
    assert problem.line == 2 and "does not chain onto line 1" in problem.message


def test_a_ledger_that_cannot_be_written_is_key006_and_the_log_is_whole(tmp_path: Path) -> None:
    from engine.scenario.loader import load_scenario, load_walkthrough
    from engine.session import Session

    loaded = load_scenario(SCENARIO)
    plan = load_walkthrough(REFERENCE, loaded)
    (tmp_path / "ledger-is-a-folder").mkdir()
    signer = Signer(station_signer().key, tmp_path / "ledger-is-a-folder")
    session = Session.begin(loaded, role=plan.role, seed=1, trainee="t",
                            log_path=tmp_path / "s.jsonl", signer=signer)
    with pytest.raises(TaskforceError) as error:
        session.close("ended")
    assert error.value.diagnostics[0].code == "KEY006"
    assert verdict(tmp_path / "s.jsonl").closed


def test_sessions_side_by_side_keep_one_ledger_chain(tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.jsonl"
    key = station_signer().key

    def append(n: int) -> None:
        for upto in range(20):
            record_head(ledger, key, {"session": f"s{n}", "log": "x", "upto": upto,
                                      "head": "0" * 64, "header": "0" * 64, "key": key.id,
                                      "sig": "x"})

    threads = [threading.Thread(target=append, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    view = read_ledger(ledger, load_trust().keyring)
    assert view.problems == [] and view.entries == 80
    assert {view.heads[f"s{n}"].upto for n in range(4)} == {19}


def test_a_torn_ledger_line_is_set_aside_before_the_next_one(tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.jsonl"
    key = station_signer().key
    head = {"session": "s", "log": "x", "upto": 0, "head": "0" * 64, "header": "0" * 64,
            "key": key.id, "sig": "x"}
    record_head(ledger, key, head)
    with open(ledger, "ab") as handle:
        handle.write(b'{"n":1,"session":"s","lo')  # a crash while appending
    assert read_ledger(ledger, load_trust().keyring).problems == []
    record_head(ledger, key, {**head, "upto": 1})
    view = read_ledger(ledger, load_trust().keyring)
    assert view.problems == [] and view.heads["s"].upto == 1
    assert (tmp_path / "ledger.jsonl.torn").read_bytes() == b'{"n":1,"session":"s","lo\n'


def test_a_fast_session_is_signed_every_thousand_lines_too(tmp_path: Path) -> None:
    signer = Signer(station_signer().key, None)
    with SessionLog.create(tmp_path / "fast.jsonl", {"session": "f"}, signer=signer) as log:
        for t in range(2500):
            log.append("tick", t)
    assert [r["upto"] for r in records(tmp_path / "fast.jsonl") if r["k"] == "signed"] == [
        0, 1000, 2000, 2500]


def test_note_lines_are_signed_checked_and_ignored_by_replay(tmp_path: Path) -> None:
    from engine.core.program import program_for
    from engine.record.format import note_fields
    from engine.record.replay import replay
    from engine.scenario.loader import load_scenario

    log = tmp_path / "notes.jsonl"
    with SessionLog.create(log, {"session": "n", "seed": 1},
                           signer=Signer(station_signer().key, None)) as written:
        written.append("started", 0, {"seed": 1})
        written.append("note", 500, note_fields("read", "customs_officer", prop="manifest",
                                                documents=["manifest"]))
        written.append("note", 600, note_fields("paused", "customs_officer"))
        written.append("closed", 700, {"reason": "ended"}, seal=True)
    (tmp_path / "none.jsonl").write_bytes(b"")
    found = verdict(log, ledger=str(tmp_path / "none.jsonl"))
    assert found.status == INTACT, found.problems
    kept = read_log(log).records
    assert [r["k"] for r in kept] == ["started", "note", "note", "closed"]
    program = program_for(load_scenario(SCENARIO))
    assert replay(program, 1, kept, str(log), closed=False).diagnostics == []
    with pytest.raises(ValueError):
        note_fields("daydreamed", "customs_officer")
