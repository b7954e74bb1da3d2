"""A client for Monado's "remote" driver (a simulated headset and two Index controllers,
moved over a TCP socket): the test moves the head and hands and presses buttons with it.

The wire format is Monado's ``struct r_remote_data`` (src/xrt/drivers/remote/r_interface.h):
a header, the head (two views and a centre pose), then the left and right controllers,
little-endian, 376 bytes. Poses are OpenXR's: (x, y, z, w) orientation then position.
"""

from __future__ import annotations

import math
import socket
import struct
import time
from dataclasses import dataclass, field

HEADER = struct.unpack("<Q", b"mndrmt3\0")[0]
VIEW = "4f4f3fI"  # fov (l, r, u, d), pose (quat, position), padding
HEAD = f"{VIEW}{VIEW}4f3f?3x"
HAND = "4f3f3f3f5ffff2ff2f16?"
FORMAT = f"<Q{HEAD}{HAND}{HAND}"
SIZE = struct.calcsize(FORMAT)
assert SIZE == 376, SIZE

Quat = tuple[float, float, float, float]  # OpenXR order: x, y, z, w


def yaw(degrees: float) -> Quat:
    """A turn about OpenXR's +Y (up): positive turns left."""
    half = math.radians(degrees) / 2
    return (0.0, math.sin(half), 0.0, math.cos(half))


def look(direction: tuple[float, float, float]) -> Quat:
    """The orientation whose -Z (OpenXR's forward) points along ``direction``."""
    x, y, z = direction
    n = math.sqrt(x * x + y * y + z * z)
    x, y, z = x / n, y / n, z / n
    # rotation taking (0, 0, -1) to (x, y, z): axis = (0,0,-1) x d, angle = acos(-z)
    ax, ay, az = (y * 1.0, -x * 1.0, 0.0)  # (0,0,-1) x (x,y,z) = (0*z - (-1)*y, (-1)*x - 0*z, 0)
    s = math.sqrt(ax * ax + ay * ay + az * az)
    angle = math.acos(max(-1.0, min(1.0, -z)))
    if s < 1e-9:
        return (0.0, 1.0, 0.0, 0.0) if z > 0 else (0.0, 0.0, 0.0, 1.0)
    k = math.sin(angle / 2) / s
    return (ax * k, ay * k, az * k, math.cos(angle / 2))


@dataclass
class Hand:
    position: tuple[float, float, float]
    orientation: Quat = (0.0, 0.0, 0.0, 1.0)
    trigger: bool = False
    squeeze: float = 0.0
    stick: tuple[float, float] = (0.0, 0.0)
    b: bool = False

    def pack(self) -> tuple[object, ...]:
        bools = [True, True, False, False, False, False, self.b, self.b, self.trigger,
                 self.trigger, False, False, False, False, False, False]
        return (*self.orientation, *self.position, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
                0.0, 0.0, 0.0, 0.0, 0.0, 1.0 if self.trigger else 0.0, self.squeeze,
                self.squeeze, *self.stick, 0.0, 0.0, 0.0, *bools)


@dataclass
class Remote:
    port: int
    head_position: tuple[float, float, float] = (0.0, 1.6, 0.0)
    head_orientation: Quat = (0.0, 0.0, 0.0, 1.0)
    left: Hand = field(default_factory=lambda: Hand((-0.2, 1.3, -0.5)))
    right: Hand = field(default_factory=lambda: Hand((0.2, 1.3, -0.5)))
    sock: socket.socket | None = None

    def connect(self, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.sock = socket.create_connection(("127.0.0.1", self.port), timeout=5)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        got = b""
        while len(got) < 2 * SIZE:  # the driver sends its reset and latest states first
            chunk = self.sock.recv(2 * SIZE - len(got))
            if not chunk:
                break
            got += chunk
        self.send()

    def send(self) -> None:
        assert self.sock is not None
        views = (0.0,) * 4 + (0.0, 0.0, 0.0, 1.0) + (0.0,) * 3 + (0,)
        data = struct.pack(FORMAT, HEADER, *views, *views, *self.head_orientation,
                           *self.head_position, False, *self.left.pack(), *self.right.pack())
        self.sock.sendall(data)

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
            self.sock = None
