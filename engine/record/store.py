"""The station's store of recorded versions: every scenario and checklist a session was played
against, kept by content hash, so an old session stays gradable after its files are edited.

The station folder is ``$TASKFORCE_HOME``, else ``$XDG_DATA_HOME/taskforce``, else
``~/.local/share/taskforce``; versions live in its ``versions/`` folder as
``sha256-<hex>.yaml``. A version is written once (to a temporary name, then renamed), never
changed, and found by the hash a session log's header names.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

HASH_PREFIX = "sha256:"
CHECKLIST_NAME = "checklist.yaml"  # beside the scenario file it grades


def station_folder() -> Path:
    home = os.environ.get("TASKFORCE_HOME")
    if home:
        return Path(home)
    data = os.environ.get("XDG_DATA_HOME")
    if data:
        return Path(data) / "taskforce"
    return Path.home() / ".local" / "share" / "taskforce"


def versions_folder() -> Path:
    return station_folder() / "versions"


def content_hash(data: bytes) -> str:
    return HASH_PREFIX + hashlib.sha256(data).hexdigest()


def version_path(digest: str) -> Path | None:
    """Where the version with content hash ``digest`` is (or would be) kept; ``None`` for a
    string that is not a ``sha256:<64 hex>`` hash."""
    hexdigest = digest.removeprefix(HASH_PREFIX) if isinstance(digest, str) else ""
    if len(hexdigest) != 64 or not all(c in "0123456789abcdef" for c in hexdigest):
        return None
    return versions_folder() / f"sha256-{hexdigest}.yaml"


def find_version(digest: object) -> Path | None:
    """The kept file whose content hash is ``digest``, if the store has it intact."""
    path = version_path(digest) if isinstance(digest, str) else None
    if path is None or not path.is_file():
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return path if content_hash(data) == digest else None


def keep(data: bytes) -> str:
    """Keep ``data`` in the store (once); returns its content hash. Raises ``OSError`` when the
    store cannot be written."""
    digest = content_hash(data)
    target = version_path(digest)
    assert target is not None
    if find_version(digest) is not None:
        return digest
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return digest


def keep_versions(scenario_file: Path, scenario_hash: str) -> dict[str, str]:
    """Keep a session's scenario file and the checklist beside it; the header fields that name
    what was kept (``checklist_hash``). A store that cannot be written never stops a session:
    grading then falls back to the files' paths."""
    fields: dict[str, str] = {}
    checklist = scenario_file.parent / CHECKLIST_NAME
    for path, wanted in ((scenario_file, scenario_hash), (checklist, None)):
        try:
            data = path.read_bytes()
        except OSError:
            continue
        digest = content_hash(data)
        if wanted is None:
            fields["checklist_hash"] = digest
        elif digest != wanted:
            continue  # edited since it was loaded: this is not the version being played
        with contextlib.suppress(OSError):
            keep(data)
    return fields
