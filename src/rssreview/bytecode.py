"""The package's cached bytecode, checked against its source's bytes rather than its time and size.

Python re-uses a module's cached `.pyc` while the source's modification time and size are those recorded
in it, so a module edited without changing either (a restored time, a same-length edit within one clock
tick) would run its old code, and the build would publish the old text while its keys, which hash the
bytes, say it is new. A `.pyc` written in "checked hash" mode is instead checked against a hash of the
source on every import, and the import system keeps rewriting it in that mode when the source changes.
`hash_checked()` makes every cached file of the package such a one; the command line calls it before it
imports anything else of the package's, so every process of a build (the command, the warm server and
its kernels) runs the code that is on disk.
"""

from __future__ import annotations

import importlib.util
import py_compile
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
#: The flags word of a `.pyc` (bytes 4 to 8): bit 0 set for a hash-based file, bit 1 for one that is checked.
CHECKED_HASH = 0b11


def _flags(pyc: Path) -> int | None:
    try:
        with pyc.open("rb") as handle:
            header = handle.read(8)
    except OSError:
        return None
    return int.from_bytes(header[4:8], "little") if len(header) == 8 else None


def hash_checked(package: Path = PACKAGE) -> list[Path]:
    """Write a checked-hash `.pyc` for every module of the package that lacks one (reading only each file's
    header when all are in place); the modules compiled. A folder that cannot be written is left as it is."""
    compiled = []
    for source in sorted(package.rglob("*.py")):
        pyc = Path(importlib.util.cache_from_source(str(source)))
        if _flags(pyc) == CHECKED_HASH:
            continue
        try:
            py_compile.compile(
                str(source), cfile=str(pyc), doraise=True, invalidation_mode=py_compile.PycInvalidationMode.CHECKED_HASH
            )
        except (OSError, py_compile.PyCompileError):
            continue  # a read-only install, or a syntax error the import itself will report
        compiled.append(source)
    return compiled
