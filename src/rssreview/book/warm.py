"""Warm kernels: a fork server that has imported the package and its libraries once.

Starting a kernel and importing pandas, Altair and the package takes seconds; a chapter's own
work takes a fraction of that. So the build starts one server process that does the imports,
then forks a fresh kernel process for each chapter. Every chapter still runs in a new process
with a fresh namespace and the execution count starting at 1, so its outputs are byte-identical
to a fresh kernel's (tests/book/test_execute.py, and nbval on every chapter).

Three parts, all in this module so that the launcher imports nothing but the standard library:

- `serve`: the server. It installs the read audit (below), imports `WARM_MODULES`, says
  "ready", then forks one kernel per request on its Unix socket.
- `launch`: the command in the kernel spec that jupyter_client starts. It asks the server for
  a kernel with its connection file, environment and folder, forwards signals to it and exits
  with it. If the launcher is killed, the server kills its kernel.
- the read audit: a `sys.addaudithook` hook recording every file and folder under data/ (and
  every other audited path, such as _quarto.yml) the kernel opens or lists, appended to the file
  named by RSSREVIEW_READS_LOG.

The server also loads the evidence tables once (`run.tables()`). A kernel keeps them only if
no evidence file has changed since, and records the files they came from when the chapter
asks for them (the audit event `run.TABLES_EVENT`), as if it had read them itself.
"""

from __future__ import annotations

import json
import os
import selectors
import signal
import socket
import sys

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
    stamp: tuple = ()


_audit = _Audit()
# This module imports only the standard library, so the events' names are written here again.
TABLES_EVENT = "rssreview.run.tables"  # run.TABLES_EVENT: a chapter asks for the evidence tables
TABLE_EVENT = "rssreview.evidence.table"  # evidence.load.TABLE_EVENT: a chapter uses one table


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
    if event == "open":
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
        _audit.roots, _audit.data, _audit.seen, _audit.preloaded = roots, roots[0], set(), set()
        sys.modules["rssreview.run"]._loaded_tables.cache_clear()
    _start_log(request["env"].get(READS_LOG_ENV))
    sys.argv = ["ipykernel_launcher", "-f", request["connection_file"]]
    from ipykernel.kernelapp import IPKernelApp

    IPKernelApp.launch_instance(argv=sys.argv[1:])


def serve(address: str) -> None:
    """Import everything once, then fork a kernel for each request until stdin closes."""
    _start_audit(os.environ.get(AUDITED_ENV, ""))
    import importlib

    for name in WARM_MODULES:
        importlib.import_module(name)
    _preload_tables()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(address)
    listener.listen(16)
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ)
    stdin = sys.stdin.fileno()
    selector.register(stdin, selectors.EVENT_READ)
    kernels: dict[socket.socket, int] = {}
    print("ready", flush=True)
    try:
        while True:
            for key, _ in selector.select(timeout=0.05):
                if key.fileobj == stdin:
                    if not os.read(stdin, 1024):
                        return
                elif key.fileobj is listener:
                    conn, _ = listener.accept()
                    request = json.loads(conn.makefile("rb").readline())
                    pid = os.fork()
                    if pid == 0:
                        try:
                            _kernel_child(request, [listener, *kernels, conn])
                        finally:
                            os._exit(0)
                    conn.sendall(json.dumps({"pid": pid}).encode() + b"\n")
                    kernels[conn] = pid
                    selector.register(conn, selectors.EVENT_READ)
                else:  # the launcher closed its end: it was killed, so kill its kernel
                    closed = key.fileobj
                    assert isinstance(closed, socket.socket)
                    _stop(kernels.pop(closed))
                    selector.unregister(closed)
                    closed.close()
            _reap(kernels, selector)
    finally:
        for pid in kernels.values():
            _stop(pid)


def _evidence_stamp(data: str) -> tuple:
    """The state of data/evidence/ (names, times, sizes), looked at without recording it as a read."""
    folder = os.path.join(data, "evidence")
    _audit.quiet = True
    try:
        stats = [(n, os.stat(os.path.join(folder, n))) for n in sorted(os.listdir(folder))]
    except OSError:
        return ()
    finally:
        _audit.quiet = False
    return tuple((n, st.st_mtime_ns, st.st_size) for n, st in stats)


def _preload_tables() -> None:
    """Load the evidence tables once for every kernel, noting the files read (and their state)."""
    _audit.stamp = _evidence_stamp(_audit.data)
    _audit.preloading = True
    try:
        sys.modules["rssreview.run"]._loaded_tables()
    except Exception:  # invalid tables: each chapter loads them itself and reports the problems
        _audit.preloaded = set()
    finally:
        _audit.preloading = False


def _stop(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass


def _reap(kernels: dict, selector) -> None:
    """Tell each launcher whose kernel has exited, with its exit status."""
    for conn, pid in list(kernels.items()):
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            try:
                conn.sendall(json.dumps({"exit": os.waitstatus_to_exitcode(status)}).encode() + b"\n")
            except OSError:
                pass
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
    pid = json.loads(replies.readline())["pid"]
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
        signal.signal(signum, lambda s, _frame: os.kill(pid, s))
    line = replies.readline()
    return int(json.loads(line)["exit"]) if line else 1


def main(argv: list[str]) -> int:
    if argv[:1] == ["serve"] and len(argv) == 2:
        serve(argv[1])
        return 0
    if argv[:1] == ["launch"] and len(argv) == 3:
        return launch(argv[1], argv[2])
    print("usage: python -m rssreview.book.warm serve SOCKET | launch SOCKET CONNECTION_FILE", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
