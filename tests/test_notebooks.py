"""House rules for the chapter notebooks that every renderer relies on."""

from __future__ import annotations

import nbformat
import pytest

from rssreview.book.chapters import notebooks
from rssreview.paths import NOTEBOOKS

CHAPTERS = sorted(set(NOTEBOOKS.glob("*.ipynb")) | set(notebooks()))


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_code_is_hidden_one_way_only(path):
    """Quarto, the built-in renderer and JupyterLab all read `#| echo: false`; no tags or global switch."""
    notebook = nbformat.read(path, as_version=4)
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        assert cell.source.startswith("#| echo: false\n"), f"{path.name}: cell {index} must start with '#| echo: false'"
        assert "remove-input" not in cell.metadata.get("tags", []), f"{path.name}: cell {index} has a remove-input tag"
