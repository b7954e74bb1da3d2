"""A client's connection to the host, on its own thread: a frame never waits on the network.

The thread keeps the WebSocket open, reconnects when it drops (a host restarted after a
crash, a Wi-Fi blip), says hello again with the last entry it has, and resends every request
the host has not yet acknowledged (the host applies each ``cseq`` once). Poses are sent at
20 Hz, the latest one only. Everything the host sends lands in ``inbox`` for the frame loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import queue
import threading
from collections.abc import Mapping
from typing import Any

from engine.net.protocol import encode
from engine.record.lines import DECODER

POSE_EVERY_S = 0.05
RETRY_S = (0.1, 0.25, 0.5, 1.0, 1.0, 2.0)


class Link:
    def __init__(self, address: str, hello: Mapping[str, Any], *, give_up_s: float = 120.0,
                 ) -> None:
        self.url = address if address.startswith("ws") else f"ws://{address}/"
        self.hello = dict(hello)
        self.give_up_s = give_up_s
        self.inbox: queue.SimpleQueue[dict[str, Any]] = queue.SimpleQueue()
        self.last = 0  # the index of the last log line received
        self.unacked: dict[int, dict[str, Any]] = {}  # cseq -> message
        self._pose: dict[str, Any] | None = None
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._ws: Any = None
        self._stop = threading.Event()
        self.connected = threading.Event()
        self.refused: dict[str, Any] | None = None  # the host's last word when it shut us out
        self.failed: str | None = None
        self.thread = threading.Thread(target=self._run, name="taskforce-link", daemon=True)

    def start(self) -> None:
        self.thread.start()

    # -- the frame loop's side ---------------------------------------------------------------

    def send(self, message: Mapping[str, Any]) -> None:
        message = dict(message)
        if "cseq" in message:
            with self._lock:
                self.unacked[int(message["cseq"])] = message
        self._post(message)

    def acked(self, cseq: int) -> None:
        with self._lock:
            self.unacked.pop(cseq, None)

    def pose(self, pose: dict[str, Any]) -> None:
        self._pose = pose  # latest wins

    def close(self) -> None:
        self._stop.set()
        loop, ws = self._loop, self._ws
        if loop is not None and ws is not None:
            with contextlib.suppress(RuntimeError):
                asyncio.run_coroutine_threadsafe(_quiet(ws.close()), loop)
        if self.thread.is_alive():
            self.thread.join(timeout=3.0)

    def _post(self, message: Mapping[str, Any]) -> None:
        loop, ws = self._loop, self._ws
        if loop is None or ws is None:
            return  # resent from ``unacked`` once connected again
        with contextlib.suppress(RuntimeError):
            asyncio.run_coroutine_threadsafe(_quiet(ws.send(encode(message))), loop)

    # -- the network thread ------------------------------------------------------------------

    def _run(self) -> None:
        logging.getLogger("websockets").setLevel(logging.CRITICAL)
        loop = asyncio.new_event_loop()
        self._loop = loop
        try:
            loop.run_until_complete(self._connect_loop())
        finally:
            self._loop = None
            loop.close()

    async def _connect_loop(self) -> None:
        from websockets.asyncio.client import connect

        tries, lost_since = 0, asyncio.get_running_loop().time()
        while not self._stop.is_set():
            try:
                async with connect(self.url, max_size=1 << 22, open_timeout=3,
                                   ping_interval=2.0, ping_timeout=6.0,
                                   compression=None) as ws:
                    tries = 0
                    await self._session(ws)
                    lost_since = asyncio.get_running_loop().time()
            except (TimeoutError, OSError, Exception) as exc:  # noqa: BLE001
                if self.refused is not None:
                    return
                if asyncio.get_running_loop().time() - lost_since > self.give_up_s:
                    self.failed = f"the host at {self.url} cannot be reached ({exc})"
                    return
            self._ws = None
            self.connected.clear()
            if self.refused is not None or self._stop.is_set():
                return
            await asyncio.sleep(RETRY_S[min(tries, len(RETRY_S) - 1)])
            tries += 1

    async def _session(self, ws: Any) -> None:
        await ws.send(encode({**self.hello, "last": self.last}))
        first = DECODER.decode(await ws.recv())
        if first.get("k") == "refused":
            self.refused = first
            self.inbox.put(first)
            return
        self.inbox.put(first)
        self._ws = ws
        self.connected.set()
        with self._lock:
            again = [self.unacked[c] for c in sorted(self.unacked)]
        for message in again:
            await ws.send(encode(message))
        poses = asyncio.create_task(self._send_poses(ws))
        try:
            async for data in ws:
                message = DECODER.decode(data)
                if "h" in message:
                    self.last = max(self.last, int(message["i"]))
                self.inbox.put(message)
                if self._stop.is_set():
                    break
        finally:
            poses.cancel()
            self._ws = None

    async def _send_poses(self, ws: Any) -> None:
        sent: dict[str, Any] | None = None
        while True:
            await asyncio.sleep(POSE_EVERY_S)
            pose = self._pose
            if pose is not None and pose is not sent:
                await ws.send(encode({"k": "pose", **pose}))
                sent = pose


async def _quiet(sending: Any) -> None:
    with contextlib.suppress(Exception):
        await sending
