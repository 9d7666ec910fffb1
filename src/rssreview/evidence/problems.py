"""The error that carries every problem (rssreview.problems.Problem) found in the evidence tables."""

from __future__ import annotations

from rssreview.problems import Problem


class EvidenceError(ValueError):
    """Raised when the evidence tables cannot be used; lists every problem, one per line."""

    SHOWN = 50

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=Problem.sort_key)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the evidence tables:"
        lines = [f"  {p}" for p in self.problems[: self.SHOWN]]
        if count > self.SHOWN:
            lines.append(f"  … and {count - self.SHOWN} more of the same kinds; fix these first")
        super().__init__("\n".join([head, *lines]))

    def __reduce__(self):
        """Made again from its problems, so it crosses a process boundary whole (book/forked.py)."""
        return (type(self), (self.problems,))
