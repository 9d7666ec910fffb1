"""The report's content as data: recommendations, themes, cycles, ratings and evidence.

`load()` reads and validates every table in data/evidence/ and returns them together;
any problem stops the load with every problem listed (file, row, column, what was expected and found).
"""

from rssreview.evidence.load import EvidenceTables, digest, load
from rssreview.evidence.problems import EvidenceError
from rssreview.evidence.vocabulary import IMPACTS, KINDS, STATUSES

__all__ = ["EvidenceError", "EvidenceTables", "IMPACTS", "KINDS", "STATUSES", "digest", "load"]
