"""Live preview: build once, serve the site on 127.0.0.1, and rebuild what an edit changes.

The preview watches notebooks/, data/, src/, _quarto.yml and index.ipynb by polling their
modification times (no extra library, works on every file system). After an edit it executes
only the chapters whose inputs changed (the execution cache decides), renders the HTML pages
(pandoc's cache means only changed chapters are converted again) and swaps them in; the open
browser page reloads itself. The workbook and the PDF follow in the background.

Pages are served with a small script added on the fly that polls /__preview__/version; the
files on disk stay exactly what a build writes. Nothing is fetched from the internet.
"""

from __future__ import annotations

import dataclasses
import http.server
import os
import shutil
import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from rssreview.book import editions, execute, pipeline
from rssreview.paths import BUILD, ROOT, display_path
from rssreview.run import Run

WATCHED = ("notebooks", "data", "src", "_quarto.yml", "index.ipynb")
SKIP = ("__pycache__", ".ipynb_checkpoints")
POLL = 0.1
VERSION_PATH = "/__preview__/version"
RELOAD_SCRIPT = (
    "<script>/* rssreview preview: reload this page when the site is rebuilt */"
    "(function(){var seen=null;function poll(){fetch('" + VERSION_PATH + "',{cache:'no-store'})"
    ".then(function(r){return r.text()}).then(function(v){if(seen===null){seen=v}else if(v!==seen){"
    "location.reload()}}).catch(function(){}).then(function(){setTimeout(poll,250)})}poll()})();</script>"
)


def snapshot(root: Path = ROOT) -> dict[str, tuple[int, int]]:
    """Modification time and size of every watched file, by project-relative path."""
    found: dict[str, tuple[int, int]] = {}
    for name in WATCHED:
        top = root / name
        paths = [top] if top.is_file() else (p for p in top.rglob("*") if p.is_file()) if top.is_dir() else []
        for path in paths:
            if any(part in SKIP for part in path.parts):
                continue
            stat = path.stat()
            found[path.relative_to(root).as_posix()] = (stat.st_mtime_ns, stat.st_size)
    return found


