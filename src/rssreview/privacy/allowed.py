"""What the guard lets through: pseudonyms, public figures, named programmes and published contact details.

Pseudonyms come from `data/evidence/pseudonyms.csv`, public figures named in published sources
from `data/evidence/public_figures.csv`, and organisations' published contact details and named
programmes from `data/privacy/published_contacts.csv` (every row with its source).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rssreview.paths import DATA, EVIDENCE
from rssreview.privacy import emails, phones, postcodes
from rssreview.problems import Problem

PUBLIC_FIGURES_CSV = EVIDENCE / "public_figures.csv"
PUBLISHED_CONTACTS_CSV = DATA / "privacy" / "published_contacts.csv"

#: How each kind of published contact detail is compared with a finding: one key for every layout.
CONTACT_KINDS: dict[str, Callable[[str], str]] = {
    phones.KIND: phones.key,
    postcodes.KIND: postcodes.key,
    emails.KIND: emails.key,
}
CONTACT_COLUMNS = ["kind", "value", "organisation", "source_url"]
ALLOWED_KINDS = (*CONTACT_KINDS, "name")


def words(text: str) -> tuple[str, ...]:
    """A name as lower-case words, without possessive 's or trailing full stops and commas."""
    text = re.sub(r"['’]s(?=\W|$)", "", text)
    return tuple(re.sub(r"[.,'’]+(?=\s|$)", "", text).casefold().split())


@dataclass(frozen=True)
class Allowed:
    """Pseudonyms, public figures, named programmes and published contact details, ready to test against."""

    names: frozenset[tuple[str, ...]]
    tokens: tuple[frozenset[str], ...]
    contacts: frozenset[tuple[str, str]] = field(default_factory=frozenset)
    exact: frozenset[tuple[str, ...]] = field(default_factory=frozenset)

    @classmethod
    def of(cls, entries: Iterable[str], contacts: Iterable[tuple[str, str]] = (), exact: Iterable[str] = ()) -> Allowed:
        """`entries` allow themselves and any part of themselves ("Dr Hollins" for "Baroness Sheila
        Hollins"); `exact` names (programmes, organisations) allow only themselves."""
        names = frozenset(words(entry) for entry in entries if entry and entry.strip())
        keys = frozenset((kind, CONTACT_KINDS[kind](value)) for kind, value in contacts)
        return cls(
            names,
            tuple(frozenset(name) for name in sorted(names)),
            keys,
            frozenset(words(entry) for entry in exact if entry and entry.strip()),
        )

    def allows(self, title: str, name: str) -> bool:
        """True when the whole name, with or without its title, is on the list, or is part of a listed name.

        A listed first name does not allow a longer name that starts with it: pseudonym "Jane"
        must not let "Jane Doe" through.
        """
        said = words(name)
        if {said, words(title) + said} & (self.names | self.exact):
            return True
        return any(set(said) <= entry for entry in self.tokens)

    def allows_contact(self, kind: str, text: str) -> bool:
        return (kind, CONTACT_KINDS[kind](text)) in self.contacts

    def fingerprint(self) -> list:
        """Everything this list allows, in a stable order (part of the guard's cache key)."""
        return [
            sorted(map(list, self.names)),
            sorted(sorted(t) for t in self.tokens),
            sorted(map(list, self.contacts)),
            sorted(map(list, self.exact)),
        ]


def load_public_figures(path: Path = PUBLIC_FIGURES_CSV) -> list[str]:
    """Names from the public-figures table (columns name, role, source_url); none if the file is absent."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if "name" not in (reader.fieldnames or []):
            raise ValueError(str(Problem(path.name, 1, None, "a column 'name'", ",".join(reader.fieldnames or []))))
        return [row["name"].strip() for row in reader if row["name"] and row["name"].strip()]


def load_published_contacts(path: Path = PUBLISHED_CONTACTS_CSV) -> tuple[list[str], list[tuple[str, str]]]:
    """Named programmes and organisations (as names) and published contact details (as (kind, value)).

    Every row must say whose detail it is and where it is published; a ValueError names any bad cell.
    """
    from rssreview import limits
    from rssreview.urls import EXPECTED, is_safe_url

    if not path.exists():
        return [], []
    limits.check_file(path)
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != CONTACT_COLUMNS:
            found = ",".join(reader.fieldnames or []) or "nothing"
            raise ValueError(str(Problem(path.name, 1, None, ",".join(CONTACT_COLUMNS), found)))
        rows = list(reader)
    problems: list[Problem] = []
    names: list[str] = []
    contacts: list[tuple[str, str]] = []
    for number, row in enumerate(rows, start=2):
        kind, value = (row["kind"] or "").strip(), (row["value"] or "").strip()
        if kind not in ALLOWED_KINDS:
            problems.append(Problem(path.name, number, "kind", f"one of {', '.join(ALLOWED_KINDS)}", repr(kind)))
        if not value or not (row["organisation"] or "").strip():
            problems.append(
                Problem(path.name, number, None, "a value and the organisation it belongs to", "a blank cell")
            )
        url = (row["source_url"] or "").strip()
        if not is_safe_url(url):
            problems.append(Problem(path.name, number, "source_url", EXPECTED, repr(url)))
        if kind == "name":
            names.append(value)
        elif kind in CONTACT_KINDS:
            contacts.append((kind, value))
    if problems:
        raise ValueError("\n".join(str(p) for p in problems))
    return names, contacts


def allowed_list(
    pseudonyms: Collection[str],
    public_figures: Collection[str] | None = None,
    contacts_path: Path | None = PUBLISHED_CONTACTS_CSV,
) -> Allowed:
    """Everything the scan allows: pseudonyms, public figures (default: their table) and published contacts."""
    figures = load_public_figures() if public_figures is None else public_figures
    names, contacts = load_published_contacts(contacts_path) if contacts_path else ([], [])
    return Allowed.of([*pseudonyms, *figures], contacts, exact=names)
