"""Signing a session log's head: the signature line in the log, then the head in the ledger.

A checkpoint is written every ``CHECKPOINT_SECONDS`` of activity (with the first line made
durable after that long, so no frame waits on a sync of its own) or every ``CHECKPOINT_LINES``
lines, whichever comes first, when the log is
made, when it is resumed and when it closes. The signature
line goes to the log first and the ledger second, so after a crash the ledger never claims
more than the log holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from engine.record.format import SIGNED, encode_plain, head_message
from engine.record.keys import StationKey, station_key
from engine.record.ledger import ledger_path, record_head

CHECKPOINT_SECONDS = 5.0
CHECKPOINT_LINES = 1000
MAX_LOG_NAME = 500  # characters of the log's path kept in the ledger, to find it by


@dataclass(frozen=True)
class Signer:
    """Signs heads with a station key and records them in that station's ledger."""

    key: StationKey
    ledger: Path | None
    every: float = CHECKPOINT_SECONDS
    every_lines: int = CHECKPOINT_LINES

    def signature_line(self, header_hash: str, upto: int, head_hash: str) -> tuple[bytes, str]:
        """The signature line for chained line ``upto`` (with its ``\\n``), and the signature."""
        sig = self.key.sign(head_message(header_hash, upto, head_hash))
        line = encode_plain({"k": SIGNED, "upto": upto, "key": self.key.id, "sig": sig})
        return line, sig

    def record(self, *, session: str, log: str, header_hash: str, upto: int, head_hash: str,
               sig: str) -> None:
        """Add a signed head to the ledger (nothing, for a signer without one)."""
        if self.ledger is None:
            return
        record_head(self.ledger, self.key, {
            "session": session, "log": log[-MAX_LOG_NAME:], "upto": upto, "head": head_hash,
            "header": header_hash, "key": self.key.id, "sig": sig,
        })


def station_signer(*, every: float = CHECKPOINT_SECONDS) -> Signer:
    """This station's signer: its key (made on first use) and its ledger."""
    key = station_key()
    assert key is not None
    return Signer(key, ledger_path(), every)
