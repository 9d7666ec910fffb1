"""Publishing a build: the manifest of inputs, and the atomic swap of the output folder.

A build renders into a staging folder beside the output. Only when everything has
succeeded is the old output moved aside and the new one moved in (two renames on the
same file system); the old one is then deleted. A build killed at any point leaves
the last good output in place, or (in the instant between the renames) beside it as
`<output>.previous`, which the next build puts back first.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import shutil
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path

from rssreview import inputs
from rssreview.book.render.assets import of_other_cycle
from rssreview.paths import BUILD, ROOT
from rssreview.present import datapackage

MANIFEST_PACKAGES = (
    "pandas",
    "numpy",
    "pyarrow",
    "altair",
    "vl-convert-python",
    "pandera",
    "nbclient",
    "nbformat",
    "ipykernel",
    "pypandoc-binary",
    "typst",
    "gptables",
    "rssreview",
)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def input_files() -> list[Path]:
    """Every file the publication is built from, as the register of inputs lists them (rssreview.inputs).

    The npm packages' own files are left out: package-lock.json, which pins them, is listed.
    """
    return inputs.files(*(g for g in inputs.groups() if g != "vendor"))


def package_versions() -> dict[str, str | None]:
    """The installed version of every package the output depends on (None if missing)."""
    versions: dict[str, str | None] = {}
    for name in MANIFEST_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def of_cycle(path: Path, cycle_id: str) -> bool:
    """False for a file in another cycle's folder (figures/2021-12/ for the 2022-03 edition), as the site's
    resources are chosen (`assets.of_other_cycle`). An edition is made from its own figures (the latest takes in
    the earlier editions through their render keys), and another cycle's are rewritten by that cycle's build at
    another moment: listed or keyed here, they would make an edition's record depend on the order of the builds,
    and a cached edition differ from a fresh one."""
    return not of_other_cycle(project_path(path), cycle_id)


def manifest(cycle_id: str, renderer: str) -> dict:
    """What went into a build: inputs with checksums and the versions of the packages used."""
    return {
        "cycle": cycle_id,
        "renderer": renderer,
        "inputs": [{"path": project_path(p), "sha256": sha256(p)} for p in input_files() if of_cycle(p, cycle_id)],
        "packages": package_versions(),
    }


def render_key(cycle_id: str, renderer: str, draft: bool, notebooks: list[Path], edition: str = "") -> str:
    """A hash of everything the rendered output depends on, so an unchanged book is not rendered again.

    Paths enter the hash relative to the project (and scratch notebooks relative to _build/), never
    absolute, so the same commit gives the same key, and the same build-manifest.json, in any folder.
    The installed versions (pandoc and Typst come from pypandoc-binary and typst) and requirements.lock
    are included, so an upgrade renders again. `edition` is the date the title pages print (it comes from
    outside the files: the commit built, or SOURCE_DATE_EPOCH), so a new date renders again.
    """
    versions = json.dumps(package_versions(), sort_keys=True)
    digest = hashlib.sha256(f"{cycle_id}|{renderer}|{draft}|{edition}|{versions}".encode())
    # Every keyed input but the committed notebooks, whose executed copies (`notebooks`) are rendered instead.
    # The workbook and the CSV zip are made from data/ and figures/ during the render, so those stand in for them;
    # package-lock.json pins the Easy Read pictures and the Easy Read PDF's font.
    # The download CSVs are left out: the render writes them from the tables (which are in), after this key is
    # taken, so with them in, the build after any change to a table would render everything again.
    for path in [*notebooks, *inputs.files(*inputs.keyed("notebooks"))]:
        if path.exists() and of_cycle(path, cycle_id) and not datapackage.is_download_csv(path):
            digest.update(project_path(path).encode() + b"\0" + sha256(path).encode())
    return digest.hexdigest()


def project_path(path: Path) -> str:
    """A path as it is named in a build's key and manifest: relative to the project when inside it."""
    resolved = Path(path).resolve()
    root = ROOT.resolve()
    return resolved.relative_to(root).as_posix() if resolved.is_relative_to(root) else resolved.name


def is_current(output: Path, key: str) -> bool:
    """Whether `output` was rendered from exactly these inputs."""
    path = output / "build-manifest.json"
    if not path.exists():
        return False
    try:
        return json.loads(path.read_text(encoding="utf-8")).get("render_key") == key
    except json.JSONDecodeError:
        return False


def write_manifest(folder: Path, cycle_id: str, renderer: str, key: str = "") -> Path:
    path = folder / "build-manifest.json"
    data = {**manifest(cycle_id, renderer), "render_key": key}
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path


def recover(output: Path) -> None:
    """Put back the last good output if a build was killed between the two renames."""
    previous = output.with_name(output.name + ".previous")
    if previous.exists() and not output.exists():
        previous.rename(output)
    elif previous.exists():
        shutil.rmtree(previous)


@contextmanager
def staging(output: Path):
    """Yield an empty staging folder; swap it in for `output` only if the block succeeds.

    Two renders of the same output (a build and a preview, or two terminals) take turns: each holds a
    lock on its staging folder until its output is swapped in, so neither deletes the other's pages.
    """
    BUILD.mkdir(parents=True, exist_ok=True)
    stage = BUILD / f"staging-{output.name}"
    with open(BUILD / f"staging-{output.name}.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, also if the process is killed
        recover(output)
        if stage.exists():
            shutil.rmtree(stage)
        stage.mkdir(parents=True)
        try:
            yield stage
        except BaseException:
            shutil.rmtree(stage, ignore_errors=True)
            raise
        swap(stage, output)


def swap(stage: Path, output: Path) -> None:
    previous = output.with_name(output.name + ".previous")
    if output.exists():
        output.rename(previous)
    stage.rename(output)
    if previous.exists():
        shutil.rmtree(previous)
