"""Join codes, the instructor's token, and the seat each playable role has in a session.

A code grants one role (or watching, for the observer code); the instructor's token grants
the instructor station. They are drawn at random when a session is created and kept beside
its log, readable by the host's user alone, so a host restarted after a crash gives the same
codes and everyone can come back.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud across a room
OBSERVER = "observer"


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


@dataclass(frozen=True)
class Keys:
    codes: dict[str, str]  # code -> role (or OBSERVER)
    instructor: str

    @classmethod
    def new(cls, roles: list[str]) -> Keys:
        codes = {new_code(): role for role in [*roles, OBSERVER]}
        return cls(codes, secrets.token_urlsafe(18))

    def code_of(self, role: str) -> str:
        return next(code for code, granted in self.codes.items() if granted == role)

    def save(self, path: Path) -> None:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump({"codes": self.codes, "instructor": self.instructor}, out)

    @classmethod
    def load(cls, path: Path) -> Keys:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(dict(data["codes"]), str(data["instructor"]))


def keys_path(log_path: Path) -> Path:
    return log_path.with_name(log_path.name + ".keys")


def same(a: str, b: str) -> bool:
    """Codes compared in constant time, ignoring case and the dash a person may leave out."""
    def norm(code: str) -> bytes:
        return code.replace("-", "").replace(" ", "").upper().encode("utf-8", "replace")
    return secrets.compare_digest(norm(a), norm(b))


@dataclass
class Seat:
    """A playable role's place in the session: who holds it and what their client said last."""

    role: str
    peer: Any = None  # the connection of the client holding it, while connected
    client: str | None = None  # that client's id
    trainee: str | None = None
    dropped_at: float | None = None  # host clock (s) when its client's connection was lost
    scripted: bool = False
    hold: int | None = None  # a scripted client's next step: the clock waits there for it
    pose: dict[str, Any] | None = None
    pose_changed: bool = False
    samples: list[tuple[int, list[float], list[float]]] = field(default_factory=list)

    @property
    def held(self) -> bool:
        """Someone holds it: connected, or dropped and still within the time to live."""
        return self.client is not None

    def free(self) -> None:
        self.peer = self.client = self.trainee = self.dropped_at = self.hold = None
        self.scripted, self.pose = False, None
