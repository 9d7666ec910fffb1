"""Files the rendered book carries besides its pages: styles, the chart loader, the Vega bundle, resources."""

from __future__ import annotations

import os
import re
import shutil
from importlib import metadata
from pathlib import Path

import vl_convert

from rssreview.book.render.errors import RenderError
from rssreview.files import write_if_changed
from rssreview.paths import CACHE

STATIC = Path(__file__).resolve().parent.parent / "static"
VEGA_BUNDLE = Path("figures/vendor/vega-bundle.js")


def vega_bundle() -> str:
    """The bundle's text, made once per vl-convert version (making it takes about a second) and kept in .cache/."""
    cached = CACHE / f"vega-bundle-{metadata.version('vl-convert-python')}.js"
    if cached.is_file():
        return cached.read_text(encoding="utf-8")
    # The stub makes `snippet` required, but the function (and its own docstring) make it optional: without one
    # the bundle sets vegaEmbed, vegaLite and vega on `window`, which is what the chart loader needs.
    bundle = vl_convert.javascript_bundle()  # type: ignore[call-arg]
    write_if_changed(cached, bundle)
    return bundle


def write_vega_bundle(dest: Path) -> Path:
    """Write Vega, Vega-Lite and vega-embed as one local script, so charts never need a CDN.

    The write is skipped when the file already holds the same text, which keeps timestamps
    (and Quarto's change detection) quiet on repeat builds.
    """
    target = dest / VEGA_BUNDLE
    bundle = vega_bundle()
    if target.is_file() and target.read_text(encoding="utf-8") == bundle:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(bundle, encoding="utf-8")
    return target


#: Folders never searched for resources (tools' own folders; Quarto skips its own and the output too).
SKIPPED_DIRS = {".git", ".venv", ".cache", ".quarto", "_build", "node_modules", "__pycache__"}


def quarto_glob(pattern: str, root: Path) -> re.Pattern[str]:
    """A `project.resources` pattern as Quarto reads it (src/core/path.ts, resolveGlobs).

    A trailing "/" (or a literal folder) means everything inside; a leading "/" anchors the pattern at
    the project root; any other pattern gets "**/" in front, so `figures/` also matches
    `tests/fixtures/…/figures/`.
    """
    glob = re.sub(r"^\.[/\\]+", "/", pattern) if pattern.startswith("./") else pattern
    if glob.endswith("/"):
        glob += "**/*"
    elif (root / glob.lstrip("/")).is_dir():
        glob += "/**/*"
    glob = glob[1:] if glob.startswith("/") else "**/" + glob
    regex = ""
    for token in re.split(r"(\*\*/|\*\*|\*|\?)", glob):
        regex += {"**/": "(?:.*/)?", "**": ".*", "*": "[^/]*", "?": "[^/]"}.get(token, re.escape(token))
    return re.compile(regex + r"\Z")


def resource_files(root: Path, patterns: tuple[str, ...]) -> list[str]:
    """The project files (relative POSIX paths) that `project.resources` publishes, "!" patterns excluded."""
    include = [quarto_glob(p, root) for p in patterns if not p.startswith("!")]
    exclude = [quarto_glob(p[1:], root) for p in patterns if p.startswith("!")]
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS and not d.startswith("_book"))
        base = Path(folder).relative_to(root).as_posix()
        for name in sorted(files):
            relative = name if base == "." else f"{base}/{name}"
            if any(r.match(relative) for r in include) and not any(r.match(relative) for r in exclude):
                found.append(relative)
    return found


#: A folder named like a cycle id (figures/2022-03/): one cycle's files.
CYCLE_FOLDER = re.compile(r"^\d{4}-\d{2}$")


def of_other_cycle(relative: str, cycle: str | None) -> bool:
    """Whether a resource sits in another cycle's folder (figures/2022-09/ in the 2022-03 publication)."""
    return cycle is not None and any(CYCLE_FOLDER.match(part) and part != cycle for part in relative.split("/")[:-1])


def copy_resources(root: Path, resources: tuple[str, ...], out_dir: Path, cycle: str | None = None) -> None:
    """Copy `project.resources` into the site, matching files with Quarto's glob rules; with `cycle`, another
    cycle's folder is not copied, so each publication holds only its own cycle's files."""
    for relative in resource_files(root, resources):
        if of_other_cycle(relative, cycle):
            continue
        (out_dir / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(root / relative, out_dir / relative)


def project_files(root: Path, option: object, key: str) -> list[Path]:
    """The files a `format.html` option names (a path or a list of paths), each once, as Quarto includes them."""
    names = option if isinstance(option, list) else [option] if option else []
    files: list[Path] = []
    for name in names:
        path = (root / str(name)).resolve()
        if not path.is_file():
            raise RenderError(
                f"{root / '_quarto.yml'}: key 'format.html.{key}': expected a file, found nothing at {path}"
            )
        if path not in files:
            files.append(path)
    return files
