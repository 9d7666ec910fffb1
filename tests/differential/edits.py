"""The edits users make to the project, drawn at random from a seed, each the same bytes in every copy.

An edit is worked out once, from the files as they are (every copy holds the same ones), as the new bytes
of each file it touches (None removes a file) and the commands it runs afterwards (`rssreview manifest
update`). `apply` then writes exactly those bytes into a copy, so the copies stay byte-for-byte alike.
A module edit keeps the file's size and puts its modification time back, as an editor or a checkout can.

A break (a bad value, a required row removed, a table re-encoded as UTF-16) is always followed by its
mend, which writes back the bytes it replaced, so a sequence never stays broken for long.
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

#: Words the text edits add; plain English, no names, nothing the privacy guard or the limits would refuse.
PHRASES = (
    "This was checked again.",
    "The source was read again.",
    "The wording is clearer now.",
    "A later source says the same.",
    "This changed little in the period.",
)
#: Raw Assuring Transformation files a user may place by hand (the issue's example, and two months before it).
RAW_MONTHS = {"AT_2021_07.csv": "2021-07-31", "AT_2021_08.csv": "2021-08-31", "AT_2021_09.csv": "2021-09-30"}
#: Package modules whose strings reach the pages; a module edit swaps two letters in one of them.
MODULES = ("src/rssreview/present/about.py", "src/rssreview/present/method.py")
#: Notebook files a Markdown edit may touch (every chapter and the landing page).
NOTEBOOKS = "notebooks/*.ipynb"
#: Tables a break re-encodes as UTF-16.
ENCODED = ("data/national/measures.csv", "data/evidence/themes.csv", "data/national/at_column_map.csv")


@dataclass
class Edit:
    """One edit: a one-line description, the new bytes of each file (None removes it), and commands to run."""

    kind: str
    description: str
    files: dict[str, bytes | None]
    commands: list[list[str]] = field(default_factory=list)
    keep_times: bool = False  # put each file's modification time back after writing it
    mend: Edit | None = None  # the edit that undoes a break, run as the next step

    def apply(self, project: Path) -> None:
        for name, content in self.files.items():
            path = project / name
            if content is None:
                path.unlink(missing_ok=True)
                continue
            before = path.stat() if self.keep_times and path.exists() else None
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            if before is not None:
                os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def _rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def _csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def _opening(literal: str) -> str:
    """A string's opening words (letters and spaces, at least 20 characters), or one no page holds."""
    found = re.match(r"[A-Za-z ]{20,}", literal)
    return found.group() if found else "\0"


