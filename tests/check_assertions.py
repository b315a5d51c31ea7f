"""Fail on any test that cannot fail: a `test_*` function with no real assertion in its body.

A test counts as asserting when its body (nested `with` blocks and functions defined inside it
included) has an `assert` on something other than a literal, a `pytest.raises`/`warns`/`fail`
call, or a call to a helper named `assert_*`, `check_*` or `expect_*` (leading underscores
allowed). Such helpers defined in tests/ are held to the same rule, so a shared helper cannot
hide a test that asserts nothing. Snapshot tests must `assert snap_compare(...)`: a bare call
discards the comparison. Stdlib only, so CI can run it with plain python3 before installing.

Usage: python3 tests/check_assertions.py [file or folder ...]   (default: the tests/ folder)
Prints one line per offending test (path:line: name: what is wrong) and exits 1 if any.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

_PYTEST_CHECKS = frozenset({"raises", "warns", "fail", "deprecated_call"})
_HELPER_PREFIXES = ("assert_", "check_", "expect_")
_Function = ast.FunctionDef | ast.AsyncFunctionDef


def _called_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _is_literal(node: ast.expr) -> bool:
    """`assert True`, `assert 1`, `assert "x"`, `assert (1, 2)`: true whatever the code does."""
    try:
        ast.literal_eval(node)
    except ValueError:
        return False
    return True


def _is_pytest_check(call: ast.Call) -> bool:
    func = call.func
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "pytest":
        return func.attr in _PYTEST_CHECKS
    return isinstance(func, ast.Name) and func.id in _PYTEST_CHECKS - {"fail"}


def _is_helper(name: str) -> bool:
    return name.lstrip("_").startswith(_HELPER_PREFIXES)


def _asserts(function: _Function) -> bool:
    for node in ast.walk(function):
        if isinstance(node, ast.Assert) and not _is_literal(node.test):
            return True
        if isinstance(node, ast.Call) and (_is_pytest_check(node) or _is_helper(_called_name(node))):
            return True
    return False


def _unasserted_snapshots(function: _Function) -> Iterator[int]:
    """Lines where `snap_compare(...)` is called outside an `assert`."""
    asserted = {
        id(node)
        for statement in ast.walk(function) if isinstance(statement, ast.Assert)
        for node in ast.walk(statement.test)
    }
    for node in ast.walk(function):
        if isinstance(node, ast.Call) and _called_name(node) == "snap_compare" and id(node) not in asserted:
            yield node.lineno


def _checked_functions(tree: ast.Module) -> Iterator[_Function]:
    """Tests and shared assertion helpers at module level or in test classes (not ones nested in tests)."""
    bodies = [tree.body, *(node.body for node in tree.body if isinstance(node, ast.ClassDef))]
    for body in bodies:
        for node in body:
            if isinstance(node, _Function) and (node.name.startswith("test_") or _is_helper(node.name)):
                yield node


def offences(source: str, filename: str) -> list[str]:
    """One line per test (or assertion helper) in `source` that asserts nothing real."""
    found = []
    for function in _checked_functions(ast.parse(source, filename)):
        where = f"{filename}:{function.lineno}: {function.name}"
        if not _asserts(function):
            found.append(f"{where}: asserts nothing (no non-literal assert, pytest.raises or assert_ call)")
        found.extend(f"{filename}:{line}: {function.name}: snap_compare(...) must be asserted"
                     for line in _unasserted_snapshots(function))
    return found


def _python_files(paths: list[Path]) -> Iterator[Path]:
    for path in paths:
        yield from sorted(path.rglob("*.py")) if path.is_dir() else [path]


def _shown(path: Path) -> str:
    """The path as the reader would type it: relative to the current folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def main(argv: list[str]) -> int:
    paths = [Path(arg) for arg in argv] or [Path(__file__).resolve().parent]
    found = [
        line
        for path in _python_files(paths)
        if path.name.startswith("test_") or path.name in ("conftest.py", "helpers.py")
        for line in offences(path.read_text(encoding="utf-8"), _shown(path))
    ]
    for line in found:
        print(line)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
