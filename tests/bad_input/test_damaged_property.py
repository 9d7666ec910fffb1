"""Generated damage (cut, re-encoded, re-ordered, mixed delimiters, random bytes, huge cells) thrown at every
loader and at what `validate` reads: each must load or refuse with the project's own error, never anything else.

Runtime is kept modest (a few dozen examples per loader) so `make test` stays fast; the damage is composed,
so each example can carry several faults at once.
"""

from __future__ import annotations

import random
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from national_loaders import FILE_LOADERS, TABLE_LOADERS

from rssreview import evidence
from rssreview.evidence import EvidenceError
from rssreview.evidence.read import read_table
from rssreview.evidence.schemas import SPECS
from rssreview.national import (
    NationalDataError,
    build_indicators,
    load_file,
    read_manifest,
)
from rssreview.national.manifest import MANIFEST_COLUMNS
from rssreview.paths import EVIDENCE, NATIONAL

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "national"
SETTINGS = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def cut(data: bytes, r: random.Random) -> bytes:
    return data[: r.randrange(len(data) + 1)]


def re_encode(data: bytes, r: random.Random) -> bytes:
    text = data.decode("utf-8", "replace")
    text = text.replace(",", r.choice([", – ", ",é", ",’", ",€"]), r.randint(1, 3))
    return text.encode(r.choice(["cp1252", "latin-1", "utf-16", "utf-16-be", "utf-8-sig", "utf-32"]), "replace")


def reorder(data: bytes, r: random.Random) -> bytes:
    lines = data.splitlines(keepends=True)
    r.shuffle(lines)
    return b"".join(lines)


def mix_delimiters(data: bytes, r: random.Random) -> bytes:
    out = bytearray(data)
    for i in [i for i, b in enumerate(out) if b == ord(",")][:: r.randint(1, 4)]:
        out[i] = ord(r.choice(";\t|"))
    return bytes(out)


def random_bytes(data: bytes, r: random.Random) -> bytes:
    at = r.randrange(len(data) + 1)
    return data[:at] + r.randbytes(r.randint(1, 64)) + data[at:]


def huge_cell(data: bytes, r: random.Random) -> bytes:
    at = data.rfind(b",", 0, r.randrange(1, len(data) + 1)) + 1
    return data[:at] + r.choice([b"9", b"x", b'"', b"*", b"\x00", b"\r"]) * r.randint(1, 300_000) + data[at:]


def line_endings(data: bytes, r: random.Random) -> bytes:
    return data.replace(b"\n", r.choice([b"\r", b"\r\n", b"\n\n", b"\x00\n"]))


def letter_case(data: bytes, r: random.Random) -> bytes:
    head, _, rest = data.partition(b"\n")
    return r.choice([head.lower(), head.replace(b"_", b" "), head.title()]) + b"\n" + rest


DAMAGE = [cut, re_encode, reorder, mix_delimiters, random_bytes, huge_cell, line_endings, letter_case]
damages = st.lists(st.tuples(st.sampled_from(DAMAGE), st.integers(0, 2**32)), min_size=1, max_size=3)


def damaged(data: bytes, steps) -> bytes:
    for damage, seed in steps:
        data = damage(data, random.Random(seed))
    return data


def refuses_cleanly(call: Callable[[], object], error: type[Exception], name: str) -> None:
    """The call succeeds or raises `error`, whose every line names the file; anything else fails the test."""
    try:
        call()
    except error as err:
        text = str(err)
        assert text.strip(), "an empty message"
        assert name in text, text[:500]


@pytest.mark.parametrize("name", sorted(FILE_LOADERS))
@SETTINGS
@given(steps=damages)
def test_every_loader_refuses_damage_with_its_own_error(name, steps):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(damaged((FIXTURES / name).read_bytes(), steps))
        for loader in (FILE_LOADERS[name], load_file):
            refuses_cleanly(lambda load=loader: load(path), NationalDataError, name)


@pytest.mark.parametrize("name", sorted(TABLE_LOADERS))
@SETTINGS
@given(steps=damages)
def test_national_reference_tables_refuse_damage_with_their_own_error(name, steps):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(damaged((NATIONAL / name).read_bytes(), steps))
        refuses_cleanly(lambda: TABLE_LOADERS[name](path), NationalDataError, name)


def manifest_text(sha: str = "") -> bytes:
    row = dict.fromkeys(MANIFEST_COLUMNS, "") | {
        "file": "MHSDS Data_AprPrf_2023.csv",
        "dataset": "MHSDS",
        "period": "2023-04",
        "sha256": sha,
    }
    return (",".join(MANIFEST_COLUMNS) + "\n" + ",".join(row[c] for c in MANIFEST_COLUMNS) + "\n").encode()


@SETTINGS
@given(steps=damages, damage_manifest=st.booleans(), with_checksum=st.booleans())
def test_the_raw_folder_validate_reads_refuses_damage_with_its_own_error(steps, damage_manifest, with_checksum):
    """What `validate` and builds read from data/raw/: the manifest and the files it lists."""
    import hashlib

    name = "MHSDS Data_AprPrf_2023.csv"
    data = (FIXTURES / name).read_bytes()
    manifest = manifest_text(hashlib.sha256(data).hexdigest() if with_checksum else "")
    with tempfile.TemporaryDirectory() as folder:
        raw = Path(folder)
        (raw / name).write_bytes(data if damage_manifest else damaged(data, steps))
        (raw / "manifest.csv").write_bytes(damaged(manifest, steps) if damage_manifest else manifest)
        refuses_cleanly(lambda: read_manifest(raw / "manifest.csv"), NationalDataError, "manifest.csv")
        try:
            build_indicators(raw)
        except NationalDataError as err:
            assert all(line.split(",", 1)[0] in {name, "manifest.csv"} for line in str(err).splitlines())


@pytest.mark.parametrize("table", sorted(SPECS))
@SETTINGS
@given(steps=damages)
def test_every_evidence_table_reader_reports_damage_as_problems(table, steps):
    """Each evidence table as `validate` first reads it (the cross-table checks then see only valid frames)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{table}.csv"
        path.write_bytes(damaged((EVIDENCE / f"{table}.csv").read_bytes(), steps))
        frame, problems = read_table(path, SPECS[table], f"data/evidence/{table}.csv")
        assert (frame is None) == bool(problems)
        assert all(str(p).startswith(f"data/evidence/{table}.csv") and "\n" not in str(p) for p in problems)


@settings(max_examples=5, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(table=st.sampled_from(["cycles", "ratings", "evidence"]), steps=damages)
def test_the_evidence_folder_validate_reads_refuses_damage_with_its_own_error(table, steps):
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "evidence"
        shutil.copytree(EVIDENCE, copy)
        path = copy / f"{table}.csv"
        path.write_bytes(damaged(path.read_bytes(), steps))
        refuses_cleanly(lambda: evidence.load(copy), EvidenceError, "evidence/")  # another table may be named
