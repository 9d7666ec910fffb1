"""One hostile project, built once per test run: every attack planted in every text column of the tables and in
every text setting, and the project set up as a release (a site, a contact address and a code repository).

Three test files read the same build, because a whole build from an empty cache is the costliest thing a test
does: tests/security/test_full_build.py (attacks in the tables), tests/security/test_settings_build.py (attacks in
the settings, and a release's links) and tests/test_inputs.py (every file a build opens is registered: each of
its Python processes logs what it opens, through tests/inputs_audit/sitecustomize.py). Each file's tests are
about their own plantings, and none of the plantings stops the build, so one build serves them all. Its pages
are opened once in Chromium too (tests/a11y/dom.mjs), for both security files.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import yaml
from project import copy_project, read_rows, run_command, write_rows
from security.attacks import ATTACKS

#: Free-text columns of each table, and how many rows of each get an attack.
TEXT_COLUMNS = {
    "cycles.csv": ["title"],
    "themes.csv": ["title", "introduction"],
    # Not `topic`: the Easy Read page needs its own words for each topic (easy_read.TOPIC_WORDS), so a changed
    # topic stops the build with a one-line message by design; topics reach pages through the same choke point.
    "recommendations.csv": ["short_label", "full_implementation", "lead_organisations"],
    "ratings.csv": ["reason"],
    "evidence.csv": ["summary"],
}
ALLOWED_DETAILS = (
    "Contact CQC on 03000 616161, at enquiries@cqc.org.uk or at Citygate, Newcastle upon Tyne "
    "NE1 4PA. Staff took the Oliver McGowan training, as Dr Barnardo's staff did."
)


def plant_tables(project: Path) -> None:
    """Put the attacks, in turn, into every free-text cell; keep the tables valid."""
    counter = 0
    for name, columns in TEXT_COLUMNS.items():
        path = project / "data" / "evidence" / name
        rows = read_rows(path)
        header = rows[0]
        for row in rows[1:]:
            for column in columns:
                _, attack = ATTACKS[counter % len(ATTACKS)]
                counter += 1
                index = header.index(column)
                row[index] = f"{row[index]} {attack}"[:480]
        write_rows(path, rows)
    index = project / "index.ipynb"  # the landing page: published contacts that the guard must allow
    notebook = json.loads(index.read_text(encoding="utf-8"))
    notebook["cells"].append(
        {"cell_type": "markdown", "metadata": {}, "id": "allowed-details", "source": f"{ALLOWED_DETAILS}\n"}
    )
    index.write_text(json.dumps(notebook), encoding="utf-8")


SITE = "https://rebuild.cqc-review.org.uk/progress-report/"
EMAIL = "rebuild-team@cqc-review.org.uk"
REPOSITORY = "https://github.com/cqc-rebuild/progress-report"
#: A word far wider than a page, which must wrap in the HTML and the PDF.
LONG_WORD = "PWNED" + "w" * 1800
#: Text settings that reach the About page, each given a few attacks in turn.
TEXT_KEYS = (
    "contact.name",
    "accessibility.standard",
    "accessibility.tested",
    "revisions.change",
    "related.title",
    "related.publisher",
    "related.about",
)


def release(project: Path) -> dict:
    return yaml.safe_load((project / "data" / "release.yml").read_text(encoding="utf-8"))


def _writerelease(project: Path, raw: dict) -> None:
    (project / "data" / "release.yml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")


def publish(project: Path) -> None:
    """The scratch copy as a release: a site address, a contact address and a code repository."""
    quarto = project / "_quarto.yml"
    text = quarto.read_text(encoding="utf-8")
    quarto.write_text(text.replace('  # site-url: "https://…/"\n', f'  site-url: "{SITE}"\n'), encoding="utf-8")
    raw = release(project)
    raw["contact"]["email"] = EMAIL
    raw["repository"] = REPOSITORY
    _writerelease(project, raw)
    # the publisher's own address is published on purpose: listed for the privacy guard, as data/README.md says
    with (project / "data" / "privacy" / "published_contacts.csv").open("a", encoding="utf-8") as handle:
        handle.write(f'e-mail address,{EMAIL},"This rebuild\'s maintainers",{SITE}notebooks/about.html\n')


def plant_text(project: Path) -> list[str]:
    """Put attacks into every text setting the About page shows; the planted strings, as given."""
    raw = release(project)
    planted = []
    attacks = iter(ATTACKS * 3)
    for key in TEXT_KEYS:
        section, field = key.split(".")
        targets = raw[section] if isinstance(raw[section], list) else [raw[section]]
        for target in targets:
            _, attack = next(attacks)
            target[field] = f"{target[field]} {attack}"[:1900]
            planted.append(attack)
    extra = [attack for _, attack in ATTACKS[:12]] + [LONG_WORD]
    raw["accessibility"]["known_issues"] += extra
    planted += extra
    _writerelease(project, raw)
    return planted


#: Where the audit hook (tests/inputs_audit/sitecustomize.py) is loaded from.
AUDIT = Path(__file__).resolve().parent.parent / "inputs_audit"


def build(base: Path) -> dict[str, str]:
    """Copy, plant and build (built-in renderer, no cache, no warm server, every opened file logged).

    Returns the project's folder and the log of opened files (JSON-safe, for `_once_per_run`); fails the test that asked if the build does not succeed cleanly."""
    project = copy_project(base)
    plant_tables(project)
    publish(project)
    plant_text(project)
    log = base / "opened.log"
    audit = {
        "RSSREVIEW_OPEN_LOG": str(log),
        "RSSREVIEW_KEEP_WARM": "0",
        "PYTHONPATH": os.pathsep.join(p for p in (str(AUDIT), os.environ.get("PYTHONPATH", "")) if p),
    }
    result = run_command(project, [sys.executable, "-m", "rssreview", "build", "--builtin", "--no-cache"], 2400, audit)
    assert result.returncode == 0, f"the hostile build failed:\n{result.stdout}\n{result.stderr[-4000:]}"
    assert "Traceback" not in result.stderr
    return {"project": str(project), "log": str(log)}
