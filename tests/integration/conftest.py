"""Fixtures the shared-session tests share."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.net_support import HostProcess


@pytest.fixture
def host(tmp_path: Path) -> Iterator[HostProcess]:
    """A host of the container search on a free port, started by the instructor's Start."""
    running = HostProcess(tmp_path / "session.jsonl", "--start", "instructor").start()
    yield running
    running.stop()
