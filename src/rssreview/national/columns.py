"""Building the tidy table's columns file by file, writing each row once, as files are read.

Files are read one at a time, each with its own short list of distinct values. The
tidy table needs one contiguous array per column, with text as one categorical, so
each file's rows are written straight into the final arrays as soon as the file is
read (categories kept in order of first appearance, file by file). Holding every
file's rows until the end and then concatenating them would need the memory twice.
"""

from __future__ import annotations

import mmap

import numpy as np
import pandas as pd

from rssreview.national.cells import Coded

Part = Coded | np.ndarray


def smallest_code_type(n: int) -> np.dtype:
    """The narrowest signed integer that can index `n` values (as pandas itself would choose)."""
    for dtype in (np.int8, np.int16, np.int32):
        if n <= np.iinfo(dtype).max:
            return np.dtype(dtype)
    return np.dtype(np.int64)


def narrow(codes: np.ndarray, n: int) -> np.ndarray:
    """Codes into `n` values, in the narrowest integer type (keeps per-file arrays small while they wait)."""
    return codes.astype(smallest_code_type(n), copy=False)


def fill(out: np.ndarray, values: np.ndarray, codes: np.ndarray) -> None:
    """out[i] = values[codes[i]], as one plain fill when there is a single value (a file's constant columns)."""
    if len(values) == 1:
        out[:] = values[0]
    else:
        np.take(values, codes, out=out)


def mapped_empty(capacity: int, dtype: np.dtype) -> np.ndarray:
    """An uninitialised array in its own anonymous memory map.

    numpy asks the kernel for huge pages for large arrays, and on a busy machine the
    kernel may first stop to compact memory (about a second per 500 MB here); plain
    pages, each mapped when first written, cost a steady fraction of that.
    """
    return np.frombuffer(mmap.mmap(-1, max(capacity, 1) * dtype.itemsize), dtype=dtype)[:capacity]


def resized(array: np.ndarray, rows: int, capacity: int, dtype: np.dtype | None = None) -> np.ndarray:
    """A new array of `capacity` holding the first `rows` values (pages beyond them are not touched yet)."""
    out = mapped_empty(capacity, dtype or array.dtype)
    out[:rows] = array[:rows]
    return out


class Assembler:
    """The tidy table's columns, filled with one file's rows after another.

    Capacity is reserved ahead from an estimate of the total rows; unused capacity is
    never touched, so an estimate on the high side costs address space, not memory.
    """

    def __init__(self, text: list[str]) -> None:
        self.text = set(text)
        self.arrays: dict[str, np.ndarray] = {}
        self.positions: dict[str, dict[str, int]] = {name: {} for name in text}
        self.rows = 0
        self.capacity = 0

    def add(self, parts: dict[str, Part], n: int, expected_total: int) -> None:
        """Append one file's `n` rows; `expected_total` is the current estimate of all rows to come."""
        if self.rows + n > self.capacity:
            self.capacity = max(self.rows + n, expected_total, 2 * self.capacity)
            self.arrays = {name: resized(a, self.rows, self.capacity) for name, a in self.arrays.items()}
        for name, part in parts.items():
            if name not in self.text:
                self.add_values(name, part)
            elif isinstance(part, Coded):
                self.add_text(name, part)
            else:
                raise TypeError(f"text column {name!r} arrived as a plain array; text columns must be Coded")
        self.rows += n

    def column(self, name: str, part: Part) -> np.ndarray:
        if name not in self.arrays:
            dtype = part.values.dtype if isinstance(part, Coded) else part.dtype
            self.arrays[name] = mapped_empty(self.capacity, np.dtype(np.int8) if name in self.text else dtype)
        return self.arrays[name]

    def add_values(self, name: str, part: Part) -> None:
        out = self.column(name, part)
        if isinstance(part, Coded):
            fill(out[self.rows : self.rows + len(part.codes)], part.values, part.codes)
        else:
            out[self.rows : self.rows + len(part)] = part

    def add_text(self, name: str, part: Coded) -> None:
        position = self.positions[name]
        values = part.values.tolist()
        for value in values:
            position.setdefault(value, len(position))
        codes = self.column(name, part)
        if len(position) > np.iinfo(codes.dtype).max:
            codes = self.arrays[name] = resized(codes, self.rows, self.capacity, smallest_code_type(len(position)))
        remap = np.fromiter((position[v] for v in values), dtype=codes.dtype, count=len(values))
        fill(codes[self.rows : self.rows + len(part.codes)], remap, part.codes)

    def result(self, name: str) -> pd.Categorical | np.ndarray:
        """A finished column: the filled rows only (a view, not a copy)."""
        filled = self.arrays[name][: self.rows]
        if name not in self.text:
            return filled
        categories = pd.Index(list(self.positions[name]), dtype="str")
        return pd.Categorical.from_codes(filled, dtype=pd.CategoricalDtype(categories), validate=False)
