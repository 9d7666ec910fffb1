"""Reproducible build of the CQC restraint, segregation and seclusion review progress report.

The package holds every piece of logic; the chapter notebooks only call it.
"""

__version__ = "0.1.0"
