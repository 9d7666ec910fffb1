"""Warm kernels: a fork server that has imported the package and its libraries once.

Starting a kernel and importing pandas, Altair and the package takes seconds; a chapter's own
work takes a fraction of that. So the build starts one server process that does the imports,
then forks a fresh kernel process for each chapter. Every chapter still runs in a new process
with a fresh namespace and the execution count starting at 1, so its outputs are byte-identical
to a fresh kernel's (tests/book/test_execute.py, and nbval on every chapter).

Three parts, all in this module so that the launcher imports nothing but the standard library:

- `serve`: the server. It installs the read audit (below), imports `WARM_MODULES`, says
  "ready", then forks one kernel per request on its Unix socket. Started for one build it stops
  when that build closes its stdin; kept between builds (`--idle`, book/resident.py) it also
  forks whole commands (the `command` it was handed) with the requester's streams, and stops
  when idle, told to, or asked by a client running other code.
- `launch`: the command in the kernel spec that jupyter_client starts. It asks the server for
  a kernel with its connection file, environment and folder, forwards signals to it and exits
  with it. If the launcher is killed, the server kills its kernel.
- the read audit: a `sys.addaudithook` hook recording every file and folder under data/ (and
  every other audited path, such as _quarto.yml) the kernel opens or lists, appended to the file
  named by RSSREVIEW_READS_LOG.

The server also loads the evidence tables once (`run.tables()`), and again when their files'
bytes change (`inputs.folder_fingerprint`, never times or sizes). A kernel keeps them only if the
files hold the same bytes as when they were loaded, and records the files they came from when the
chapter asks for them (the audit event `run.TABLES_EVENT`), as if it had read them itself. Nothing
else is loaded ahead: a kernel or a command reads the national tables, maps and raw files itself, so
it sees them exactly as a fresh process would (a national file is recorded when read: `NATIONAL_EVENT`).

A kept server is started by `rssreview.serve_warm`, which hands it the code stamp its starter saw and
the command line to fork commands from; this module imports nothing from the package but `inputs`.
"""

from __future__ import annotations

import json
import os
import selectors
import signal
import socket
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from rssreview import inputs

READS_LOG_ENV = "RSSREVIEW_READS_LOG"
AUDITED_ENV = "RSSREVIEW_AUDITED"  # the data/ folder, then any other audited paths, joined by os.pathsep
WARM_MODULES = (
    # What IPKernelApp.initialize imports besides these (the debugger above all) is imported here too,
    # so a forked kernel is ready in a tenth of a second instead of half a second.
    "ipykernel.debugger",
    "pdb",
    "IPython.core.debugger",
    "IPython.core.completerlib",
    "IPython.extensions.storemagic",
    "sqlite3",
    "psutil",
    "tornado.gen",
    "tornado.queues",
    "faulthandler",
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "IPython",
    "IPython.display",
    "numpy",
    "pandas",
    "pyarrow",
    "pyarrow.csv",
    "altair",
    "vl_convert",
    "pandera.pandas",
    "jinja2",
    "rssreview.present.summary",
    "rssreview.present.method",
    "rssreview.present.themes",
    "rssreview.present.national_charts",
    "rssreview.present.changes",
    "rssreview.present.easy_read",
    "rssreview.present.appendix",
    "rssreview.present.spreadsheet",
    "rssreview.present.landing",
    "rssreview.present.about",
    "rssreview.present.glossary",
    "rssreview.release",
    "rssreview.national",
    "rssreview.run",
)

# --- the read audit ---------------------------------------------------------------------------


class _Audit:
    """What this process has recorded, and where it writes it."""

    data = ""  # the data/ folder, absolute
    roots: tuple[str, ...] = ()  # data/ and the other audited paths, absolute
    log: str | None = None  # the file reads are appended to (a kernel's)
    seen: set[str] = set()
    preloaded: set[str] = set()  # the files the server's evidence tables came from
    preloading = False
    quiet = False
    stamp = ""  # the fingerprint of data/evidence/ the preloaded tables came from


_audit = _Audit()
# This module imports only the standard library, so the events' names are written here again.
TABLES_EVENT = "rssreview.run.tables"  # run.TABLES_EVENT: a chapter asks for the evidence tables
TABLE_EVENT = "rssreview.evidence.table"  # evidence.load.TABLE_EVENT: a chapter uses one table
NATIONAL_EVENT = "rssreview.national.read"  # national.checked_table.READ_EVENT: a national table is read


