"""``taskforce host``: start (or, after a crash, resume) a shared session and serve it."""

from __future__ import annotations

import asyncio
import secrets
import sys
from dataclasses import dataclass
from pathlib import Path

from engine.errors import TaskforceError
from engine.net.room import Room
from engine.net.seats import OBSERVER, Keys, keys_path

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


@dataclass
class HostOptions:
    scenario: str
    bind: tuple[str, int] = ("127.0.0.1", 7470)
    bus: str = "embedded"
    log: str | None = None
    players: tuple[str, ...] | None = None  # the roles people are expected to play
    ttl_s: float = 60.0
    speed: float = 1.0
    seed: int | None = None
    start: str = "joined"  # "joined": when every player has joined; "instructor": on Start


def parse_bind(text: str) -> tuple[str, int]:
    """``HOST:PORT`` (``[::1]:7470`` for IPv6); ``ValueError`` says what is wrong."""
    host, sep, port = text.rpartition(":")
    host = host.strip("[]")
    if not sep or not host or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise ValueError(f"'{text}' is not HOST:PORT, such as 127.0.0.1:7470")
    return host, int(port)


def open_room(options: HostOptions) -> tuple[Room, Keys, bool]:
    """The room of a new session, or of the one whose unclosed log ``--log`` names."""
    from engine.net.protocol import Refusal
    from engine.record.log import ends_closed, read_log
    from engine.scenario.loader import load_scenario
    from engine.session import Session, default_log_path

    loaded = load_scenario(options.scenario)
    playable = sorted(r.id for r in loaded.scenario.roles if r.playable)
    players = sorted(options.players) if options.players else playable
    unknown = [r for r in players if r not in playable]
    if unknown:
        raise Refusal("CLI044", f"--players names {', '.join(unknown)}, which is not a "
                      f"playable role here (playable: {', '.join(playable)})")
    path = Path(options.log) if options.log else None
    if path is not None and path.exists():
        contents = read_log(path)
        if ends_closed(contents.records):
            raise Refusal("NET010", f"{path} is the log of a session that has ended; give a "
                          "new --log to host another")
        if not keys_path(path).exists():
            raise Refusal("NET018", f"{path} is not the log of a shared session this machine "
                          "hosted (its .keys file is missing)")
        if contents.header.get("scenario_hash") != loaded.content_hash:
            raise Refusal("NET018", f"{path} was recorded with another version of "
                          f"{options.scenario}")
        session = Session.resume(loaded, path, role=str(contents.header.get("role")))
        keys = Keys.load(keys_path(path))
        room = Room(session, keys, ttl_s=options.ttl_s, speed=options.speed)
        room.started = any(r.get("note") == "started" for r in contents.records)
        room.waiting_for = {r for r in session.state.people if r in room.seats}
        import time

        for record in contents.records:  # who held each seat: they may come back
            if record.get("note") == "joined" and record.get("role") in room.waiting_for:
                seat = room.seats[str(record["role"])]
                seat.client, seat.trainee = str(record["client"]), str(record["trainee"])
                seat.dropped_at = time.monotonic()
        room.applied = {(str(r["client"]), int(r["cseq"])): int(r["i"])
                        for r in contents.records if "client" in r and "cseq" in r}
        session.note(session.t_ms, {"note": "host_restarted", "by": "instructor"})
        return room, keys, True
    seed = options.seed if options.seed is not None else secrets.randbits(31)
    import uuid

    session_id = str(uuid.uuid4())
    path = path or default_log_path(loaded.scenario.id, session_id)
    session = Session.begin(loaded, role=players[0] if players else playable[0], seed=seed,
                            trainee="team", log_path=path, people=players,
                            extra={"shared": True})
    keys = Keys.new(playable)
    keys.save(keys_path(session.log.path))
    return Room(session, keys, ttl_s=options.ttl_s, speed=options.speed), keys, False


def host(options: HostOptions) -> int:
    from engine.net.protocol import Refusal

    try:
        room, keys, resumed = open_room(options)
    except Refusal as refusal:
        print(f"error {refusal.code}: {refusal.reason}")
        return EXIT_USAGE if refusal.code.startswith("CLI") else EXIT_PROBLEMS
    except TaskforceError as error:
        for diagnostic in error.diagnostics:
            print(diagnostic.format())
        return EXIT_PROBLEMS
    if options.start == "instructor":
        room.auto_start = False
    from engine.net.bus import BusError
    from engine.net.host import Host

    server = Host(room, options.bind, options.bus)

    def ready(port: int) -> None:
        where = options.bind[0]
        shown = f"[{where}]" if ":" in where else where
        print(f"{'resumed' if resumed else 'hosting'} {room.session.loaded.scenario.id} on "
              f"{shown}:{port}" + (f" over {options.bus}" if options.bus != "embedded" else ""))
        for code, role in keys.codes.items():
            if role != OBSERVER:
                print(f"  join code {code}  {role}")
        print(f"  join code {keys.code_of(OBSERVER)}  (observer: watches a role, cannot act)")
        if server.bus_address is not None:
            print(f"  join over NATS JetStream: taskforce join {server.bus_address} --code CODE")
        print(f"  instructor http://{shown}:{port}/#{keys.instructor}")
        print(f"  session log {room.session.log.path}", flush=True)

    try:
        asyncio.run(server.run(ready))
    except BusError as error:
        print(f"error NET020: {error}")
        room.close("host_failed")
        return EXIT_PROBLEMS
    except OSError as error:
        print(f"error NET019: cannot serve on {options.bind[0]}:{options.bind[1]} "
              f"({error.strerror or error})")
        room.close("host_failed")
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        room.close("interrupted")
    print(f"session log: {room.session.log.path}", file=sys.stdout, flush=True)
    return EXIT_OK
