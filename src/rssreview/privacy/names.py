"""Personal names: after a title, after "named" or "called", or holding a common first name or surname.

Titles: `Mr`, `Mrs`, `Ms`, `Mx`, `Dr`, `Mister` in any case (`mr smith`, `DR PATEL`), and titles
that are also everyday words (`Miss`, `Patient`, `Sir`, `Lady`, `Professor`...) when written with a
capital before a capitalised name, so "we miss the point" and "patient safety" are prose. A name
is letters of any script (`Mr Łukasz Nowak`, `Dr Иванов`), with initials (`Mr J. Smith`),
apostrophes and hyphens (`Mrs O'Brien-Hughes`) and particles (`Mr van der Berg`, `Dr de la Cruz`).
Names in capitals are read as names (`JOHN SMITH`); look-alike letters from other scripts were
made Latin by the normaliser. Pseudonyms, public figures and allowed programme names pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from rssreview.privacy.findings import Allows, Hit, mask
from rssreview.privacy.words import (
    CAPITAL_TITLES,
    FIRST_NAMES,
    MONTH_WORDS,
    NAME_LABELS,
    NOT_FORENAMES,
    NOT_NAMES,
    OFFICES,
    PARTICLES,
    PLACE_PREFIXES,
    PLACE_WORDS,
    SURNAMES,
    TITLE_JOINERS,
    TITLES,
)

if TYPE_CHECKING:
    from rssreview.privacy.normalise import View

KIND = "personal name"

_LETTER = r"[^\W\d_]"
#: A word of letters in any script, with inner apostrophes and hyphens.
_WORD = rf"{_LETTER}+(?:['-]{_LETTER}+)*"
_STRONG = {t.rstrip(".") for t in TITLES}
_TITLE = "|".join(sorted(_STRONG | CAPITAL_TITLES | NAME_LABELS, key=len, reverse=True)).replace(" ", " ?")
#: Initials written together ("J.R.R."), or one word of a name.
_PART = rf"(?:(?:{_LETTER}\.)+ ?|{_WORD}\.?[ _])"
#: A title (or a record's label and a colon), then the words of a name (initials and particles among them).
_TITLED = re.compile(rf"(?<![^\W_]|['-])({_TITLE})(\.?:?)[ _]((?:{_PART}){{0,5}}{_WORD})", re.IGNORECASE)
_INITIALS = re.compile(rf"{_LETTER}\.?|(?:{_LETTER}\.)+")
#: Words after a lower-case title that show it is not one ("ms and", "dr of").
_FUNCTION_WORDS = frozenset("and or the of to a an in on at for with is was by as from per".split())

_NAME_TOKEN = r"[A-Z](?:[a-zß-öø-ÿ]+|'[A-Z][a-zß-öø-ÿ]+)(?:[A-Z][a-zß-öø-ÿ]+)?(?:-[A-Z][a-zß-öø-ÿ]+)?"
_NAME_RUN = rf"{_NAME_TOKEN}(?: {_NAME_TOKEN})*"
_CALLED_NAME = re.compile(rf"(?<!\w)(?:named|called) ({_NAME_RUN})(?: (\S+) (\S+))?")
_CAPITALISED_RUN = re.compile(rf"(?<![\w'’]){_NAME_RUN}")
_WORD_BEFORE = re.compile(r"(\w+)\.? *$")
#: How far back to look for the word before a name (so the look is constant, not from the start of the text).
_LOOK_BACK = 64


def _hit(start: int, end: int, title: str, name: str) -> Hit:
    masked = " ".join(mask(word) for word in name.split())
    return Hit(start, end, KIND, f"{title} {masked}".strip())


def _name_words(words: list[str], strict: bool) -> list[str]:
    """The words of the name after a title: initials and particles, then capitalised words (or, after a
    title that always means a person, one word in any case)."""
    taken: list[str] = []
    for word in filter(None, words):
        bare = word.rstrip(".")
        if bare.casefold() in PARTICLES or _INITIALS.fullmatch(word):
            taken.append(word)
            continue
        if bare[0].isupper() or (not strict and not any(w.rstrip(".")[0].isupper() for w in taken)):
            taken.append(bare)
            if not bare[0].isupper():
                break
            continue
        break
    while taken and (taken[-1].rstrip(".").casefold() in PARTICLES or _INITIALS.fullmatch(taken[-1])):
        taken.pop()
    return taken


def titled(view: View, allowed: Allows) -> Iterator[Hit]:
    position = 0
    while m := _TITLED.search(view.names, position):
        position = m.end(2)  # the next title may be inside this match's words ("Mr Smith and Dr Patel")
        title, text = m.group(1), m.group(3)
        folded = " ".join(title.casefold().split())
        if folded in NAME_LABELS and ":" not in m.group(2):
            continue  # "the name of the programme": a label needs its colon
        strict = folded not in _STRONG
        if strict and not title[0].isupper():  # "patient safety", "we miss the point"; but "patient smith"
            words = _name_words(re.split(r"[ _]", text), strict=False)[:1]
            if not words or words[0].capitalize() not in SURNAMES | FIRST_NAMES:
                continue
        else:
            words = _name_words(re.split(r"[ _]", text), strict)
        if folded == "ms" and re.search(r"\d ?$", view.names[max(0, m.start() - 2) : m.start()]):
            continue  # "300 ms": milliseconds
        if not words or words[0].casefold() in _FUNCTION_WORDS:
            continue
        if words[0] in OFFICES or words[0] in NOT_NAMES or any(w in PLACE_WORDS for w in words):
            continue
        name = " ".join(words)
        if allowed.allows(title, name):
            continue
        end = m.start(3) + text.index(words[-1]) + len(words[-1])
        position = end
        yield _hit(m.start(), end, title, name)


def called(view: View, allowed: Allows) -> Iterator[Hit]:
    for m in _CALLED_NAME.finditer(view.names):
        name, joiner, following = m.group(1), m.group(2), m.group(3)
        words = name.split()
        continues_a_title = joiner is not None and joiner.casefold() in TITLE_JOINERS and following[:1].isupper()
        if len(words) > 2 or continues_a_title or any(w in NOT_NAMES for w in words) or allowed.allows("", name):
            continue
        yield _hit(m.start(1), m.start(1) + len(name), "", name)


def _word_before(text: str, position: int) -> str | None:
    found = _WORD_BEFORE.search(text, max(0, position - _LOOK_BACK), position)
    return found.group(1) if found else None


def _name_in_run(words: list[str], before: str | None) -> int | None:
    """Where a personal name starts in a run of capitalised words, or None: a known first name, or a
    name-like word followed by a known surname."""
    first = next((i for i, w in enumerate(words) if w in FIRST_NAMES), None)
    if first is not None:
        return None if (words[first - 1] if first else before) in PLACE_PREFIXES else first
    for i in range(1, len(words)):
        forename = words[i - 1]
        if (
            words[i] in SURNAMES
            and forename not in NOT_FORENAMES
            and forename not in NOT_NAMES
            and forename not in PLACE_PREFIXES
            and forename not in SURNAMES
        ):
            return i - 1
    return None


def _is_a_date(words: list[str], after: str) -> bool:
    """'June 2019' or 'May 5': a month name alone, followed by a number, is a date, not a person."""
    return len(words) == 1 and words[0] in MONTH_WORDS and bool(re.match(r"\s*\d", after))


def known(view: View, allowed: Allows) -> Iterator[Hit]:
    """Runs of capitalised words holding a common first name, or a name-like word and a common surname."""
    for m in _CAPITALISED_RUN.finditer(view.names):
        words = m.group(0).split()
        if any(w in PLACE_WORDS for w in words):
            continue
        first = _name_in_run(words, _word_before(view.names, m.start()))
        if first is None:
            continue
        name = " ".join(words[first:])
        if allowed.allows("", name) or _is_a_date(words[first:], view.names[m.end() : m.end() + 6]):
            continue
        start = m.start() + m.group(0).index(words[first])
        yield _hit(start, m.end(), "", name)
