"""environment.yml (conda, with Quarto) and pyproject.toml (pip) must pin the same packages."""

from __future__ import annotations

import tomllib

import yaml

from rssreview.paths import ROOT


def _pins(lines) -> dict[str, str]:
    pins = {}
    for line in lines:
        if "==" in line:
            name, version = line.split("==", 1)
            pins[name.strip().lower()] = version.strip()
    return pins


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = _pins(project["dependencies"] + project["optional-dependencies"]["dev"])
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    assert _pins(pip_section) == wanted
    assert any(str(d).startswith("quarto") for d in env["dependencies"]), "environment.yml must bring Quarto"


def test_lock_pins_the_same_versions():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = _pins(project["dependencies"] + project["optional-dependencies"]["dev"])
    lines = [
        line.split(" ")[0]
        for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith((" ", "#"))
    ]
    locked = _pins(lines)
    for name, version in wanted.items():
        assert locked.get(name) == version, f"requirements.lock has {name}=={locked.get(name)}, pyproject {version}"
