"""The report's content as data: recommendations, themes, cycles, ratings and evidence.

`load()` reads and validates every table in data/evidence/ and returns them together;
any problem stops the load with every problem listed (file, line, column, what to fix).
"""

from rssreview.evidence.load import EvidenceTables, load
from rssreview.evidence.problems import EvidenceError, Problem
from rssreview.evidence.vocabulary import IMPACTS, KINDS, STATUSES

__all__ = ["EvidenceError", "EvidenceTables", "IMPACTS", "KINDS", "Problem", "STATUSES", "load"]