def changes(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> set[str]:
    """Paths added, removed or modified between two snapshots."""
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


class Site:
    """The preview's output folder and its version number, shared with the web server."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.version = f"{os.getpid()}-0"
        self.lock = threading.Lock()

    def publish(self, stage: Path) -> None:
        """Swap a freshly rendered folder in and bump the version the pages poll."""
        with self.lock:
            old = self.folder.with_name(self.folder.name + ".old")
            shutil.rmtree(old, ignore_errors=True)
            if self.folder.exists():
                self.folder.rename(old)
            stage.rename(self.folder)
            shutil.rmtree(old, ignore_errors=True)
            pid, count = self.version.split("-")
            self.version = f"{pid}-{int(count) + 1}"


def handler(site: Site) -> type[http.server.SimpleHTTPRequestHandler]:
    """A request handler serving `site`, adding the reload script to each HTML page."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(site.folder), **kwargs)

        def do_GET(self) -> None:
            if self.path == VERSION_PATH:
                return self._send(site.version.encode(), "text/plain")
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            if path.suffix == ".html" and path.is_file():
                page = path.read_text(encoding="utf-8").replace("</body>", RELOAD_SCRIPT + "</body>", 1)
                return self._send(page.encode(), "text/html; charset=utf-8")
            return super().do_GET()

        def _send(self, body: bytes, kind: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args) -> None:  # the console is for build messages
            pass

    return Handler


class Preview:
    """Builds for one cycle into _build/preview/<cycle>/site and keeps it current."""

    def __init__(self, resolve: Callable[[], Run], *, jobs: int, say: Callable[[str], None] | None = None):
        self.resolve = resolve
        self.jobs = jobs
        self.say = say or (lambda message: print(message, flush=True))
        self.run = self._resolve()
        self.folder = BUILD / "preview" / self.run.cycle
        self.site = Site(self.folder / "site")
        self.generation = 0
        execute.warm_up()  # before the first edit: the preview's own server, for as long as it runs

    def _resolve(self) -> Run:
        """The run, with the preview's own warm server (kept while it runs) rather than the resident one."""
        return dataclasses.replace(self.resolve(), keep_warm=0)

    def build(self) -> bool:
        """Execute what changed and render the HTML; False (old pages kept) if anything failed."""
        from rssreview import checks

        started = time.perf_counter()
        try:
            self.run = run = self._resolve()
            checks.check_publishable(run.tables, run.cycle, draft=True)
            runs = pipeline.execute(run, jobs=self.jobs, use_cache=True)
            stage = self.folder / "next"
            shutil.rmtree(stage, ignore_errors=True)
            # The same edition line as the built site, to each earlier edition already built (make report builds
            # them), copied in beside the pages so its links work here too.
            earlier = editions.built_earlier_runs(run)
            pipeline.render_into(run, stage, formats=("html",), editions=editions.links(run, earlier))
            editions.publish_into(stage, earlier)
        except Exception as err:  # a preview reports the problem and keeps watching
            self.say(f"preview: not updated: {' '.join(str(err).split()) or type(err).__name__}")
            return False
        self.site.publish(stage)
        executed = sum(not r.reused for r in runs)
        self.say(f"preview: updated in {time.perf_counter() - started:.1f} s ({executed} chapter(s) executed)")
        self.generation += 1
        threading.Thread(target=self._pdf_and_workbook, args=(run, self.generation), daemon=True).start()
        return True

    def _pdf_and_workbook(self, run: Run, generation: int) -> None:
        """The spreadsheet and the PDF, after the pages; dropped if a newer build has started."""
        stage = self.folder / f"pdf-{generation}"
        try:
            downloads = pipeline.write_downloads(run)
            shutil.rmtree(stage, ignore_errors=True)
            result = pipeline.render_into(run, stage, formats=("typst",))
            with self.site.lock:
                if generation == self.generation and self.site.folder.exists():
                    for made in (result.pdf, result.easy_read_pdf):
                        if made:
                            shutil.copyfile(made, self.site.folder / made.name)
                    for download in downloads:
                        target = self.site.folder / download.relative_to(ROOT)
                        target.parent.mkdir(parents=True, exist_ok=True)
                        shutil.copyfile(download, target)
        except Exception as err:
            self.say(f"preview: PDF not updated: {' '.join(str(err).split())}")
        finally:
            shutil.rmtree(stage, ignore_errors=True)

    def watch(self, stop: threading.Event) -> None:
        """Rebuild after each change until `stop` is set; restart the kernels when the package changes."""
        seen = snapshot()
        while not stop.wait(POLL):
            now = snapshot()
            changed = changes(seen, now)
            if not changed:
                continue
            self.say("preview: changed " + ", ".join(sorted(changed)[:5]) + (" …" if len(changed) > 5 else ""))
            if any(path.startswith("src/") for path in changed):
                # The preview itself runs the package (the render, the workbook, the checks) as its kernels do:
                # a fresh process is the only way to be sure it publishes what a fresh build would.
                self.say("preview: the package changed; restarting the preview")
                execute.restart_kernels()
                os.execv(sys.executable, [sys.executable, *sys.orig_argv[1:]])
            self.build()
            seen = snapshot()  # the build itself rewrites executed notebooks


def serve(preview: Preview, *, port: int, open_browser: bool) -> int:
    """Build, serve on 127.0.0.1 and watch until interrupted."""
    if not preview.build() and not preview.site.folder.exists():
        return 1
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler(preview.site))
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    preview.say(f"preview: serving {display_path(preview.site.folder)} at {url} (Ctrl+C to stop)")
    sys.stdout.flush()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    if open_browser:
        import webbrowser

        webbrowser.open(url)
    stop = threading.Event()
    try:
        preview.watch(stop)
    except KeyboardInterrupt:
        pass
    except Exception:
        traceback.print_exc()
        return 1
    finally:
        server.shutdown()
        execute.restart_kernels()
    return 0