class Editor:
    """Draws edits from a seeded random generator, reading the files from `project` (any copy: all are alike)."""

    def __init__(self, project: Path, rng: random.Random, first: tuple[str, ...] = ()):
        self.project = project
        self.rng = rng
        self.first = list(first)  # kinds drawn before any random one, in order
        self.pending: Edit | None = None  # the mend owed by the last break

    def read(self, name: str) -> bytes:
        return (self.project / name).read_bytes()

    def table(self, name: str) -> list[list[str]]:
        return _rows(self.read(name))

    # --- the sequence --------------------------------------------------------------------------------------

    def next(self) -> Edit:
        """The mend owed by the last break, else the next of the first kinds, else an edit of a random kind."""
        if self.pending is not None:
            edit, self.pending = self.pending, None
            return edit
        kind = self.first.pop(0) if self.first else self.rng.choice(sorted(self.RANDOM))
        edit = self.KINDS[kind](self)
        self.pending = edit.mend
        return edit

    # --- evidence and ratings --------------------------------------------------------------------------------

    def evidence_add(self) -> Edit:
        name = "data/evidence/evidence.csv"
        rows = self.table(name)
        header, body = rows[0], rows[1:]
        ids = {int(r[0][1:]) for r in body}
        new_id = f"E{max(ids) + 1:03d}"
        row = list(self.rng.choice(body))
        source = row[0]
        row[0] = new_id
        summary = header.index("summary")
        row[summary] = f"{row[summary]} {self.rng.choice(PHRASES)}"
        return Edit(
            "evidence-add", f"add evidence row {new_id} (a copy of {source} with new words)", {name: _csv([*rows, row])}
        )

    def _add_words(self, kind: str, name: str, column: str, what: Callable[[list[str]], str]) -> Edit:
        """Add a sentence to `column` of a random row of table `name`; `what` names the row."""
        rows = self.table(name)
        index = rows[0].index(column)
        row = self.rng.choice(rows[1:])
        row[index] = f"{row[index]} {self.rng.choice(PHRASES)}"
        return Edit(kind, f"change the {column} of {what(row)}", {name: _csv(rows)})

    def evidence_change(self) -> Edit:
        return self._add_words(
            "evidence-change", "data/evidence/evidence.csv", "summary", lambda r: f"evidence row {r[0]}"
        )

    def evidence_remove(self) -> Edit:
        """Remove an item another item of the same recommendation, cycle and impact stands beside, and that
        superseded.csv does not name (so the ratings stay consistent with the rule)."""
        name = "data/evidence/evidence.csv"
        rows = self.table(name)
        header, body = rows[0], rows[1:]
        cycle, rec, impact = (header.index(c) for c in ("cycle_id", "rec_id", "impact"))
        named = {r[0] for r in self.table("data/evidence/superseded.csv")[1:]}
        groups: dict[tuple[str, str, str], int] = {}
        for r in body:
            groups[(r[cycle], r[rec], r[impact])] = groups.get((r[cycle], r[rec], r[impact]), 0) + 1
        choices = [r for r in body if r[0] not in named and groups[(r[cycle], r[rec], r[impact])] > 1]
        row = self.rng.choice(choices)
        kept = [header, *(r for r in body if r is not row)]
        return Edit("evidence-remove", f"remove evidence row {row[0]}", {name: _csv(kept)})

    def rating_change(self) -> Edit:
        return self._add_words(
            "rating-change", "data/evidence/ratings.csv", "reason", lambda r: f"rating {r[0]} recommendation {r[1]}"
        )

    def rating_remove(self) -> Edit:
        """Remove a rating row (a recommendation left unrated), then add it back."""
        name = "data/evidence/ratings.csv"
        before = self.read(name)
        rows = _rows(before)
        row = self.rng.choice(rows[1:])
        label = f"rating {row[0]} recommendation {row[1]}"
        return Edit(
            "rating-remove",
            f"remove {label}",
            {name: _csv([r for r in rows if r is not row])},
            mend=Edit("rating-add", f"add {label} back", {name: before}),
        )

    # --- national tables, maps and raw files ----------------------------------------------------------------------

    def _map_change(self, name: str, source_col: str, target_col: str, kinds: str, only: str = "") -> Edit:
        """Map one source column (`only`, or one at random) to another measure the map already names."""
        rows = self.table(name)
        header = rows[0]
        source, target = header.index(source_col), header.index(target_col)
        measures = sorted({r[target] for r in rows[1:] if r[target]})
        candidates = [r for r in rows[1:] if r[target] and r[source] == (only or r[source])]
        row = self.rng.choice(candidates)
        old = row[target]
        row[target] = self.rng.choice([m for m in measures if m != old])
        return Edit(kinds, f"{name}: map {row[source]} to {row[target]} instead of {old}", {name: _csv(rows)})

    def at_map_change(self) -> Edit:
        return self._map_change("data/national/at_column_map.csv", "source_column", "target", "at-map-change")

    def at_map_inpatients(self) -> Edit:
        """Issue 21's map edit: the raw file's Inpatients column mapped to another measure."""
        return self._map_change(
            "data/national/at_column_map.csv", "source_column", "target", "at-map-change", "Inpatients"
        )

    def lda_map_change(self) -> Edit:
        return self._map_change("data/national/lda_measure_map.csv", "source_column", "measure", "lda-map-change")

    def measures_change(self) -> Edit:
        name = "data/national/measures.csv"
        rows = self.table(name)
        column = self.rng.choice(["name", "chart_label", "coverage"])
        index = rows[0].index(column)
        row = self.rng.choice([r for r in rows[1:] if r[index]])
        row[index] = f"{row[index]}, as counted"
        return Edit("measures-change", f"measures.csv: change the {column} of {row[0]} {row[1]}", {name: _csv(rows)})

    def raw_add(self) -> Edit:
        """Place a raw AT file (or replace it with other figures) and record it with `rssreview manifest update`."""
        file = self.rng.choice(sorted(RAW_MONTHS))
        people = self.rng.randrange(1500, 9999)
        content = f"Period_End,Geography,Inpatients\n{RAW_MONTHS[file]},England,{people}\n".encode()
        exists = (self.project / "data/raw" / file).exists()
        return Edit(
            "raw-add",
            f"{'replace' if exists else 'add'} data/raw/{file} ({people:,} in hospital) and record it",
            {f"data/raw/{file}": content},
            commands=[["manifest", "update", file]],
        )

    def raw_add_issue(self) -> Edit:
        """Issue 21's raw file: 9,999 people in hospital at the end of September 2021, recorded."""
        content = b"Period_End,Geography,Inpatients\n2021-09-30,England,9999\n"
        return Edit(
            "raw-add",
            "add data/raw/AT_2021_09.csv (9,999 in hospital) and record it",
            {"data/raw/AT_2021_09.csv": content},
            commands=[["manifest", "update", "AT_2021_09.csv"]],
        )

    def raw_remove(self) -> Edit:
        """Take a raw file away with its manifest row (falls back to adding one when none is there)."""
        placed = sorted(f for f in RAW_MONTHS if (self.project / "data/raw" / f).exists())
        if not placed:
            return self.raw_add()
        file = self.rng.choice(placed)
        name = "data/raw/manifest.csv"
        rows = self.table(name)
        return Edit(
            "raw-remove",
            f"remove data/raw/{file} and its manifest row",
            {f"data/raw/{file}": None, name: _csv([r for r in rows if r[0] != file])},
        )

    # --- notebooks, code and settings -----------------------------------------------------------------------

    def notebook_markdown(self) -> Edit:
        """Add a sentence to a paragraph of a chapter, never to a heading: words after a heading's {#id} make the
        id part of its title, and the links to it then stop the PDF (every mode alike, so every later step of the
        sequence would only be a refusal; seen at step 36 of a 200-step run)."""
        files = sorted(p.relative_to(self.project).as_posix() for p in self.project.glob(NOTEBOOKS))
        notebooks = {name: json.loads(self.read(name)) for name in files}
        name = self.rng.choice([n for n in files if _paragraphs(notebooks[n])])
        data, notebook = self.read(name), notebooks[name]
        cell = notebook["cells"][self.rng.choice(_paragraphs(notebook))]
        text = "".join(cell["source"]).rstrip("\n")
        cell["source"] = f"{text} {self.rng.choice(PHRASES)}\n"
        indent = 1 if data.startswith(b'{\n "') else None
        out = json.dumps(notebook, indent=indent, ensure_ascii=False) + "\n"
        return Edit("notebook-markdown", f"{name}: add a sentence to a Markdown cell", {name: out.encode()})

    def module_same_size(self) -> Edit:
        """Swap two letters of a word in a reader-facing string of a present/ module: same size, same time.

        The word is taken from a string (not a docstring) whose opening words the built pages show, so the
        edit is one a reader would see."""
        name = self.rng.choice(MODULES)
        text = self.read(name).decode("utf-8")
        pages = " ".join(
            " ".join(p.read_text(encoding="utf-8").split()) for p in (self.project / "_book").rglob("*.html")
        )
        words = [
            (literal.start(1) + word.start(), word.group())
            for literal in re.finditer(r'(?<!")"([A-Z][a-z]+(?: [a-z]+){3,}[^"]*)"(?!")', text)
            if _opening(literal.group(1)) in pages
            for word in re.finditer(r"\b[a-z]{6,}\b", literal.group(1))
            if word.group()[2] != word.group()[3]
        ]
        start, word = self.rng.choice(words)
        swapped = word[:2] + word[3] + word[2] + word[4:]
        new = text[:start] + swapped + text[start + len(word) :]
        return Edit(
            "module-same-size",
            f"{name}: {word!r} -> {swapped!r}, same size and modification time",
            {name: new.encode("utf-8")},
            keep_times=True,
        )

    def release_change(self) -> Edit:
        name = "data/release.yml"
        text = self.read(name).decode("utf-8")
        key, value = self.rng.choice(
            [
                ("  name: rssreview project maintainers", "  name: rssreview project team"),
                ("  response_days: 10", "  response_days: 15"),
                ("    change: First published", "    change: Published first"),
            ]
        )
        if key not in text:  # already changed: change it back
            key, value = value, key
        return Edit(
            "release-change",
            f"release.yml: {key.strip()!r} -> {value.strip()!r}",
            {name: text.replace(key, value, 1).encode()},
        )

    def quarto_change(self) -> Edit:
        """Add a word to a quoted reader-visible value: the subtitle, the author or the status line."""
        name = "_quarto.yml"
        lines = self.read(name).decode("utf-8").splitlines(keepends=True)
        candidates = [
            i for i, line in enumerate(lines) if re.match(r'^ *(subtitle|author|rss-status): ".*"$', line.rstrip("\n"))
        ]
        index = self.rng.choice(candidates)
        line = lines[index].rstrip("\n")
        lines[index] = f'{line[:-1]} (rebuilt)"\n'
        return Edit(
            "quarto-change", f"_quarto.yml: add ' (rebuilt)' to {line.strip()[:50]!r}…", {name: "".join(lines).encode()}
        )

    # --- breaks, each mended in the next step ---------------------------------------------------------------

    def _break(self, kind: str, name: str, what: str, broken: bytes) -> Edit:
        before = self.read(name)
        return Edit(
            kind, f"{name}: {what}", {name: broken}, mend=Edit("mend", f"{name}: mend ({what} undone)", {name: before})
        )

    def break_value(self) -> Edit:
        name, column, bad = self.rng.choice(
            [
                ("data/evidence/evidence.csv", "confidence", "fairly sure"),
                ("data/evidence/ratings.csv", "status", "excellent"),
                ("data/evidence/evidence.csv", "evidence_date", "last spring"),
                ("data/national/national_figures.csv", "value", "lots"),
            ]
        )
        rows = self.table(name)
        index = rows[0].index(column)
        number = self.rng.randrange(1, len(rows))
        rows[number][index] = bad
        return self._break("break-value", name, f"{column} of row {number + 1} set to {bad!r}", _csv(rows))

    def break_required_row(self) -> Edit:
        """Remove the measures.csv row of a measure that national_figures.csv uses."""
        name = "data/national/measures.csv"
        rows = self.table(name)
        used = {(r[0], r[2]) for r in self.table("data/national/national_figures.csv")[1:]}
        row = self.rng.choice([r for r in rows[1:] if (r[0], r[1]) in used])
        return self._break(
            "break-required-row", name, f"remove the row of {row[0]} {row[1]}", _csv([r for r in rows if r is not row])
        )

    def break_encoding(self, name: str = "") -> Edit:
        name = name or self.rng.choice(ENCODED)
        return self._break(
            "break-encoding", name, "re-encoded as UTF-16", self.read(name).decode("utf-8").encode("utf-16")
        )

    def break_encoding_measures(self) -> Edit:
        return self.break_encoding("data/national/measures.csv")

    KINDS: dict[str, Callable[[Editor], Edit]] = {
        "evidence-add": evidence_add,
        "evidence-change": evidence_change,
        "evidence-remove": evidence_remove,
        "rating-change": rating_change,
        "rating-remove": rating_remove,
        "at-map-change": at_map_change,
        "lda-map-change": lda_map_change,
        "measures-change": measures_change,
        "raw-add": raw_add,
        "raw-remove": raw_remove,
        "notebook-markdown": notebook_markdown,
        "module-same-size": module_same_size,
        "release-change": release_change,
        "quarto-change": quarto_change,
        "break-value": break_value,
        "break-required-row": break_required_row,
        "break-encoding": break_encoding,
        # issue 21's own cases, drawn first in every sequence (test_differential.MUST)
        "raw-add-issue": raw_add_issue,
        "at-map-inpatients": at_map_inpatients,
        "break-encoding-measures": break_encoding_measures,
    }
    #: The kinds a random step draws from (the issue's own cases are instances of these).
    RANDOM = tuple(
        kind for kind in KINDS if kind not in ("raw-add-issue", "at-map-inpatients", "break-encoding-measures")
    )


def _paragraphs(notebook: dict) -> list[int]:
    """The indexes of the Markdown cells that end in a paragraph (not a heading)."""
    return [
        index
        for index, cell in enumerate(notebook["cells"])
        if cell["cell_type"] == "markdown"
        and "".join(cell["source"]).strip()
        and not "".join(cell["source"]).rstrip().splitlines()[-1].lstrip().startswith("#")
    ]
