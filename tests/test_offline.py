"""Nothing needs the network: ingest, search, export and the reader run with Internet sockets blocked.

Asyncio's own self-pipe uses a Unix socket pair, which stays allowed; any attempt to resolve a name or to
connect or send over IP is recorded and refused, and the test fails if there was one.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefings.ingest import sample_paths
from briefings.library import Library
from cli.main import main
from tui.app import BriefingApp

_LOCAL_FAMILIES = {getattr(socket, "AF_UNIX", None)}


@pytest.fixture
def attempts(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    seen: list[str] = []

    def refuse(what: str):
        def blocked(*args, **kwargs):
            seen.append(f"{what}{args[1:] if args and isinstance(args[0], socket.socket) else args}")
            raise OSError(f"network blocked by test: {what}")

        return blocked

    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def guarded(real, what):
        def call(self: socket.socket, *args, **kwargs):
            if self.family in _LOCAL_FAMILIES:
                return real(self, *args, **kwargs)
            return refuse(what)(self, *args, **kwargs)

        return call

    monkeypatch.setattr(socket.socket, "connect", guarded(real_connect, "connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", guarded(real_connect_ex, "connect_ex"))
    monkeypatch.setattr(socket.socket, "sendto", guarded(socket.socket.sendto, "sendto"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    monkeypatch.setattr(socket, "gethostbyname", refuse("gethostbyname"))
    yield seen


def test_the_guard_really_blocks(attempts: list[str]) -> None:
    with pytest.raises(OSError, match="network blocked"):
        socket.create_connection(("192.0.2.1", 80), timeout=0.1)
    assert attempts
    attempts.clear()


def test_ingest_search_export_and_reader_make_no_connection(
    attempts: list[str], tmp_path: Path, seeds_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    library_root = tmp_path / "library"
    html = tmp_path / "page.html"
    html.write_text(
        "<html><head><title>Port reopens</title></head><body><article><h1>Port reopens</h1>"
        "<p>The harbour reopened on Tuesday after a two-day closure, officials said.</p>"
        "<p>Shipping lines expect delays to ease by the weekend.</p></article></body></html>"
    )
    paths = [*map(str, sample_paths()), str(seeds_dir), str(html)]
    assert main(["--library", str(library_root), "ingest", "--quiet", *paths]) == 0
    assert main(["--library", str(library_root), "search", "--json", "lavrov"]) == 0
    assert main(["--library", str(library_root), "list", "--json"]) == 0
    capsys.readouterr()

    async def drive() -> None:
        with Library(library_root) as library:
            app = BriefingApp(library)
            async with app.run_test(size=(120, 32)) as pilot:
                await app.workers.wait_for_complete()
                await pilot.press("enter")
                await pilot.press("slash", *"troops", "enter")
                await app.workers.wait_for_complete()
                await pilot.pause()
                await pilot.press("q")

    import asyncio

    asyncio.run(drive())
    assert attempts == []
