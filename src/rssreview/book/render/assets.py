"""Files the rendered book carries besides its pages: styles, the chart loader, the Vega bundle, resources."""

from __future__ import annotations

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
    bundle = vl_convert.javascript_bundle()
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


#: A folder named like a cycle id (figures/2022-03/): one cycle's files.
CYCLE_FOLDER = re.compile(r"^\d{4}-\d{2}$")


def other_cycles(cycle: str | None):
    """A copytree `ignore` leaving out the folders of cycles other than `cycle` (none left out if None)."""
    def ignore(folder: str, names: list[str]) -> set[str]:
        if cycle is None:
            return set()
        return {n for n in names if CYCLE_FOLDER.match(n) and n != cycle and (Path(folder) / n).is_dir()}
    return ignore


def copy_resources(root: Path, resources: tuple[str, ...], out_dir: Path, cycle: str | None = None) -> None:
    """Copy `project.resources` (files or folders) into the site, as Quarto does; absent ones are skipped.

    With `cycle`, another cycle's folder (e.g. figures/2022-09/ in the 2022-03 publication) is not copied,
    so each publication holds only its own cycle's files.
    """
    for resource in resources:
        source = root / resource
        if source.is_dir():
            shutil.copytree(source, out_dir / resource, dirs_exist_ok=True, ignore=other_cycles(cycle))
        elif source.is_file():
            (out_dir / resource).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, out_dir / resource)


def is_copy_of(path: Path, built_in: Path) -> bool:
    """Whether `path` is the project's copy of a built-in static file (same package path, same name)."""
    package_path = built_in.resolve().relative_to(STATIC.parent.parent.parent)  # rssreview/book/static/<name>
    return path.as_posix().endswith("/" + package_path.as_posix())


def project_files(root: Path, option: object, built_in: Path, key: str) -> list[Path]:
    """The built-in file plus any other files a `format.html` option names (a path or a list of paths)."""
    names = option if isinstance(option, list) else [option] if option else []
    files = [built_in]
    for name in names:
        path = (root / str(name)).resolve()
        if not path.is_file():
            raise RenderError(f"{root / '_quarto.yml'}: key 'format.html.{key}': expected a file, found nothing at {path}")
        # The project names the built-in file by its path in the project; with RSSREVIEW_ROOT (or an installed
        # package) that is another copy of the same file, which must not be included a second time.
        if path != built_in.resolve() and not is_copy_of(path, built_in):
            files.append(path)
    return files
