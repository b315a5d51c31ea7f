"""tests/check_assertions.py finds no test that cannot fail, and does flag the kinds it is there to catch."""

from __future__ import annotations

from tests.check_assertions import main, offences

_BAD = '''
import pytest


def test_x():
    f()


def test_y():
    assert True


def test_z():
    with open("x"):
        assert "x"


async def test_snapshot_not_compared(snap_compare):
    snap_compare(app)


def assert_nothing(value):
    print(value)
'''

_GOOD = '''
import pytest


def test_asserts():
    assert f() == 2


def test_raises():
    with pytest.raises(ValueError):
        f()


async def test_in_a_nested_block(app):
    async with app.run_test() as pilot:
        assert pilot.app.screen


def test_uses_a_shared_helper():
    assert_well_formed(f())


def test_snapshot(snap_compare):
    assert snap_compare(app)


def helper():
    f()
'''


def test_the_suite_has_no_test_that_cannot_fail(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main([]) == 0, capsys.readouterr().out


def test_tests_without_a_real_assertion_are_flagged_with_file_and_line() -> None:
    found = offences(_BAD, "tests/unit/test_bad.py")
    assert [line.split(": ", 2)[:2] for line in found] == [
        ["tests/unit/test_bad.py:5", "test_x"],
        ["tests/unit/test_bad.py:9", "test_y"],
        ["tests/unit/test_bad.py:13", "test_z"],
        ["tests/unit/test_bad.py:18", "test_snapshot_not_compared"],
        ["tests/unit/test_bad.py:19", "test_snapshot_not_compared"],
        ["tests/unit/test_bad.py:22", "assert_nothing"],
    ]
    assert "snap_compare(...) must be asserted" in found[4]


def test_real_assertions_raises_helpers_and_compared_snapshots_pass() -> None:
    assert offences(_GOOD, "tests/unit/test_good.py") == []
