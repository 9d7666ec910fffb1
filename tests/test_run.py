"""The run object is resolved once: explicit choices win over the environment a parent process set."""

from __future__ import annotations

import pytest

from rssreview import config, run
from rssreview.paths import BOOK


def test_an_explicit_cycle_wins_over_the_environment():
    env = {config.CYCLE_ENV: "2021-12", config.DRAFT_ENV: "1"}
    assert config.requested("2022-03", environ=env) == config.Request("2022-03", True)
    assert config.requested(None, environ=env) == config.Request("2021-12", True)
    assert config.requested(None, environ={}) == config.Request(None, False)


def test_a_child_process_gets_the_cycle_and_only_a_true_draft_flag():
    env = config.child_environment("2021-12", False, environ={config.DRAFT_ENV: "1", "PATH": "/bin"})
    assert env == {config.CYCLE_ENV: "2021-12", "PATH": "/bin"}
    assert config.child_environment("2022-03", True, environ={})[config.DRAFT_ENV] == "1"


def test_resolve_names_the_output_and_renderer(monkeypatch):
    monkeypatch.delenv(config.CYCLE_ENV, raising=False)
    latest = run.resolve(builtin=True)
    assert latest.cycle == latest.tables.latest_cycle() and latest.latest
    assert latest.output == BOOK and latest.renderer == run.BUILTIN and latest.quarto is None
    earlier = run.resolve("2021-12", builtin=True, tables=latest.tables)
    assert earlier.output == BOOK.with_name("_book-2021-12") and not earlier.latest
    assert earlier.environment()[config.CYCLE_ENV] == "2021-12"


def test_an_unknown_cycle_is_refused_naming_the_known_ones():
    with pytest.raises(ValueError, match=r"Unknown cycle '2030-01': data/evidence/cycles.csv has 2021-12, 2022-03"):
        run.resolve("2030-01", builtin=True)


def test_a_notebook_reads_the_cycle_its_build_handed_it(monkeypatch):
    monkeypatch.setenv(config.CYCLE_ENV, "2021-12")
    assert run.cycle_id(None) == "2021-12"
    assert run.cycle_id("2022-03") == "2022-03"
