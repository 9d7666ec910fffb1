"""Loaded by every Python process of a test build (PYTHONPATH): appends each file opened for reading inside the
project to RSSREVIEW_OPEN_LOG. Forked kernels and commands inherit the hook from the warm server."""

import os
import sys

_LOG = os.environ.get("RSSREVIEW_OPEN_LOG")
_ROOT = os.environ.get("RSSREVIEW_ROOT")

if _LOG and _ROOT:
    _PREFIX = os.path.abspath(_ROOT) + os.sep
    _TARGET = _LOG

    def _hook(event: str, args: tuple) -> None:
        if event != "open":
            return
        path, mode, flags = args
        if isinstance(path, int) or path is None:
            return
        if isinstance(mode, str) and any(c in mode for c in "wax+"):
            return
        if not isinstance(mode, str) and (flags or 0) & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            return
        full = os.path.abspath(os.fsdecode(path))
        # A folder (opened to be walked or removed, often by a name relative to another folder's descriptor)
        # is not an input; a file is.
        if full.startswith(_PREFIX) and os.path.isfile(full):
            fd = os.open(_TARGET, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)  # outside the project: not logged
            try:
                os.write(fd, (full[len(_PREFIX) :] + "\n").encode())
            finally:
                os.close(fd)

    sys.addaudithook(_hook)
