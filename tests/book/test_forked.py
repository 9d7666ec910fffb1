"""Work forked onto another core returns its value, and its failure, as if it had run in the build's process."""

from __future__ import annotations

import os

import pytest

from rssreview.book.forked import Forked
from rssreview.evidence import EvidenceError
from rssreview.problems import Problem


def _double(x: int) -> int:
    return 2 * x


def _refuse() -> None:
    raise EvidenceError([Problem("data/evidence/evidence.csv", 3, "summary", "text", "nothing")])


class _Odd(Exception):
    def __init__(self, a, b):
        super().__init__(f"{a} and {b}")


def _odd() -> None:
    raise _Odd(1, 2)


def _die() -> None:
    os._exit(9)


def test_the_value_comes_back_and_can_be_asked_for_twice():
    work = Forked(_double, 21)
    assert work.result() == 42 and work.result() == 42


def test_a_refusal_is_raised_here_with_its_type_and_every_problem():
    with pytest.raises(EvidenceError, match=r"evidence.csv.*row 3.*summary"):
        Forked(_refuse).result()


def test_an_exception_that_cannot_cross_keeps_its_name_and_message():
    with pytest.raises(RuntimeError, match="_Odd: 1 and 2"):
        Forked(_odd).result()


def test_a_step_that_dies_is_an_error_not_a_hang():
    work = Forked(_die)
    with pytest.raises(RuntimeError, match="exit 9"):
        work.result()
    work.wait()
