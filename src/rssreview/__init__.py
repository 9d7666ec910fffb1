"""Reproducible build of the CQC restraint, segregation and seclusion review progress report.

The package holds every piece of logic; the chapter notebooks only call it.
"""

import sys

__version__ = "0.1.0"

# Altair imports jsonschema, whose format checkers import rfc3987-syntax (installed for Jupyter's own
# schemas) if present; that module compiles about 35 Lark grammars at import, 1-3 s in every kernel
# and command. No schema used here has an `iri` format, so the package marks it absent before anything
# imports jsonschema (https://github.com/python-jsonschema/jsonschema/issues/1428).
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
