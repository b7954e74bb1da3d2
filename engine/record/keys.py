"""Station keys: the Ed25519 key a training station signs its session logs with, its public
half as one line to hand to other stations, and the set of keys a verifier trusts.

The station folder is ``$TASKFORCE_HOME``, else ``$XDG_DATA_HOME/taskforce``, else
``~/.local/share/taskforce``. The key is made there on first use, readable by its owner only.
A public key travels as one line, ``ed25519 <base64 of the 32 key bytes> <comment>``; a file of
such lines (``#`` comments and blank lines allowed) is what ``verify --keys`` reads.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import socket
import stat
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from engine.errors import Diagnostic, TaskforceError, clipped
from engine.record.store import station_folder

KEY_FILE = "station.key"
KEY_TYPE = "ed25519"
SIGNATURE_BYTES = 64
_PUBLIC_BYTES = 32


def station_home() -> Path:
    """The station folder: signing key, ledger, recorded scenario versions. Never a runs folder."""
    return station_folder()


def key_id(public: bytes) -> str:
    """A short, stable name for a public key: 16 hex digits of its SHA-256."""
    return hashlib.sha256(public).hexdigest()[:16]


def _raw(public: Ed25519PublicKey) -> bytes:
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _fail(path: Path, code: str, message: str, hint: str | None = None) -> TaskforceError:
    return TaskforceError([Diagnostic(str(path), 1, 1, code, message, hint)])


@dataclass(frozen=True)
class StationKey:
    """This station's signing key."""

    private: Ed25519PrivateKey
    path: Path

    @property
    def public(self) -> bytes:
        return _raw(self.private.public_key())

    @property
    def id(self) -> str:
        return key_id(self.public)

    def sign(self, message: bytes) -> str:
        return base64.b64encode(self.private.sign(message)).decode("ascii")

    def export_line(self) -> str:
        """The public key as one line for another station's trusted-keys file."""
        encoded = base64.b64encode(self.public).decode("ascii")
        return f"{KEY_TYPE} {encoded} taskforce station {self.id} ({socket.gethostname()})"


def station_key(*, create: bool = True) -> StationKey | None:
    """The station's key, made on first use when ``create``; None if there is none yet.

    Raises ``TaskforceError`` (KEY001 cannot be made or read, KEY002 others may read it,
    KEY003 the file is not a key).
    """
    home = station_home()
    path = home / KEY_FILE
    try:
        data = _read_key_file(path)
        if data is None:
            if not create:
                return None
            data = _make_key_file(home, path)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise _fail(path, "KEY001", f"the station key cannot be made or read: {reason}",
                    "set TASKFORCE_HOME to a folder this account can write") from None
    try:
        private = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError):
        private = None
    if not isinstance(private, Ed25519PrivateKey):
        raise _fail(path, "KEY003", "the station key file does not hold an Ed25519 key",
                    "restore it from a backup; a new key cannot sign for the old one")
    return StationKey(private, path)


def _read_key_file(path: Path) -> bytes | None:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _fail(path, "KEY003", "the station key is not a regular file")
        if os.name == "posix" and info.st_mode & 0o077:
            raise _fail(path, "KEY002", f"the station key can be read by other users "
                        f"(mode {stat.S_IMODE(info.st_mode):o})", f"run: chmod 600 {path}")
        return os.read(fd, 64 * 1024)
    finally:
        os.close(fd)


def _make_key_file(home: Path, path: Path) -> bytes:
    """Write a new key without ever replacing one: if another process made one meanwhile, its
    key wins and is returned."""
    home.mkdir(parents=True, exist_ok=True, mode=0o700)
    data = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )  # fmt: skip
    temporary = home / f".{KEY_FILE}.{os.getpid()}"
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(temporary, path)
    except FileExistsError:
        theirs = _read_key_file(path)
        data = theirs if theirs is not None else data
    finally:
        temporary.unlink()
    return data


@dataclass
class Keyring:
    """The public keys a verifier trusts, by key id, with where each came from."""

    keys: dict[str, Ed25519PublicKey] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    own: str | None = None

    def add(self, public: bytes, name: str) -> str:
        kid = key_id(public)
        self.keys.setdefault(kid, Ed25519PublicKey.from_public_bytes(public))
        self.names.setdefault(kid, name)
        return kid

    def verify(self, kid: str, signature: bytes, message: bytes) -> bool:
        try:
            self.keys[kid].verify(signature, message)
        except InvalidSignature:
            return False
        return True

    def describe(self, kid: str) -> str:
        return self.names.get(kid, f"key {kid}")


def load_keyring(trusted: list[str] | None = None) -> Keyring:
    """This station's own public key (if it has one) and the keys in each ``trusted`` file."""
    ring = Keyring()
    own = station_key(create=False)
    if own is not None:
        ring.own = ring.add(own.public, f"this station (key {own.id})")
    for name in trusted or []:
        for public, comment in read_keys_file(Path(name)):
            ring.add(public, f"{comment or 'key ' + key_id(public)} (from {name})")
    return ring


def read_keys_file(path: Path) -> list[tuple[bytes, str]]:
    """The ``(public key, comment)`` pairs of a trusted-keys file; KEY004 names a bad line."""
    try:
        info = path.stat()
        if info.st_size > 1024 * 1024:
            raise _fail(path, "KEY004", "the trusted-keys file is larger than 1 MiB")
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise _fail(path, "KEY004", "the trusted-keys file is not UTF-8 text") from None
    except OSError as exc:
        reason = "no such file" if isinstance(exc, FileNotFoundError) else exc.strerror
        raise _fail(path, "KEY004", f"the trusted-keys file cannot be read: {reason}") from None
    found: list[tuple[bytes, str]] = []
    problems: list[Diagnostic] = []
    for no, line in enumerate(text.splitlines(), 1):
        words = line.split(maxsplit=2)
        if not words or words[0].startswith("#"):
            continue
        public = _decode_public(words)
        if public is None:
            problems.append(Diagnostic(
                str(path), no, 1, "KEY004",
                f"this line is not a public key: expected '{KEY_TYPE} <base64 key> [comment]', "
                f"got {clipped(line)}", "make the line with: taskforce key export"))
        else:
            found.append((public, words[2] if len(words) > 2 else ""))
    if problems:
        raise TaskforceError(problems)
    if not found:
        raise _fail(path, "KEY004", "the trusted-keys file holds no keys",
                    "make it with: taskforce key export --out FILE")
    return found


def _decode_public(words: list[str]) -> bytes | None:
    if len(words) < 2 or words[0] != KEY_TYPE:
        return None
    try:
        public = base64.b64decode(words[1], validate=True)
    except (binascii.Error, ValueError):
        return None
    if len(public) != _PUBLIC_BYTES:
        return None
    try:
        Ed25519PublicKey.from_public_bytes(public)
    except ValueError:
        return None
    return public


def decode_signature(text: object) -> bytes | None:
    """The 64 signature bytes of a base64 text, or None when it is not one."""
    if not isinstance(text, str) or len(text) != 88:
        return None
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw if len(raw) == SIGNATURE_BYTES else None
