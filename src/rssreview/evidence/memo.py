"""Values computed from one set of evidence tables, kept while those tables are the ones in use.

A chapter asks for the same cycle's ratings dozens of times, and a build hashes the same rows for
many chapters; each is computed once. A new set of tables (an edit, reloaded) starts afresh.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class _Kept:
    owner: Any = None
    values: dict[Hashable, Any] = {}


def memo(tables: Any, key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()` for these tables and `key`, computed the first time only. Callers must not change it."""
    if _Kept.owner is not tables:
        _Kept.owner, _Kept.values = tables, {}
    if key not in _Kept.values:
        _Kept.values[key] = compute()
    return _Kept.values[key]
