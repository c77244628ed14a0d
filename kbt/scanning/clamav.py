"""A client for ClamAV's clamd: the INSTREAM command over its Unix socket or TCP.

Written here rather than taken from PyPI: the protocol is a few lines (send the file in
length-prefixed chunks, read one reply), and the `clamd` and `pyclamd` packages have had no release
for years. Settings: CLAMAV_SOCKET (a Unix socket path) or CLAMAV_HOST and CLAMAV_PORT, CLAMAV_TIMEOUT.
"""

import socket
import struct
from dataclasses import dataclass

from django.conf import settings

CHUNK = 64 * 1024


class ScannerUnavailable(Exception):
    """clamd could not be reached or gave no usable answer: try again later; the file is not cleared."""


@dataclass(frozen=True)
class ScanResult:
    clean: bool
    finding: str = ""  # the signature's name when not clean


def _connect() -> socket.socket:
    timeout = settings.CLAMAV_TIMEOUT
    if settings.CLAMAV_SOCKET:
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        conn.settimeout(timeout)
        conn.connect(settings.CLAMAV_SOCKET)
        return conn
    return socket.create_connection((settings.CLAMAV_HOST, settings.CLAMAV_PORT), timeout=timeout)


def _reply(conn: socket.socket) -> str:
    """Read one null-terminated reply."""
    reply = b""
    while not reply.endswith(b"\0"):
        part = conn.recv(4096)
        if not part:
            break
        reply += part
    return reply.rstrip(b"\0").decode("utf-8", "replace").strip()


def ping() -> bool:
    """Does clamd answer? (For the health page and the tests.)"""
    try:
        with _connect() as conn:
            conn.sendall(b"zPING\0")
            return _reply(conn) == "PONG"
    except OSError:
        return False


def scan_stream(stream) -> ScanResult:
    """Send a file-like object to clamd and say what it found. Raises ScannerUnavailable when clamd is
    down, too slow, or answers with an error (a file too big for its StreamMaxLength included)."""
    try:
        with _connect() as conn:
            conn.sendall(b"zINSTREAM\0")
            while chunk := stream.read(CHUNK):
                conn.sendall(struct.pack("!L", len(chunk)) + chunk)
            conn.sendall(struct.pack("!L", 0))
            reply = _reply(conn)
    except OSError as error:
        raise ScannerUnavailable(f"clamd did not answer: {error}") from error
    # "stream: OK", "stream: Eicar-Signature FOUND", or "... ERROR".
    if reply.endswith(" OK"):
        return ScanResult(clean=True)
    if reply.endswith(" FOUND"):
        return ScanResult(clean=False, finding=reply.removeprefix("stream:").removesuffix("FOUND").strip())
    raise ScannerUnavailable(f"clamd answered: {reply or 'nothing'}")
