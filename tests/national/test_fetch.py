import datetime as dt
import hashlib
import http.server
import threading
from functools import partial

import pytest

from rssreview.national import NationalDataError, fetch, read_manifest
from rssreview.national.manifest import MANIFEST_COLUMNS

TODAY = dt.date(2022, 3, 25)
BODY = b"a,b\n1,2\n"


@pytest.fixture
def server(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "good.csv").write_bytes(BODY)
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", site
    httpd.shutdown()
    httpd.server_close()


def manifest(folder, rows):
    path = folder / "manifest.csv"
    path.write_text("\n".join([",".join(MANIFEST_COLUMNS)] + [",".join(r) for r in rows]) + "\n")
    return path


def entry(file, url, sha=""):
    return [file, "MHSDS", "", url, "", sha, "", "", ""]


def test_download_records_checksum_and_date(tmp_path, server):
    base, _ = server
    dest = tmp_path / "raw"
    dest.mkdir()
    path = manifest(dest, [entry("good.csv", f"{base}/good.csv")])
    results = fetch(path, dest, downloaded_on=TODAY)
    sha = hashlib.sha256(BODY).hexdigest()
    assert [(r.file, r.status, r.sha256) for r in results] == [("good.csv", "downloaded", sha)]
    assert (dest / "good.csv").read_bytes() == BODY
    saved = read_manifest(path)[0]
    assert (saved.sha256, saved.downloaded_on) == (sha, "2022-03-25")
    assert [p.name for p in dest.iterdir() if p.name.startswith(".")] == []
    assert fetch(path, dest, downloaded_on=dt.date(2030, 1, 1))[0].status == "present"
    assert read_manifest(path)[0].downloaded_on == "2022-03-25"


def test_404_and_mismatch_are_reported_and_nothing_kept(tmp_path, server):
    base, _ = server
    dest = tmp_path / "raw"
    dest.mkdir()
    path = manifest(
        dest, [entry("missing.csv", f"{base}/missing.csv"), entry("good.csv", f"{base}/good.csv", "f" * 64)]
    )
    with pytest.raises(NationalDataError) as err:
        fetch(path, dest, downloaded_on=TODAY)
    lines = str(err.value).splitlines()
    assert len(lines) == 2 and "404" in lines[0] and "downloaded" in lines[1] and "not kept" in lines[1]
    assert sorted(p.name for p in dest.iterdir()) == ["manifest.csv"]


def test_existing_file_never_overwritten_silently(tmp_path, server):
    base, site = server
    dest = tmp_path / "raw"
    dest.mkdir()
    old = b"old,bytes\n"
    (dest / "good.csv").write_bytes(old)
    old_sha = hashlib.sha256(old).hexdigest()
    path = manifest(dest, [entry("good.csv", f"{base}/good.csv", hashlib.sha256(BODY).hexdigest())])
    with pytest.raises(NationalDataError, match="replace=True"):
        fetch(path, dest, downloaded_on=TODAY)
    assert (dest / "good.csv").read_bytes() == old
    result = fetch(path, dest, downloaded_on=TODAY, replace=True)[0]
    assert result.status == "replaced" and result.backup.name == f"good.csv.bak-{old_sha[:8]}"
    assert (dest / "good.csv").read_bytes() == BODY and result.backup.read_bytes() == old


def test_download_records_size_and_the_period_read_from_the_file(tmp_path, server, fixtures):
    base, site = server
    name = "MHSDS Data_AprPrf_2023.csv"
    body = (fixtures / name).read_bytes()
    (site / "main.csv").write_bytes(body)
    dest = tmp_path / "raw"
    dest.mkdir()
    path = manifest(dest, [[name, "MHSDS", "", f"{base}/main.csv", "", "", "", "", ""]])
    fetch(path, dest, downloaded_on=TODAY)
    saved = read_manifest(path)[0]
    assert (saved.sha256, saved.size, saved.period) == (hashlib.sha256(body).hexdigest(), str(len(body)), "2023-04")