def _hook(event: str, args: tuple) -> None:
    if _audit.quiet:
        return
    if event == TABLES_EVENT:
        for entry in sorted(_audit.preloaded):
            _record(entry)
        return
    if event == TABLE_EVENT:
        if _audit.data and not _audit.preloading:
            _record(f"table\t{os.path.join(_audit.data, 'evidence', args[0] + '.csv')}")
        return
    if event == NATIONAL_EVENT:  # read from the server's cache of validated tables, or from the file
        path, kind = args[0], "file"
    elif event == "open":
        path, mode, flags = args
        if (
            any(c in mode for c in "wax+")
            if isinstance(mode, str)
            else (flags or 0) & (os.O_WRONLY | os.O_RDWR | os.O_CREAT)
        ):
            return
        kind = "file"
    elif event in ("os.scandir", "os.listdir"):
        path, kind = args[0], "dir"
    else:
        return
    if isinstance(path, bytes):
        path = os.fsdecode(path)
    if not isinstance(path, str) or not _audit.roots:
        return
    full = os.path.abspath(path)
    if not any(full == root or full.startswith(root + os.sep) for root in _audit.roots):
        return
    _record(f"{kind}\t{full}")


def _record(entry: str) -> None:
    if _audit.preloading:
        _audit.preloaded.add(entry)
        return
    if entry in _audit.seen:
        return
    _audit.seen.add(entry)
    if _audit.log:
        with open(_audit.log, "a", encoding="utf-8") as log:
            log.write(entry + "\n")


def _roots(audited: str) -> tuple[str, ...]:
    """The audited paths named by RSSREVIEW_AUDITED, absolute; the first is data/."""
    return tuple(os.path.abspath(p) for p in audited.split(os.pathsep) if p)


def _start_audit(audited: str) -> None:
    """Record reads of the audited paths from now on (held in memory until a log file is named)."""
    _audit.roots = _roots(audited)
    _audit.data = _audit.roots[0] if _audit.roots else ""
    sys.addaudithook(_hook)


def _start_log(log: str | None) -> None:
    """A forked kernel writes what the server already read while importing, then each new read."""
    _audit.log = log
    if log:
        with open(log, "a", encoding="utf-8") as handle:
            handle.writelines(entry + "\n" for entry in sorted(_audit.seen))


# --- the server ---------------------------------------------------------------------------------


def _kernel_child(request: dict, closing: list) -> None:
    """In the forked child: become a fresh IPython kernel with the requester's environment and folder."""
    for sock in closing:
        sock.close()
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)  # the kernel reports through Jupyter messages; its start-up notices are noise
    os.environ.clear()
    os.environ.update(request["env"])
    os.chdir(request["cwd"])
    roots = _roots(request["env"].get(AUDITED_ENV, "")) or _audit.roots
    if roots != _audit.roots or _evidence_stamp(roots[0]) != _audit.stamp:
        # Not the tables the server loaded: the kernel loads its own (run.tables() is keyed by the files' bytes).
        _audit.roots, _audit.data, _audit.seen, _audit.preloaded = roots, roots[0], set(), set()
    _start_log(request["env"].get(READS_LOG_ENV))
    sys.argv = ["ipykernel_launcher", "-f", request["connection_file"]]
    from ipykernel.kernelapp import IPKernelApp

    IPKernelApp.launch_instance(argv=sys.argv[1:])


#: Runs a command's arguments in a forked process and returns its exit status (the command line without its
#: own hand-over to a resident server: see rssreview.serve_warm and book/resident.py).
Command = Callable[[list[str]], int]


#: Seconds between looks at data/evidence/ by an idle resident server, which loads edited tables at once.
REFRESH_EVERY = 0.2


class _Server:
    """The server's state: its listening socket, its children and when it was last asked for anything."""

    def __init__(self, address: str, idle: float | None, stamp: str, command: Command | None):
        self.address, self.idle, self.stamp, self.command = address, idle, stamp, command
        self.children: dict[socket.socket, tuple[int, str]] = {}  # connection -> (pid, kind)
        self.last = self.checked = time.monotonic()
        self.closing = False
        self.inode = 0


def _bind(address: str) -> socket.socket | None:
    """Listen on `address`; None if another live server already does (a dead one's socket is replaced)."""
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        listener.bind(address)
    except OSError:
        probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            probe.connect(address)
            probe.close()
            listener.close()
            return None  # someone else serves this project
        except OSError:
            probe.close()
        os.unlink(address)
        listener.bind(address)
    listener.listen(16)
    return listener


def _read_request(conn: socket.socket) -> tuple[dict, list[int]]:
    """One JSON line, with the file descriptors a command request passes along."""
    data, fds, _flags, _addr = socket.recv_fds(conn, 1 << 16, 3)
    while not data.endswith(b"\n"):
        more = conn.recv(1 << 16)
        if not more:
            break
        data += more
    return json.loads(data), fds


