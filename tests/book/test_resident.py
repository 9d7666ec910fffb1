"""The resident warm server: commands handed to it behave as they would in their own process."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from project import copy_project, environment

from rssreview import config
from rssreview.book import resident

pytestmark = pytest.mark.slow


def _kept(project: Path, seconds: int = 60) -> dict[str, str]:
    return {**environment(project), config.KEEP_WARM_ENV: str(seconds)}


def _python(project: Path, code: str, env: dict[str, str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=project, env=env, capture_output=True, text=True, timeout=300, **kwargs
    )


def _start_server(project: Path, env: dict[str, str]) -> None:
    """Start the project's resident server as a build would (execute.shared_kernels with keep > 0)."""
    keep = env[config.KEEP_WARM_ENV]
    started = _python(project, f"from rssreview.book import execute; execute.shared_kernels({keep})", env)
    assert started.returncode == 0, started.stderr


def _server_says(project: Path, env: dict[str, str], request: dict) -> dict | None:
    code = f"import json; from rssreview.book import resident; print(json.dumps(resident.ask({request!r})))"
    return json.loads(_python(project, code, env).stdout)


def _delegated(project: Path, env: dict[str, str], argv: list[str]) -> subprocess.CompletedProcess:
    """`argv` handed to the resident server; prints `delegated <status>` (None: it would run in-process)."""
    code = f"from rssreview.book import resident; print('delegated', resident.delegate({argv!r}))"
    return _python(project, code, env)


@pytest.fixture
def project(tmp_path: Path):
    copy = copy_project(tmp_path)
    yield copy
    _python(copy, "from rssreview.book import resident; resident.stop()", _kept(copy))


def test_a_command_handed_to_the_server_prints_and_exits_as_it_would_here(project):
    env = _kept(project)
    here = subprocess.run(
        [sys.executable, "-m", "rssreview", "validate"],
        cwd=project,
        env={**env, config.KEEP_WARM_ENV: "0"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert _delegated(project, env, ["validate"]).stdout.strip() == "delegated None", "no server yet: run here"
    _start_server(project, env)
    there = _delegated(project, env, ["validate"])
    assert there.stdout.splitlines()[-1] == "delegated 0"
    assert there.stdout.splitlines()[:-1] == here.stdout.splitlines() and here.returncode == 0
    refused = _delegated(project, env, ["build", "--builtin", "--cycle", "1999-01"])
    assert refused.stdout.splitlines()[-1] == "delegated 2"
    assert "Unknown cycle '1999-01'" in refused.stderr and "Traceback" not in refused.stderr
    # Through the command line itself: the same output, and the server is still there afterwards.
    cli = subprocess.run(
        [sys.executable, "-m", "rssreview", "validate"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert (cli.returncode, cli.stdout) == (0, here.stdout)
    assert _server_says(project, env, {"kind": "hello", "stamp": _stamp(project, env)}) == {"ok": True}


def _stamp(project: Path, env: dict[str, str]) -> str:
    return _python(project, "from rssreview.book import resident; print(resident.code_stamp())", env).stdout.strip()


def test_a_server_for_other_code_quits_and_commands_run_here(project):
    env = _kept(project)
    _start_server(project, env)
    assert _server_says(project, env, {"kind": "hello", "stamp": "other code"}) == {"stopping": True}
    assert _server_says(project, env, {"kind": "hello", "stamp": _stamp(project, env)}) is None, "it has gone"
    assert _delegated(project, env, ["validate"]).stdout.splitlines()[-1] == "delegated None"


def test_stop_stops_it_and_says_so(project):
    env = _kept(project)
    _start_server(project, env)
    # A client that asks and leaves before the answer (a build that exits at once) must not stop the server.
    gone = (
        "import json; from rssreview.book import resident; c = resident.connect(); "
        "c.sendall(json.dumps({'kind': 'hello', 'stamp': resident.code_stamp()}).encode() + b'\\n'); c.close()"
    )
    assert _python(project, gone, env).returncode == 0
    stop = [sys.executable, "-m", "rssreview", "stop"]
    first = subprocess.run(stop, cwd=project, env=env, capture_output=True, text=True, timeout=60)
    assert first.stdout.strip() == "stopped the warm kernel server kept for this project"
    second = subprocess.run(stop, cwd=project, env=env, capture_output=True, text=True, timeout=60)
    assert second.stdout.strip() == "no warm kernel server was running for this project"


def test_an_idle_server_stops_by_itself(project):
    env = _kept(project, seconds=1)
    _start_server(project, env)
    path = _python(project, "from rssreview.book import resident; print(resident.socket_path())", env).stdout.strip()
    deadline = time.monotonic() + 30
    while Path(path).exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not Path(path).exists(), "the server removes its socket when it stops"


def test_ctrl_c_stops_a_handed_over_build_at_once_and_publishes_nothing(project):
    chapter = project / "index.ipynb"
    nb = nbformat.read(chapter, as_version=4)
    running = project.parent / "chapter-running"
    nb.cells.insert(0, nbformat.v4.new_code_cell(f"open({str(running)!r}, 'w').close()\nimport time\ntime.sleep(120)"))
    nbformat.write(nb, chapter)
    before = chapter.read_bytes()
    env = _kept(project)
    _start_server(project, env)
    build = subprocess.Popen(
        [sys.executable, "-m", "rssreview", "build", "--builtin"],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while not running.exists() and time.monotonic() < deadline and build.poll() is None:
        time.sleep(0.1)
    assert running.exists(), "the sleeping chapter started"
    build.send_signal(signal.SIGINT)
    started = time.monotonic()
    _out, err = build.communicate(timeout=60)
    assert time.monotonic() - started < 20, "the sleeping chapter was stopped, not waited for"
    assert build.returncode == 130 and "interrupted; nothing published" in err
    assert chapter.read_bytes() == before and not (project / "_book").exists()


def test_the_socket_folder_must_be_this_users_alone(tmp_path, monkeypatch):
    monkeypatch.setattr(resident.tempfile, "gettempdir", lambda: str(tmp_path))
    folder = tmp_path / f"rssreview-{os.getuid()}"
    folder.mkdir(mode=0o700)
    assert resident.socket_path() is not None
    folder.chmod(0o777)  # others could plant a socket there
    assert resident.socket_path() is None
    assert resident.delegate(["validate"]) is None


def test_the_kept_seconds_come_from_the_environment_or_ci():
    assert config.keep_warm({}) == config.KEEP_WARM_DEFAULT
    assert config.keep_warm({"CI": "true"}) == 0
    assert config.keep_warm({"CI": "true", config.KEEP_WARM_ENV: "30"}) == 30
    with pytest.raises(ValueError, match="RSSREVIEW_KEEP_WARM: expected a whole number of seconds"):
        config.keep_warm({config.KEEP_WARM_ENV: "five minutes"})


def test_the_code_stamp_follows_the_package_files_bytes_not_their_times(tmp_path, monkeypatch):
    from rssreview import inputs

    module = tmp_path / "src" / "rssreview" / "a.py"
    module.parent.mkdir(parents=True)
    module.write_text("x = 1\n", encoding="utf-8")
    monkeypatch.setattr(inputs, "ROOT", tmp_path)
    before = resident.code_stamp()
    os.utime(module, ns=(1, 1))
    assert resident.code_stamp() == before, "a time alone changes nothing"
    stat = module.stat()
    module.write_text("x = 2\n", encoding="utf-8")  # the same size, and the time put back
    os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert resident.code_stamp() != before
