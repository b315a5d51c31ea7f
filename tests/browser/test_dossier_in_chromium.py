"""The exported dossier page in a real browser: Debian's headless Chromium renders it to a DOM and to PDF.

Every card, note, citation number and source URL must be in what the browser built; no script element
or event handler may come out of the article text; and no request may leave the page, which a local
HTTP server proves: the page's text and sources point at it, and it must hear nothing. The same server
does hear a control page that loads from it, so the check can fail.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from briefings.ingest import sample_paths
from cli.main import main

SAMPLE_PAPERS = "runoff-looms:papers"
SAMPLE_SUMMARY = "india-eases-rice:1"
pytestmark = pytest.mark.slow

PASSAGE = "the centre will have to choose sides quickly"
NOTE = "The centre's choice decides the runoff; watch the cabinet offers"


@pytest.fixture(scope="module")
def chromium() -> str:
    found = shutil.which("chromium")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: .ci/run installs it (apt-get install chromium)")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return found


class Listener(ThreadingHTTPServer):
    """Records every path asked of it: the page must not ask anything."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        super().__init__(("127.0.0.1", 0), _Recorder)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Recorder(BaseHTTPRequestHandler):
    server: Listener

    def do_GET(self) -> None:
        self.server.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/gif")
        self.end_headers()
        self.wfile.write(b"GIF89a")

    def log_message(self, *args: object) -> None:
        """Quiet: the test reads `requests`."""


@pytest.fixture
def listener() -> Iterator[Listener]:
    server = Listener()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def browse(chromium: str, page: Path, profile: Path, *options: str) -> str:
    done = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                           f"--user-data-dir={profile}", *options, page.as_uri()],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


class Dom(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    @property
    def words(self) -> str:
        return " ".join("".join(self.text).split())


def hostile_briefing(folder: Path, server: str) -> Path:
    path = folder / "hostile.md"
    path.write_text(
        "---\ntitle: Harbour <script>alert(1)</script> fees\ndate: 2025-07-01\n---\n\n## What happened\n\n"
        f'Fees rose <img src="{server}/card.gif" onerror="alert(1)"> at three ports [1]. A '
        f'[link](javascript:alert(2)) and <script>fetch("{server}/script")</script> too [2]. '
        f"![chart]({server}/chart.png)\n\n## References\n\n"
        f"[1] A. Writer (2025-06-30). Fees up again. Harbour Gazette. {server}/source-one\n"
        "[2] Leaflet. javascript:alert(3)\n", encoding="utf-8")
    return path


def run(library: Path, *args: str) -> None:
    assert main(["--library", str(library), *args]) == 0


@pytest.fixture
def exported(tmp_path: Path, listener: Listener) -> Path:
    """The CLI flow an analyst follows: two cards from two briefings and a hostile one, a note on a passage
    of "What the papers say", the dossier exported as HTML."""
    library = tmp_path / "library"
    run(library, "ingest", *map(str, sample_paths()), str(hostile_briefing(tmp_path, listener.url)))
    run(library, "note", "add", SAMPLE_PAPERS, NOTE, "--quote", PASSAGE, "--tag", "chile", "--grade", "high")
    run(library, "dossier", "add", "Watch list", SAMPLE_PAPERS, SAMPLE_SUMMARY, "harbour-script:1")
    page = tmp_path / "dossier.html"
    run(library, "dossier", "export", "Watch list", "--format", "html", "-o", str(page))
    return page


def test_the_page_shows_every_card_note_and_citation_and_asks_nothing_of_the_network(
        chromium: str, exported: Path, listener: Listener, tmp_path: Path) -> None:
    dom = Dom(browse(chromium, exported, tmp_path / "profile", "--dump-dom"))
    words = dom.words
    assert "El Mercurio's Ana Valdés writes that the result rewards candidates" in words  # card 1
    assert "La Tercera" in words and "Ana Valdés" in words  # outlets and the journalist
    assert "India has lifted most of the limits it placed on exports" in words  # card 2, another briefing
    assert NOTE in words and PASSAGE in words and "grade: high" in words
    assert "Fees rose" in words and "at three ports [1]" in words and "too [2]" in words
    assert f"{listener.url}/source-one" in words and "javascript:alert(3)" in words
    links = [attrs.get("href") or "" for tag, attrs in dom.elements if tag == "a"]
    assert f"{listener.url}/source-one" in links and "#source-1" in links and "#source-2" in links
    assert all(href.startswith(("#", "http://", "https://")) for href in links)
    assert '<script>fetch("' in words and 'onerror="alert(1)"' in words  # shown as text
    assert not [tag for tag, _ in dom.elements if tag in ("script", "img", "iframe", "object", "embed")]
    assert not [attrs for _, attrs in dom.elements if any(name.startswith("on") for name in attrs)]
    pdf = tmp_path / "dossier.pdf"
    browse(chromium, exported, tmp_path / "profile-pdf", f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 5_000
    assert listener.requests == []


def test_the_listener_hears_a_page_that_does_load_from_it(chromium: str, listener: Listener,
                                                          tmp_path: Path) -> None:
    """The control: without our escaping the same browser asks the server, so silence means something."""
    page = tmp_path / "control.html"
    page.write_text(f'<!DOCTYPE html><p>control</p><img src="{listener.url}/control.gif">', encoding="utf-8")
    browse(chromium, page, tmp_path / "profile", "--dump-dom")
    assert listener.requests == ["/control.gif"]


def test_the_content_security_policy_stops_a_load_that_slipped_through(
        chromium: str, listener: Listener, exported: Path, tmp_path: Path) -> None:
    """Were the escaping ever to miss something, the page's own policy still forbids the load."""
    page = tmp_path / "slipped.html"
    html = exported.read_text(encoding="utf-8")
    slipped = f'<img src="{listener.url}/slipped.gif"><script>fetch("{listener.url}/fetched")</script>'
    page.write_text(html.replace("</main>", f"{slipped}</main>"), encoding="utf-8")
    browse(chromium, page, tmp_path / "profile", "--dump-dom")
    assert listener.requests == []