def _same_peer(conn: socket.socket) -> bool:
    """Only this user's processes may ask (Linux tells the peer's user; elsewhere the folder's mode guards)."""
    option = getattr(socket, "SO_PEERCRED", None)
    if option is None:
        return True
    import struct

    _pid, uid, _gid = struct.unpack("3i", conn.getsockopt(socket.SOL_SOCKET, option, struct.calcsize("3i")))
    return uid == os.getuid()


def serve(
    address: str,
    idle: float | None = None,
    *,
    stamp: str = "",
    command: Command | None = None,
    preload: Sequence[str] = (),
) -> None:
    """Import everything once, then fork a kernel (or, given `command`, a command) for each request.

    Started for one build (`idle` None) it stops when its stdin closes; kept between builds it
    stops after `idle` seconds with nothing to do, when told to, or when found stale. `stamp` is the
    code its starter saw before this process imported anything: code changed meanwhile makes the
    server stale, never wrong.
    """
    _start_audit(os.environ.get(AUDITED_ENV, ""))
    import importlib

    for name in (*WARM_MODULES, *preload):
        importlib.import_module(name)
    _preload_tables()
    server = _Server(address, idle, stamp, command)
    listener = _bind(address)
    if listener is None:
        return
    server.inode = os.stat(address).st_ino
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ)
    stdin = sys.stdin.fileno()
    if idle is None:
        selector.register(stdin, selectors.EVENT_READ)
    print("ready", flush=True)
    try:
        while not _finished(server):
            for key, _ in selector.select(timeout=0.05):
                if key.fileobj == stdin:
                    if not os.read(stdin, 1024):
                        return
                elif key.fileobj is listener:
                    _accept(server, listener, selector)
                else:  # the requester closed its end: it was killed, so stop what it asked for
                    closed = key.fileobj
                    assert isinstance(closed, socket.socket)
                    pid, kind = server.children.pop(closed)
                    _stop(pid, signal.SIGINT if kind == "command" else signal.SIGKILL)
                    selector.unregister(closed)
                    closed.close()
            _reap(server.children, selector)
            if server.children:
                server.last = time.monotonic()
            elif server.idle is not None and time.monotonic() - server.checked > REFRESH_EVERY:
                server.checked = time.monotonic()
                _refresh_tables()  # an analyst's edit is loaded before the next build asks for it
        if not server.closing:
            print(f"stopping: idle for {server.idle:.0f} s", flush=True)
    finally:
        for pid, _kind in server.children.values():
            _stop(pid)
        _release(server)


def _finished(server: _Server) -> bool:
    if server.children:
        return False
    if server.closing:
        return True
    return server.idle is not None and time.monotonic() - server.last > server.idle


def _release(server: _Server) -> None:
    """Remove the socket if it is still this server's (a newer server may have taken the name)."""
    try:
        if os.stat(server.address).st_ino == server.inode:
            os.unlink(server.address)
    except OSError:
        pass


def _accept(server: _Server, listener: socket.socket, selector) -> None:
    try:
        conn, _ = listener.accept()
    except OSError:  # the requester gave up between connecting and being accepted
        return
    server.last = time.monotonic()
    conn.settimeout(5)  # a client that connects and says nothing must not hold the server up
    try:
        request, fds = _read_request(conn)
    except (OSError, ValueError):
        conn.close()
        return
    conn.settimeout(None)
    kind = request.get("kind", "kernel")
    kinds = ("kernel", "command", "hello", "stop") if server.command else ("kernel", "hello", "stop")
    if not _same_peer(conn) or kind not in kinds:
        for fd in fds:
            os.close(fd)
        conn.close()
        return
    stale = kind in ("hello", "command") and request.get("stamp") != server.stamp
    if kind == "stop" or stale:
        server.closing = True  # stale or told to stop: take no more work, finish what runs
        _release(server)
        why = "told to stop" if kind == "stop" else "a client runs other code"
        print(f"stopping after the running work: {why}", flush=True)  # to the server's log
    if kind in ("hello", "stop") or stale:
        reply = {"ok": True} if kind == "hello" and not server.closing else {"stopping": True}
        for fd in fds:
            os.close(fd)
        _send(conn, reply)
        conn.close()
        return
    if kind == "kernel":
        _refresh_tables()  # kernels get current tables (a command loads its own meanwhile; see below)
    closing = [listener, *server.children, conn]
    pid = os.fork()
    if pid == 0:
        try:
            if kind == "command":
                assert server.command is not None
                _command_child(server.command, request, fds, closing)
            else:
                _kernel_child(request, closing)
        finally:
            os._exit(0 if kind == "kernel" else 1)  # a command exits with its own status before this
    for fd in fds:  # the command's terminal or pipes now belong to its process alone
        os.close(fd)
    server.children[conn] = (pid, kind)
    selector.register(conn, selectors.EVENT_READ)  # a requester gone already: its end reads closed, and this stops
    _send(conn, {"pid": pid})
    if kind == "command":
        _refresh_tables()  # on the other core while the command checks its input: ready for its kernels


