"""Reading input files: what counts as text, which encoding was used, and what is refused."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefings.errors import InputError
from briefings.reading import read_text


def test_utf8_is_read_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Zürich – café\n", encoding="utf-8")
    decoded = read_text(path)
    assert (decoded.text, decoded.encoding) == ("Zürich – café\n", "utf-8")


def test_byte_order_mark_is_dropped_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "bom.md"
    path.write_bytes(b"\xef\xbb\xbf# Title\n")
    decoded = read_text(path)
    assert (decoded.text, decoded.encoding) == ("# Title\n", "utf-8-sig")


def test_invalid_utf8_falls_back_to_cp1252(tmp_path: Path) -> None:
    path = tmp_path / "windows.txt"
    path.write_bytes("Caf\xe9 prices \x93rise\x94 again".encode("latin-1"))
    decoded = read_text(path)
    assert decoded.encoding == "cp1252"
    assert decoded.text == "Café prices “rise” again"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty"),
        (b"  \n\t\n", "empty"),
        (b"PK\x03\x04\x00\x00binary", "binary"),
        (bytes(range(1, 32)) * 20, "binary"),
        (b"\xff\xfeh\x00i\x00", "UTF-16"),
        (b"abc \x81\x8d\x8f bytes no code page has", "not text"),
    ],
)
def test_unreadable_content_is_refused_in_one_line_naming_the_file(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "input.dat"
    path.write_bytes(content)
    with pytest.raises(InputError, match=expected) as caught:
        read_text(path)
    message = str(caught.value)
    assert message.startswith("input.dat: ") and "\n" not in message


def test_file_over_the_limit_reports_size_and_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("word " * 1000, encoding="utf-8")
    with pytest.raises(InputError, match=r"big.txt: too large \(5.0 kB; the limit is 1.0 kB\)"):
        read_text(path, max_bytes=1000)
    assert read_text(path, max_bytes=5000).text.startswith("word")


def test_directory_fifo_and_missing_file_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a regular file \\(a directory\\)"):
        read_text(tmp_path)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="a FIFO"):  # and does not hang waiting for a writer
        read_text(fifo)
    with pytest.raises(InputError, match=r"missing\.txt: cannot open"):
        read_text(tmp_path / "missing.txt")
