"""The resident warm server: kept between builds, so the next build starts warm.

Quarto keeps a Jupyter kernel alive between renders; this keeps the warm kernel server
(book/warm.py) for RSSREVIEW_KEEP_WARM seconds after its last request (300 by default, 0 on
CI, see `config.keep_warm`). While it lives:

- `rssreview build`, `execute`, `render` and `validate` run in a process forked from it
  (`delegate`), which has the package, its libraries and the evidence tables loaded already.
  That process gets the command's own terminal (its standard streams), environment and folder;
  Ctrl+C reaches it and its exit status comes back, so it behaves as the command would.
- a build's chapters run in kernels forked from it, with no server to start first.

There is one server per project: its socket is named after the project folder, in a folder only
this user may use. A server serves only the code it started with: a client whose package files,
interpreter or locked libraries differ is told it is stale, and the server quits once its work is
done. `rssreview stop` stops it. This module imports only the standard library, `paths`, `inputs` and
`warm`; the server itself is started as `python -m rssreview.serve_warm`.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import stat
import sys
import sysconfig
import tempfile
from pathlib import Path

from rssreview import inputs
from rssreview.book import warm
from rssreview.paths import ROOT

#: The commands a resident server runs; the others (preview, fetch, new-cycle, …) gain nothing from it.
DELEGATED = ("build", "execute", "render", "validate")


def socket_path(root: Path = ROOT) -> Path | None:
    """The project's server socket, in a folder of this user's that no one else may use; None if unsafe."""
    folder = Path(tempfile.gettempdir()) / f"rssreview-{os.getuid()}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        info = folder.lstat()
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
        return None  # someone else's folder, or one others may write in: never trust a socket there
    return folder / f"{hashlib.sha256(str(root).encode()).hexdigest()[:16]}.sock"


def code_stamp() -> str:
    """The code a server runs: the bytes of the package and of the locked libraries (rssreview.inputs), the
    interpreter, and the installed libraries' folder (which changes when a library is installed or removed)."""
    digest = hashlib.sha256(f"{sys.executable}|{sys.version}|{ROOT}".encode())
    digest.update(inputs.group_fingerprint("code", "tools").encode())
    try:
        installed = Path(sysconfig.get_paths()["purelib"]).stat()
        digest.update(f"{installed.st_mtime_ns}|{installed.st_size}".encode())
    except OSError:
        pass
    return digest.hexdigest()


def connect(path: Path | None = None) -> socket.socket | None:
    """A connection to the project's server, or None if none is listening."""
    path = path or socket_path()
    if path is None:
        return None
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.connect(str(path))
    except OSError:
        conn.close()
        return None
    return conn


def ask(request: dict, path: Path | None = None) -> dict | None:
    """Send one request and read one reply; None if no server answered."""
    conn = connect(path)
    if conn is None:
        return None
    with conn:
        try:
            conn.sendall(json.dumps(request).encode() + b"\n")
            line = conn.makefile("rb").readline()
        except OSError:
            return None
    return json.loads(line) if line else None


def current(path: Path | None = None) -> bool:
    """Whether a server for this code is listening (a stale one is told to quit)."""
    reply = ask({"kind": "hello", "stamp": code_stamp()}, path)
    return bool(reply and reply.get("ok"))


def stop(path: Path | None = None) -> bool:
    """Stop the project's server (after any command it is running); False if none was running."""
    return ask({"kind": "stop"}, path) is not None


def delegate(argv: list[str]) -> int | None:
    """Run the command in a process forked from the project's server; its exit status, or None to run it here."""
    conn = connect()
    if conn is None:
        return None
    request = {"kind": "command", "stamp": code_stamp(), "argv": argv, "env": dict(os.environ), "cwd": os.getcwd()}
    with conn:
        try:
            socket.send_fds(conn, [json.dumps(request).encode() + b"\n"], [0, 1, 2])
            replies = conn.makefile("rb")
            first = json.loads(replies.readline() or b"{}")
        except (OSError, ValueError):  # a closed standard stream, or the server went away: run it here
            return None
        if "pid" not in first:
            return None  # the server is stale (or stopping) and has said so
        code = warm.follow(replies, int(first["pid"]))
    if code is None:
        return 1  # the server was killed while the command ran
    return 128 - code if code < 0 else code  # killed by a signal: the shell's convention
