"""Coverage-guided fuzzing of every input parser: only ParseError may escape `parse_all`.

    .venv/bin/python fuzz/fuzz_parsers.py -max_total_time=180      # with atheris (pip install -e .[fuzz])
    .venv/bin/python fuzz/fuzz_parsers.py --seconds 180            # without: seeded random mutation

Inputs start from the bundled samples and are cut, spliced and mutated; each is fed to the parsers
under every file name suffix, so a file claiming one format and holding another is covered. A crash
is saved under fuzz/crashes/ (atheris writes crash-* files itself); turn it into a regression test.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from briefings.errors import ParseError  # noqa: E402
from briefings.formats import parse_all  # noqa: E402
from briefings.ingest import sample_paths  # noqa: E402

NAMES = ("x.txt", "x.md", "x.yaml", "x.json", "x.html", "x.sgm", "x")
CRASHES = Path(__file__).with_name("crashes")


def check(data: bytes) -> None:
    """The property: for any bytes under any name, every item is a Briefing or a one-line ParseError."""
    if not data:
        return
    name = NAMES[data[0] % len(NAMES)]
    text = data[1:].decode("utf-8", errors="replace")
    try:
        for item in parse_all(text, name):
            if isinstance(item, ParseError):
                assert "\n" not in str(item), f"multi-line error: {item!r}"
    except ParseError as error:
        assert "\n" not in str(error), f"multi-line error: {error!r}"


def _corpus() -> list[bytes]:
    return [bytes([number]) + path.read_bytes()[:20_000] for number, path in enumerate(sample_paths())]


def _mutate(rng: random.Random, corpus: list[bytes]) -> bytes:
    data = bytearray(rng.choice(corpus))
    for _ in range(rng.randint(1, 8)):
        choice = rng.random()
        at = rng.randrange(len(data) or 1)
        if choice < 0.3:  # overwrite bytes
            data[at:at + 4] = rng.randbytes(rng.randint(1, 4))
        elif choice < 0.5:  # cut
            del data[at:at + rng.randint(1, 200)]
        elif choice < 0.8:  # splice from another input
            other = rng.choice(corpus)
            start = rng.randrange(len(other))
            data[at:at] = other[start:start + rng.randint(1, 400)]
        else:  # repeat a piece (nesting, long lines)
            data[at:at] = data[at:at + rng.randint(1, 20)] * rng.randint(2, 200)
    return bytes(data)


def run_random(seconds: float, seed: int) -> int:
    rng, corpus, runs = random.Random(seed), _corpus(), 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        data = _mutate(rng, corpus)
        runs += 1
        try:
            check(data)
        except Exception:
            CRASHES.mkdir(exist_ok=True)
            crash = CRASHES / f"crash-{seed}-{runs}"
            crash.write_bytes(data)
            print(f"crash after {runs} inputs, saved as {crash}", file=sys.stderr)
            raise
    print(f"{runs} inputs in {seconds:g} s, no crash (seed {seed})")
    return runs


def main() -> None:
    try:
        import atheris  # type: ignore[import-not-found]
    except ImportError:
        parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
        parser.add_argument("--seconds", type=float, default=60)
        parser.add_argument("--seed", type=int, default=int(time.time()))
        args = parser.parse_args()
        run_random(args.seconds, args.seed)
        return
    atheris.instrument_all()
    atheris.Setup(sys.argv, check)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
