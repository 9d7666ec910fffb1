"""Warm equals cold equals --no-cache: after each of a seeded random sequence of edits, the three builds agree.

Three scratch copies of the project (tests/differential/modes.py says why three, and what each is) receive
the same edit, byte for byte (edits.py); then each builds, and `rssreview validate` runs in each. The three
`_book/` folders must hold the same files with the same bytes, and every command must end with the same exit
status and the same messages (with timings, the copy's folder and the chapters' cache state taken out).

The sequence starts with the edits that issue 21 found publishing stale pages (MUST), then draws the rest
at random. RSSREVIEW_DIFF_SEED and RSSREVIEW_DIFF_STEPS choose the seed and the number of steps (a break's
mend is a step of its own); `make test` runs the defaults, `make differential STEPS=200` a long sequence.
A failure names the step, the edit that caused it and the differences, and how to run that sequence again.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from differences import answer_differences, book_differences
from edits import Edit, Editor
from modes import Answer, Mode, copies, first_copy

pytestmark = pytest.mark.slow

SEED_ENV, STEPS_ENV = "RSSREVIEW_DIFF_SEED", "RSSREVIEW_DIFF_STEPS"
DEFAULT_SEED = 21
#: The edits issue 21 found publishing stale output, first in every sequence (a break's mend follows it).
#: Step 0 places and records the issue's raw AT file in the copy the others are made from, so the first build
#: (which every cache starts from) shows its 9,999 people; then, with the warm server running, a measures row
#: another table uses is removed and measures.csv re-encoded as UTF-16 (each mended); the raw file's column is
#: mapped to another measure; and a module is edited keeping its size and modification time.
MUST = ("raw-add-issue", "break-required-row", "break-encoding-measures", "at-map-inpatients", "module-same-size")
#: Steps in `make test`: the four edits after step 0 and the two mends (three whole builds in all).
DEFAULT_STEPS = len(MUST) - 1 + 2
REFERENCE = "no-cache"


def settings() -> tuple[int, int]:
    """The seed and the number of steps, from the environment (a clear failure if either is not a number)."""
    values = []
    for name, default in ((SEED_ENV, DEFAULT_SEED), (STEPS_ENV, DEFAULT_STEPS)):
        text = os.environ.get(name, "").strip()
        if text and not text.isdigit():
            pytest.fail(f"{name}: expected a whole number, found {text!r}")
        values.append(int(text) if text else default)
    return values[0], values[1]


def touches_settings_or_data(edit: Edit) -> bool:
    """Whether `rssreview validate` has something new to say after the edit (its tables or settings)."""
    return any(name.startswith("data/") or name == "_quarto.yml" for name in edit.files)


class Reference:
    """The no-cache copy's answers, each re-used for a state of its files already seen.

    A --no-cache build executes and renders everything, so what it publishes depends only on the files it
    is built from: a mend that puts back the files of an earlier step gets that step's answer and book again
    (kept aside under memo/), not another whole build; so does `validate`. A refused build publishes nothing
    and leaves the book as it was, so only a published one is kept. The state leaves out the build's
    own outputs (_book, _build, .cache and figures/, which every --no-cache build writes afresh). The first
    build (cold, from an empty cache: a build without a cache) is the answer for the copies as made.
    """

    def __init__(self, mode: Mode, memo: Path, first: Answer):
        self.mode, self.memo = mode, memo
        self.seen: dict[tuple[str, str], Answer] = {}
        self.keep(self.state(), "build", first)

    def state(self) -> str:
        digest = hashlib.sha256()
        for path in sorted(self.mode.project.rglob("*")):
            parts = path.relative_to(self.mode.project).parts
            if path.is_file() and not OUTPUTS & set(parts):
                digest.update("/".join(parts).encode() + b"\0" + path.read_bytes() + b"\0")
        return digest.hexdigest()

    def keep(self, state: str, command: str, answer: Answer) -> None:
        self.seen[(state, command)] = answer
        if command == "build" and answer.code == 0 and not (self.memo / state).exists():
            shutil.copytree(self.mode.book, self.memo / state)

    def answers(self, validate: bool) -> list[Answer]:
        state = self.state()
        out = []
        for command in ("validate", "build") if validate else ("build",):
            answer = self.seen.get((state, command))
            if answer is None:
                answer = self.mode.run("validate") if command == "validate" else self.mode.build()
                self.keep(state, command, answer)
            elif command == "build" and answer.code == 0:  # the book that state published (a refusal leaves it)
                shutil.rmtree(self.mode.book, ignore_errors=True)
                shutil.copytree(self.memo / state, self.mode.book)
            out.append(answer)
        return out


#: What a reference state leaves out: the outputs a --no-cache build writes afresh, and installed packages.
OUTPUTS = {"_book", "_build", ".cache", "figures", "__pycache__", "node_modules"}


def build_all(modes: list[Mode], reference: Reference, validate: bool) -> dict[str, list[Answer]]:
    """Validate (if asked) then build in every copy; the copies at once, each copy's commands in order."""

    def one(mode: Mode) -> list[Answer]:
        if mode is reference.mode:
            return reference.answers(validate)
        return [*([mode.run("validate")] if validate else []), mode.build()]

    with ThreadPoolExecutor(len(modes)) as pool:
        return dict(zip((m.name for m in modes), pool.map(one, modes), strict=True))


