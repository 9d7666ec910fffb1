"""The guard's measured recall: every form of personal data in the corpus caught, no public look-alike refused.

`make test` prints the recall and the false-alarm rate at the end (tests/conftest.py).
"""

from __future__ import annotations

import corpus
import pytest
from corpus import PERSONAL, PUBLIC, measure

from rssreview import privacy


@pytest.fixture(scope="module")
def allowed():
    return corpus.allowed()


def test_the_corpus_covers_every_kind_and_the_forms_of_issue_22():
    assert {kind for _, kind in PERSONAL} == set(privacy.KINDS)
    assert len(PERSONAL) >= 79 and len(PUBLIC) >= 30
    assert len({text for text, _ in PERSONAL}) == len(PERSONAL)


@pytest.mark.parametrize(("text", "kind"), PERSONAL)
def test_every_form_is_caught_and_masked(text, kind, allowed):
    found = privacy.scan_text(text, where="corpus", allowed=allowed)
    assert kind in [f.kind for f in found], found
    for finding in found:  # the datum is never printed whole: its last four letters or digits are masked
        datum = finding.snippet.replace("*", "")
        assert len(datum) < len(finding.snippet), finding


@pytest.mark.parametrize("text", PUBLIC)
def test_public_look_alikes_pass(text, allowed):
    assert privacy.scan_text(text, where="corpus", allowed=allowed) == []


def test_recall_is_complete_and_there_are_no_false_alarms():
    result = measure()
    assert (result.missed, result.alarms) == ([], [])
    assert result.recall == 1.0 and result.false_alarm_rate == 0.0
    assert "recall 100.0%" in result.summary() and "false alarms 0.0%" in result.summary()
