"""A shared session over NATS JetStream: for several sites, or many clients behind one server.

The host still runs the one core (``Room``); only the transport changes. Per session:

* ``taskforce.<session>.in.<client>`` (JetStream stream ``TF_<session>_IN``): what clients say
  to the host, in order. Each request, note and message carries the message id
  ``<client>:<cseq>``, so one resent after a reconnect is stored once (and the room applies each
  ``cseq`` once besides). The host reads it through one durable consumer.
* ``taskforce.<session>.log`` (stream ``TF_<session>_LOG``): every log line, byte for byte as
  the log file holds it, written by the host alone: each publish expects the stream's last
  sequence to be the line before it (a second writer is refused) and carries the id
  ``<session>:<i>`` (a retried publish is stored once). Line ``i`` is sequence ``i + 1``, so
  another site can read the log from any line on.
* ``taskforce.<session>.out.<client>`` and ``.live.<client>`` (plain NATS): what the host sends
  one client (only what its role may see), and the client's poses and a heartbeat.

When the NATS server goes away and comes back, both sides reconnect by themselves; a client
then says hello again with the last line it has, and the host sends it everything after that.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from engine.net.host import deliver
from engine.net.protocol import encode
from engine.net.room import Peer, Room

SILENT_S = 6.0  # a client not heard from this long has dropped (it says something each second)
RETRY_S = 0.25
FIRST_CONNECT_S = 5.0  # a server that is not there at the start is a mistake to report
PREFIX = "taskforce"


class BusError(Exception):
    """The NATS server cannot be reached, or will not keep this session's streams."""


def parse_bus(url: str) -> tuple[str, str]:
    """``nats://HOST:PORT[/SESSION]`` as (server URL, session name or ""); ``ValueError`` says
    what is wrong."""
    parts = urlsplit(url)
    if parts.scheme != "nats" or not parts.hostname or parts.port is None:
        raise ValueError(f"'{url}' is not nats://HOST:PORT")
    name = parts.path.strip("/")
    if name and not name.isalnum():
        raise ValueError(f"'{name}' is not a session name (letters and digits)")
    return f"nats://{parts.hostname}:{parts.port}", name


def session_name(session_id: str) -> str:
    return session_id.replace("-", "")


def subjects(name: str) -> dict[str, str]:
    base = f"{PREFIX}.{name}"
    return {"in": f"{base}.in", "log": f"{base}.log", "out": f"{base}.out",
            "live": f"{base}.live", "in_stream": f"TF_{name}_IN",
            "log_stream": f"TF_{name}_LOG"}


async def connect(server: str, **callbacks: Any) -> Any:
    try:
        import nats
    except ImportError:
        raise BusError("the NATS client is not installed: pip install "
                       "'taskforce-vr[nats]'") from None

    logging.getLogger("nats").setLevel(logging.CRITICAL)

    async def quiet(_: Exception) -> None:
        """Reconnecting is what a bus does; the session says what it means for the trainee."""

    return await nats.connect(server, allow_reconnect=True, max_reconnect_attempts=-1,
                              reconnect_time_wait=0.25, connect_timeout=2, error_cb=quiet,
                              **callbacks)


@dataclass
class _Client:
    peer: Peer
    seen: float


