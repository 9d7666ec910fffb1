from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "national"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def write(tmp_path):
    """Write a small file (text or bytes) into a temp folder and return its path."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return path

    return _write


def published_folder() -> Path | None:
    """The real NHS files in `shared/data/nhs-published/` beside the project (CI: beside the clone; a worktree
    is one folder deeper, so every parent is tried). Read from there, never copied into the project."""
    from rssreview.paths import ROOT

    for parent in ROOT.parents:
        folder = parent / "shared" / "data" / "nhs-published"
        if (folder / "README.md").is_file():
            return folder
    return None


@pytest.fixture
def published() -> Path:
    folder = published_folder()
    if folder is None:
        pytest.skip(
            "the real NHS files are absent: expected shared/data/nhs-published/ beside the project "
            "(<project root>/../shared/data/nhs-published/)"
        )
    return folder