def apply_everywhere(edit: Edit, modes: list[Mode]) -> str:
    """Write the edit into every copy and run its commands there; how their answers to the commands differ."""
    for mode in modes:
        edit.apply(mode.project)
    out = []
    for command in edit.commands:
        answers = {m.name: m.run(*command) for m in modes}
        out.append(answer_differences(answers, REFERENCE))
    return "".join(out)


def differences(modes: list[Mode], answers: dict[str, list[Answer]]) -> str:
    """'' if the builds agree with the reference's; else what differs, the books first."""
    by_name = {m.name: m for m in modes}
    out = [
        book_differences(by_name[REFERENCE].book, by_name[name].book, REFERENCE, name)
        for name in answers
        if name != REFERENCE
    ]
    for index in range(len(answers[REFERENCE])):
        out.append(answer_differences({name: answers[name][index] for name in answers}, REFERENCE))
    return "".join(out)


def test_warm_cold_and_no_cache_builds_agree(tmp_path: Path):
    seed, steps = settings()
    print(f"\ndifferential test: seed {seed}, {steps} steps ({SEED_ENV}={seed} {STEPS_ENV}={steps} to repeat)")
    started = time.perf_counter()
    cold = first_copy(tmp_path)
    editor = Editor(cold.project, random.Random(seed), MUST)
    setup = editor.next()
    setup.apply(cold.project)
    for command in setup.commands:
        answer = cold.run(*command)
        assert answer.code == 0, f"step 0: {setup.description}: `{answer.command}` failed:\n{answer.raw}"
    modes, first = copies(cold, tmp_path)
    warm, cold, no_cache = modes
    reference = Reference(no_cache, tmp_path / "memo", first)
    editor.project = no_cache.project
    failures = []
    try:
        assert first.code == 0, f"the first build failed:\n{first.raw[-4000:]}"
        # Step 0: the warm copy's first build (which starts its server) against the first, cache-less, build.
        found = differences([warm, no_cache], {"warm": [warm.build()], REFERENCE: [first]})
        verdict = "DIFFERENT" if found else "the same"
        print(f"step 0: {setup.description}; the first build [{verdict}; {time.perf_counter() - started:.0f} s]")
        if found:
            print(found)
            failures.append(f"step 0 ({setup.description}; the warm copy's first build):\n{found}")
        for step in range(1, steps + 1):
            started = time.perf_counter()
            edit = editor.next()
            found = apply_everywhere(edit, modes)
            answers = build_all(modes, reference, validate=touches_settings_or_data(edit))
            found += differences(modes, answers)
            codes = "/".join(str(answers[m.name][-1].code) for m in modes)
            verdict = "DIFFERENT" if found else "the same"
            print(
                f"step {step}: {edit.description} [exit {codes} warm/cold/no-cache; {verdict}; "
                f"{time.perf_counter() - started:.0f} s]"
            )
            if found:  # shown at once too, so a long run stopped early still says what it found
                print(found)
                failures.append(f"step {step}: {edit.description}\n{found}")
    finally:
        for mode in modes:
            mode.stop()
    assert not failures, (
        f"warm, cold and --no-cache builds differ in {len(failures)} step(s) (seed {seed}, {steps} steps; "
        f"repeat with make differential SEED={seed} STEPS={steps}):\n" + "\n".join(failures)
    )