class NatsBus:
    """The host's side: clients' messages from JetStream into the room, the room's lines out,
    and the log into its stream."""

    def __init__(self, room: Room, server: str) -> None:
        self.room, self.server = room, server
        self.name = session_name(str(room.header.get("session")))
        self.subject = subjects(self.name)
        self.clients: dict[str, _Client] = {}
        self.outbox: asyncio.Queue[tuple[str, str]] = asyncio.Queue()
        self.published = 0  # how many of the log's lines (the header first) the stream holds
        self.problem: str | None = None  # why the log stream stopped taking lines
        self.nc: Any = None
        self.js: Any = None

    @property
    def address(self) -> str:
        return f"{self.server}/{self.name}"

    async def start(self) -> None:
        from nats.js.api import (
            ConsumerConfig,
            DeliverPolicy,
            DiscardPolicy,
            StorageType,
            StreamConfig,
        )

        try:
            self.nc = await asyncio.wait_for(connect(self.server), FIRST_CONNECT_S)
        except Exception as exc:  # noqa: BLE001 - whatever the client raises, one sentence
            why = str(exc) or f"no answer within {FIRST_CONNECT_S:.0f} s"
            raise BusError(f"cannot reach the NATS server at {self.server} ({why}); start "
                           "it with: nats-server -js") from None
        self.js = self.nc.jetstream()
        s = self.subject
        for stream, subject in ((s["in_stream"], f"{s['in']}.*"), (s["log_stream"], s["log"])):
            with contextlib.suppress(Exception):  # it is there already: a resumed session
                await self.js.add_stream(StreamConfig(
                    name=stream, subjects=[subject], storage=StorageType.FILE,
                    duplicate_window=300.0, discard=DiscardPolicy.NEW, max_age=7 * 86400.0))
        try:
            info = await self.js.stream_info(s["log_stream"])
        except Exception as exc:  # noqa: BLE001
            raise BusError(f"the NATS server at {self.server} keeps no JetStream streams "
                           f"({exc}); start it with: nats-server -js") from None
        self.published = int(info.state.last_seq)
        await self.js.subscribe(f"{s['in']}.*", durable="host", stream=s["in_stream"],
                                cb=self._incoming, manual_ack=True,
                                config=ConsumerConfig(deliver_policy=DeliverPolicy.NEW,
                                                      ack_wait=10.0))
        await self.nc.subscribe(f"{s['live']}.*", cb=self._live)

    async def run(self, stopping: asyncio.Event) -> None:
        """Carry the session until ``stopping`` (``start`` first)."""
        tasks = [asyncio.create_task(self._write_log(stopping)),
                 asyncio.create_task(self._send_out(stopping)),
                 asyncio.create_task(self._watch(stopping))]
        await stopping.wait()
        await asyncio.sleep(0.2)  # the closing line reaches the stream and every client
        for task in tasks:
            task.cancel()
        with contextlib.suppress(Exception):
            await self._publish_log()
        with contextlib.suppress(Exception):
            await self.nc.drain()

    # -- in ------------------------------------------------------------------------------------

    async def _incoming(self, msg: Any) -> None:
        client = msg.subject.rsplit(".", 1)[-1]
        with contextlib.suppress(Exception):
            await msg.ack()
        self.take(client, msg.data, time.monotonic())

    async def _live(self, msg: Any) -> None:
        client = msg.subject.rsplit(".", 1)[-1]
        known = self.clients.get(client)
        if known is None:
            return  # poses before a hello (or after the host let it go) mean nothing
        self.take(client, msg.data, time.monotonic())

    def take(self, client: str, data: bytes, now: float) -> None:
        """One message from ``client``, checked, handed to the room."""
        room = self.room
        known = self.clients.get(client)
        first = data.startswith(b'{"k":"hello"')
        if known is None or first:
            if known is not None:  # the same machine again (it reconnected): one peer for it
                room.forget(known.peer)
            known = _Client(Peer(self._sender(client)), now)
            self.clients[client] = known
        known.seen = now
        if deliver(room, known.peer, data, now) is not None and known.peer.kind == "new":
            self.clients.pop(client, None)

    def _sender(self, client: str) -> Any:
        def send(text: str) -> None:
            self.outbox.put_nowait((client, text))
        return send

    async def _watch(self, stopping: asyncio.Event) -> None:
        """A client gone silent (killed, unplugged) has dropped; its seat waits for it."""
        while not stopping.is_set():
            await asyncio.sleep(1.0)
            now = time.monotonic()
            for client, known in list(self.clients.items()):
                if now - known.seen > SILENT_S:
                    del self.clients[client]
                    if known.peer.kind != "new":
                        self.room.drop(known.peer, now)

    # -- out -----------------------------------------------------------------------------------

    async def _send_out(self, stopping: asyncio.Event) -> None:
        out = self.subject["out"]
        while not stopping.is_set():
            client, text = await self.outbox.get()
            with contextlib.suppress(Exception):  # lost while the server is away: the
                await self.nc.publish(f"{out}.{client}", text.encode("utf-8"))  # hello after

    async def _write_log(self, stopping: asyncio.Event) -> None:
        while not stopping.is_set() and self.problem is None:
            try:
                await self._publish_log()
            except Exception:  # noqa: BLE001 - the server is away: the same line again later
                await asyncio.sleep(RETRY_S)
                continue
            await asyncio.sleep(0.01)

    async def _publish_log(self) -> None:
        from nats.js.errors import APIError

        lines = [self.room.header, *self.room.lines]
        while self.published < len(lines) and self.problem is None:
            record = lines[self.published]
            seq = self.published + 1
            headers = {"Nats-Msg-Id": f"{self.name}:{record.get('i', 0)}",
                       "Nats-Expected-Last-Sequence": str(seq - 1)}
            try:
                await self.js.publish(self.subject["log"], encode(record).encode("utf-8"),
                                      headers=headers, timeout=2.0)
            except APIError as error:
                info = await self.js.stream_info(self.subject["log_stream"])
                if int(info.state.last_seq) < seq:  # someone else wrote this session's log
                    self.problem = f"the log stream refused line {seq - 1}: {error}"
                    return
            self.published = seq
