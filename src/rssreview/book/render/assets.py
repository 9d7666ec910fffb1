"""Files the rendered book carries besides its pages: styles, the chart loader, the Vega bundle, resources."""

from __future__ import annotations

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


def copy_resources(root: Path, resources: tuple[str, ...], out_dir: Path) -> None:
    """Copy `project.resources` (files or folders) into the site, as Quarto does; absent ones are skipped."""
    for resource in resources:
        source = root / resource
        if source.is_dir():
            shutil.copytree(source, out_dir / resource, dirs_exist_ok=True)
        elif source.is_file():
            (out_dir / resource).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, out_dir / resource)


def project_files(root: Path, option: object, built_in: Path, key: str) -> list[Path]:
    """The built-in file plus any other files a `format.html` option names (a path or a list of paths)."""
    names = option if isinstance(option, list) else [option] if option else []
    files = [built_in]
    for name in names:
        path = (root / str(name)).resolve()
        if not path.is_file():
            raise RenderError(f"{root / '_quarto.yml'}: key 'format.html.{key}': expected a file, found nothing at {path}")
        if path != built_in.resolve():
            files.append(path)
    return files
