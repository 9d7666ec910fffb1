"""Work done in a forked copy of the build process, so it runs on another core beside the build's own.

Rendering writes the pages, typesets the PDFs and makes the workbook: all three are Python work, so
threads take turns on one core. A forked copy already has every module and the evidence tables
loaded, so it starts in milliseconds. Where fork is not the platform's way (macOS, Windows) the
work runs in a thread instead.
"""

from __future__ import annotations

import multiprocessing
import pickle
import sys
import threading
from collections.abc import Callable
from typing import Any


class Forked:
    """`func(*args)` started in a forked process; `result()` returns its value or raises its exception."""

    def __init__(self, func: Callable[..., Any], *args: Any):
        self._outcome: tuple[bool, Any] | None = None
        if sys.platform != "linux":
            self._thread = threading.Thread(target=self._run_here, args=(func, args), daemon=True)
            self._thread.start()
            self._process = None
            return
        context = multiprocessing.get_context("fork")
        self._reader, writer = context.Pipe(duplex=False)

        def child() -> None:
            try:
                writer.send((True, func(*args)))
            except BaseException as err:  # handed to the parent, which raises it as if the work had run there
                try:
                    pickle.loads(pickle.dumps(err))
                except Exception:  # an exception that cannot cross: its type and message still do
                    err = RuntimeError(f"{type(err).__name__}: {err}")
                writer.send((False, err))

        self._process = context.Process(target=child, daemon=True)
        self._process.start()
        writer.close()

    def _run_here(self, func: Callable[..., Any], args: tuple) -> None:
        try:
            self._outcome = (True, func(*args))
        except BaseException as err:
            self._outcome = (False, err)

    def wait(self) -> None:
        """Wait until the work has finished, whatever its outcome."""
        if self._outcome is not None:
            return
        if self._process is None:
            self._thread.join()
            return
        try:
            self._outcome = self._reader.recv()
        except EOFError:
            self._process.join()
            self._outcome = (False, RuntimeError(f"a forked build step stopped (exit {self._process.exitcode})"))
        finally:
            self._process.join()

    def result(self) -> Any:
        """The work's return value (waiting for it); its exception is raised here."""
        self.wait()
        assert self._outcome is not None
        ok, value = self._outcome
        if not ok:
            raise value
        return value
