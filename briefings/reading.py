"""Reading an input file as text without trusting it: bounded size, no special files, no binaries.

A `.gz` file is decompressed as it is read, and the size limit applies to the decompressed text,
so a small compression bomb is refused after reading at most the limit.
"""

from __future__ import annotations

import gzip
import io
import os
import re
import stat
import zlib
from dataclasses import dataclass
from pathlib import Path

from briefings.errors import InputError

DEFAULT_MAX_BYTES = 5_000_000
MAX_INPUT_BYTES = 8_000_000
"""No input file is read past this, whatever `--max-bytes` asks: parsing and analysing one briefing's
text costs about 4 s and 130 MB of memory per MB (a 3 MB article: 13 s, 380 MB; a 10 MB one ran for
minutes and took many GB), so this bounds what one file can cost."""
_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_NON_TEXT = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")
_MAX_NON_TEXT_SHARE = 0.1
"""Above this share of control characters a file is a binary that happens to decode, not text."""


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str
    """"utf-8", "utf-8-sig" (UTF-8 with a byte-order mark) or "cp1252"."""


def read_input(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> DecodedText:
    """`read_text` for a file to ingest: `max_bytes`, but never more than MAX_INPUT_BYTES."""
    if max_bytes <= MAX_INPUT_BYTES:
        return read_text(path, max_bytes)
    return read_text(path, MAX_INPUT_BYTES, limit_note=", the most any input file may hold")


def read_text(path: Path, max_bytes: int = DEFAULT_MAX_BYTES, *, limit_note: str = "") -> DecodedText:
    """Raises InputError naming the file when it is not a regular, non-empty, small enough text file.

    `limit_note` follows the limit in the too-large message (why the limit is what it is).
    """
    limit = f"the limit is {format_size(max_bytes)}{limit_note}"
    data = _read_bytes(path, max_bytes, limit)
    if path.name.lower().endswith(".gz"):
        data = _gunzip(data, path.name, max_bytes, limit)
    if not data.strip():
        raise InputError(f"{path.name}: file is empty")
    if data.startswith(_UTF16_BOMS):
        raise InputError(f"{path.name}: UTF-16 text is not supported; save it as UTF-8")
    if b"\x00" in data:
        raise InputError(f"{path.name}: binary file (contains NUL bytes)")
    decoded = _decode(data)
    if decoded is None:
        raise InputError(f"{path.name}: not text (neither UTF-8 nor cp1252)")
    if len(_NON_TEXT.findall(decoded.text)) > _MAX_NON_TEXT_SHARE * len(decoded.text):
        raise InputError(f"{path.name}: binary file (mostly control characters)")
    return decoded


def _read_bytes(path: Path, max_bytes: int, limit: str) -> bytes:
    """Opens without blocking (a FIFO would hang a plain open) and reads at most max_bytes + 1."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise InputError(f"{path.name}: cannot open ({error.strerror or error})") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise InputError(f"{path.name}: not a regular file ({_file_type(mode)})")
    with os.fdopen(fd, "rb") as handle:
        try:
            data = handle.read(max_bytes + 1)
        except OSError as error:
            raise InputError(f"{path.name}: cannot read ({error.strerror or error})") from None
        if len(data) > max_bytes:
            size = format_size(os.fstat(fd).st_size)
            raise InputError(f"{path.name}: too large ({size}; {limit})")
    return data


def _gunzip(data: bytes, name: str, max_bytes: int, limit: str) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as handle:
            text = handle.read(max_bytes + 1)
    except (OSError, EOFError, zlib.error) as error:
        raise InputError(f"{name}: not a readable gzip file ({error})") from None
    if len(text) > max_bytes:
        raise InputError(f"{name}: too large once decompressed ({limit})")
    return text


def _decode(data: bytes) -> DecodedText | None:
    candidates = ("utf-8-sig",) if data.startswith(_BOM) else ("utf-8", "cp1252")
    for encoding in candidates:
        try:
            return DecodedText(data.decode(encoding), encoding)
        except UnicodeDecodeError:
            continue
    return None


def _file_type(mode: int) -> str:
    kinds = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
             (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))
    return next((name for test, name in kinds if test(mode)), "a special file")


def format_size(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    if size >= 1_000:
        return f"{size / 1_000:.1f} kB"
    return f"{size} bytes"