def _send(conn: socket.socket, reply: dict) -> None:
    """Send one reply line; a requester that has gone (a build that exited early) must never stop the server."""
    try:
        conn.sendall(json.dumps(reply).encode() + b"\n")
    except OSError:
        pass


def _command_child(command: Command, request: dict, fds: list[int], closing: list) -> None:
    """In the forked child: become the command, with the requester's streams, environment and folder."""
    for sock in closing:
        sock.close()
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    _audit.quiet = True  # a command's own reads are not a chapter's
    os.environ.clear()
    os.environ.update(request["env"])
    try:
        os.chdir(request["cwd"])
    except OSError as err:
        os.write(2, f"rssreview: cannot work in {request['cwd']}: {err.strerror}\n".encode())
        os._exit(1)
    sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115 - the process's own streams
    sys.stdout = open(1, "w", encoding="utf-8", buffering=1 if os.isatty(1) else -1, closefd=False)  # noqa: SIM115
    sys.stderr = open(2, "w", encoding="utf-8", errors="backslashreplace", buffering=1, closefd=False)  # noqa: SIM115
    sys.argv = ["rssreview", *request["argv"]]
    code: int = 1
    try:
        code = command(request["argv"])
    except SystemExit as done:  # argparse's --help and usage errors
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else 2)
        if done.code is not None and not isinstance(done.code, int):
            print(done.code, file=sys.stderr)
    except BaseException:
        import traceback

        traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except OSError:
                pass
    os._exit(code)


def _refresh_tables() -> None:
    """Load the evidence tables again if their files' bytes changed, once here rather than in every kernel."""
    if _audit.data and _evidence_stamp(_audit.data) != _audit.stamp:
        _audit.preloaded = set()
        _preload_tables()


def _evidence_stamp(data: str) -> str:
    """The fingerprint of data/evidence/ (its files' names and bytes), read without recording it as a read."""
    _audit.quiet = True
    try:
        return inputs.folder_fingerprint(Path(data) / "evidence")
    except OSError:  # a file removed while read: the next look sees the change
        return ""
    finally:
        _audit.quiet = False


def _preload_tables() -> None:
    """Load the evidence tables once for every kernel, noting the files read (and their fingerprint)."""
    _audit.stamp = _evidence_stamp(_audit.data) if _audit.data else ""
    _audit.preloading = True
    try:
        sys.modules["rssreview.run"].tables()
    except Exception:  # invalid tables: each chapter loads them itself and reports the problems
        _audit.preloaded = set()
    finally:
        _audit.preloading = False


def _stop(pid: int, signum: int = signal.SIGKILL) -> None:
    """Kill a kernel; a command gets SIGINT, so it can clean up, and is left to finish that."""
    try:
        os.kill(pid, signum)
        if signum == signal.SIGKILL:
            os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass


def _reap(kernels: dict, selector) -> None:
    """Tell each launcher (or command) whose process has exited, with its exit status."""
    for conn, (pid, _kind) in list(kernels.items()):
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            _send(conn, {"exit": os.waitstatus_to_exitcode(status)})
            selector.unregister(conn)
            conn.close()
            del kernels[conn]


# --- the launcher ---------------------------------------------------------------------------


def launch(address: str, connection_file: str) -> int:
    """Ask the server for a kernel; forward signals to it; exit with its status."""
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    conn.connect(address)
    request = {"connection_file": os.path.abspath(connection_file), "cwd": os.getcwd(), "env": dict(os.environ)}
    conn.sendall(json.dumps(request).encode() + b"\n")
    replies = conn.makefile("rb")
    code = follow(replies, int(json.loads(replies.readline())["pid"]))
    return 1 if code is None else code


def follow(replies, pid: int) -> int | None:
    """Forward this process's signals to the server's child `pid` and wait for its exit status (None: none came)."""
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
        signal.signal(signum, lambda s, _frame: os.kill(pid, s))
    line = replies.readline()
    return int(json.loads(line)["exit"]) if line else None


def main(argv: list[str]) -> int:
    if argv[:1] == ["serve"] and len(argv) == 2:
        serve(argv[1])
        return 0
    if argv[:1] == ["launch"] and len(argv) == 3:
        return launch(argv[1], argv[2])
    print(
        "usage: python -m rssreview.book.warm serve SOCKET | launch SOCKET CONNECTION_FILE "
        "(a kept server: python -m rssreview.serve_warm)",
        file=sys.stderr,
    )
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
