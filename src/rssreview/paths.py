"""Every path the project uses, found from the package's own location.

Quarto, nbclient, nbval and pytest each start kernels in a different folder,
so nothing here looks at the current directory.
"""

from __future__ import annotations

import os
from pathlib import Path


def _find_root() -> Path:
    override = os.environ.get("RSSREVIEW_ROOT")
    if override:
        return Path(override).resolve()
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "_quarto.yml").exists() and (parent / "data").is_dir():
            return parent
    raise RuntimeError(
        f"Cannot find the project root (a folder with _quarto.yml and data/) above {here}; "
        "install the package in editable mode from the project folder (pip install -e .)"
    )


ROOT = _find_root()
DATA = ROOT / "data"
EVIDENCE = DATA / "evidence"
NATIONAL = DATA / "national"
RAW = DATA / "raw"
FIGURES = ROOT / "figures"
NOTEBOOKS = ROOT / "notebooks"
QUARTO_YML = ROOT / "_quarto.yml"
# Installed by npm from package.json (see `make`): the Easy Read pictures and the sans-serif type of its PDF.
NODE_MODULES = ROOT / "node_modules"
EASY_READ_PICTURES = NODE_MODULES / "@tabler" / "icons" / "icons" / "outline"
EASY_READ_FONTS = NODE_MODULES / "dejavu-fonts-ttf" / "ttf"
RELEASE = DATA / "release.yml"


CACHE = ROOT / ".cache"
BUILD = ROOT / "_build"
BOOK = ROOT / "_book"


def display_path(path: Path) -> str:
    """A path as the user knows it: relative to the project where possible."""
    path = Path(path)
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.as_posix()
