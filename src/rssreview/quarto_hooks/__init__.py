"""Quarto's pre-render and post-render steps, run by `quarto render` with QUARTO_PYTHON (see _quarto.yml)."""
