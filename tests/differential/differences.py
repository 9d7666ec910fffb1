"""How two built books, and two commands' answers, differ: in words a reader of a failed test can act on."""

from __future__ import annotations

import difflib
import filecmp
from pathlib import Path

from modes import Answer

#: Files described in a failure (the first ones in name order); the rest are counted.
SHOWN_FILES = 5
#: Lines of each unified diff shown.
SHOWN_LINES = 30


def files(book: Path) -> dict[str, Path]:
    """Every file under the book folder, by its path inside it (an absent folder holds none)."""
    if not book.is_dir():
        return {}
    return {p.relative_to(book).as_posix(): p for p in sorted(book.rglob("*")) if p.is_file()}


def _text(path: Path) -> list[str] | None:
    try:
        return path.read_text(encoding="utf-8").splitlines(keepends=True)
    except UnicodeDecodeError:
        return None


def unified(left: Path, right: Path, left_name: str, right_name: str) -> str:
    """A short unified diff of two text files (or their sizes, for binary files)."""
    a, b = _text(left), _text(right)
    if a is None or b is None:
        return f"    binary: {left.stat().st_size:,} bytes ({left_name}) vs {right.stat().st_size:,} bytes ({right_name})\n"
    lines = list(difflib.unified_diff(a, b, left_name, right_name, n=1))
    shown = [line if line.endswith("\n") else line + "\n" for line in lines[:SHOWN_LINES]]
    more = f"    … {len(lines) - SHOWN_LINES} more diff lines\n" if len(lines) > SHOWN_LINES else ""
    return "".join("    " + line[:300] + ("\n" if len(line) > 300 else "") for line in shown) + more


def book_differences(left: Path, right: Path, left_name: str, right_name: str) -> str:
    """'' if the two folders hold the same files with the same bytes, else the first differences."""
    a, b = files(left), files(right)
    only_left = sorted(a.keys() - b.keys())
    only_right = sorted(b.keys() - a.keys())
    changed = [name for name in sorted(a.keys() & b.keys()) if not filecmp.cmp(a[name], b[name], shallow=False)]
    if not (only_left or only_right or changed):
        return ""
    out = [f"  _book/ differs between {left_name} and {right_name}:\n"]
    for names, where in ((only_left, left_name), (only_right, right_name)):
        if names:
            out.append(f"    only in {where}: {', '.join(names[:SHOWN_FILES])}")
            out.append(f" (and {len(names) - SHOWN_FILES} more)\n" if len(names) > SHOWN_FILES else "\n")
    if changed:
        out.append(f"    {len(changed)} file(s) differ; first: {', '.join(changed[:SHOWN_FILES])}\n")
        for name in changed[:SHOWN_FILES]:
            out.append(unified(a[name], b[name], f"{left_name}/{name}", f"{right_name}/{name}"))
    return "".join(out)


def answer_differences(answers: dict[str, Answer], reference: str) -> str:
    """'' if every mode's exit status and messages equal the reference mode's, else each that differs."""
    ref = answers[reference]
    out = []
    for name, answer in answers.items():
        if name == reference or answer.same_as(ref):
            continue
        out.append(
            f"  `{answer.command}` answered differently in {name} than in {reference}: "
            f"exit {answer.code} vs {ref.code}\n"
        )
        lines = difflib.unified_diff(
            ref.messages.splitlines(keepends=True),
            answer.messages.splitlines(keepends=True),
            reference,
            name,
            n=0,
        )
        out.extend("    " + line.rstrip("\n")[:300] + "\n" for line in list(lines)[:SHOWN_LINES])
    return "".join(out)
