"""A user's keymap.toml read as hostile input: every fault is one line naming the file, the rest applies."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from textual.keys import _normalize_key_list

from tui.actions import BY_ID
from tui.keymap import CONFIG_ENV, MAX_KEYMAP_BYTES, keymap_path, load_keymap, normal_key


def _load(tmp_path: Path, content: str | bytes) -> tuple[Path, dict[str, tuple[str, ...]], list[str]]:
    path = tmp_path / "keymap.toml"
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    keymap = load_keymap(path)
    for problem in keymap.problems:
        assert problem.startswith(f"{path}: ") and "\n" not in problem
    return path, keymap.remaps, keymap.problems


def test_no_file_is_the_default_keys(tmp_path: Path) -> None:
    keymap = load_keymap(tmp_path / "keymap.toml")
    assert (keymap.remaps, keymap.problems) == ({}, [])


def test_a_key_or_a_list_of_keys_in_textual_spelling(tmp_path: Path) -> None:
    _path, remaps, problems = _load(
        tmp_path,
        '[keymap]\nmain.search = "ctrl+f"\n"app.help" = ["?", "f1"]\n'
        '[keymap.reader]\nunrelated = "E,ctrl+e"\n',
    )
    assert problems == []
    assert remaps == {
        "main.search": ("ctrl+f",),
        "app.help": ("question_mark", "f1"),
        "reader.unrelated": ("E", "ctrl+e"),
    }


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"\x00\x01\x02binary", "is a binary file"),
        (b'[keymap]\nmain.search = "\xff\xfe"\n', "not UTF-8 text"),
        ('[keymap\nmain.search = "x"\n', "not valid TOML (at line 1"),
        ("keymap = 3\n", "keymap must be a table"),
        ('[keymap]\nmain.search = 5\n', "main.search must be a key name or a list of key names"),
        ('[keymap]\nmain.search = []\n', "main.search must be a key name"),
        ('[keymap]\nmain.search = ["x", 1]\n', "main.search must be a key name"),
        ('[keymap]\nmain.search = {a = "x"}\n', "unknown action 'main.search.a'"),
        ('[keymap]\na.b.c.d = "x"\n', "unknown action 'a.b.c'"),
        ("[keymap]\nx = " + "[" * 5000 + "]" * 5000 + "\n", "nests too deeply"),
        ('[keymap]\nmain.serch = "x"\n', "unknown action 'main.serch' (did you mean main.search?)"),
        ('[keymap]\nnothing.like.it = "x"\n', "'nothing.like.it' (the help screen, ?, lists every"),
        ('[keymap]\nmain.search = "ctrl+nosuchkey"\n', "'ctrl+nosuchkey' is not a key name"),
        ('[keymap]\nmain.search = "hyperdrive+x"\n', "'hyperdrive+x' is not a key name"),
        ('[keymap]\nmain.search = "\\u001b[31m"\n', "'␛[31m' is not a key name"),
        ('[keymap]\nmain.search = ["a","b","c","d","e1","f2","f3","f4","f5"]\n', "has 9 keys; at most 8"),
        ('[colours]\nx = 1\n', "unknown section 'colours'; only [keymap] is read"),
    ],
)
def test_a_fault_is_one_line_naming_the_file(tmp_path: Path, content: str | bytes, expected: str) -> None:
    _path, remaps, problems = _load(tmp_path, content)
    assert remaps == {}
    assert len(problems) == 1 and expected in problems[0], problems


def test_a_huge_file_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    _path, remaps, problems = _load(tmp_path, "# " + "x" * (MAX_KEYMAP_BYTES + 10) + "\n")
    assert remaps == {} and len(problems) == 1 and "too large for a keymap" in problems[0]


def test_a_folder_in_its_place_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "keymap.toml").mkdir()
    keymap = load_keymap(tmp_path / "keymap.toml")
    assert keymap.remaps == {}
    expected = f"{tmp_path / 'keymap.toml'}: cannot be read ("
    assert len(keymap.problems) == 1 and keymap.problems[0].startswith(expected)


def test_good_entries_still_apply_beside_bad_ones(tmp_path: Path) -> None:
    _path, remaps, problems = _load(
        tmp_path, '[keymap]\nmain.search = "ctrl+f"\nmain.nope = "x"\nmain.facets = 7\n'
    )
    assert remaps == {"main.search": ("ctrl+f",)}
    assert len(problems) == 2


def test_a_clash_is_reported_and_not_applied(tmp_path: Path) -> None:
    _path, remaps, problems = _load(tmp_path, '[keymap]\nreader.down = "n"\nmain.search = "ctrl+f"\n')
    assert remaps == {"main.search": ("ctrl+f",)}
    assert problems == [
        f'{tmp_path / "keymap.toml"}: reader.down = "n" clashes with main.next_hit (key n, main screen); '
        "not applied."
    ]


def test_of_two_remaps_onto_one_key_the_later_is_left_out(tmp_path: Path) -> None:
    _path, remaps, problems = _load(tmp_path, '[keymap]\nmain.search = "ctrl+f"\nmain.facets = "ctrl+f"\n')
    assert remaps == {"main.search": ("ctrl+f",)}
    assert len(problems) == 1 and problems[0].split(": ", 1)[1].startswith('main.facets = "ctrl+f" clashes')


def test_two_actions_can_swap_keys(tmp_path: Path) -> None:
    _path, remaps, problems = _load(tmp_path, '[keymap]\nmain.bookmark = "B"\nmain.bookmarks = "b"\n')
    assert problems == []
    assert remaps == {"main.bookmark": ("B",), "main.bookmarks": ("b",)}


def test_dialog_keys_do_not_clash_with_the_main_screen(tmp_path: Path) -> None:
    """A modal dialog stops Textual's key chain, so its keys may repeat the main screen's."""
    _path, remaps, problems = _load(tmp_path, '[keymap]\nfacets.close = "e"\n')
    assert (remaps, problems) == ({"facets.close": ("e",)}, [])


@pytest.mark.parametrize(
    ("key", "normal"),
    [("?", "question_mark"), ("ctrl+x", "ctrl+x"), ("f12", "f12"), ("/", "slash"), ("G", "G"),
     ("ctrl+shift+up", "ctrl+shift+up"), ("question_mark", "question_mark"), ("", None), (" ", None),
     ("slash", "slash"), ("minus", "minus"), ("ctrl+ctrl+x", None), ("\x07", None), ("x" * 50, None),
     ("ctrl+", None)],
)
def test_key_names_are_checked_and_spelled_as_textual_does(key: str, normal: str | None) -> None:
    assert normal_key(key) == normal


def test_the_readme_example_is_a_good_keymap(tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    example = readme.split("```toml\n", 1)[1].split("```", 1)[0]
    _path, remaps, problems = _load(tmp_path, example)
    assert problems == [] and remaps["main.search"] == ("ctrl+f",)


def test_a_dialog_key_may_not_take_a_key_textual_gives_every_screen(tmp_path: Path) -> None:
    _path, remaps, problems = _load(tmp_path, '[keymap]\nhelp.down = "tab"\nbookmarks.remove = "ctrl+q"\n')
    assert remaps == {}
    assert [problem.split(": ", 1)[1].split(" clashes")[0] for problem in problems] == [
        'help.down = "tab"',
        'bookmarks.remove = "ctrl+q"',
    ]


def test_a_main_screen_key_may_not_take_an_editing_key_of_the_search_box(tmp_path: Path) -> None:
    _path, remaps, problems = _load(tmp_path, '[keymap]\nmain.entities = "ctrl+e"\n')
    assert remaps == {}
    expected = 'main.entities = "ctrl+e" clashes with Edit the query (key ctrl+e, search box); not applied.'
    assert len(problems) == 1 and problems[0].endswith(expected)


def test_the_default_place_is_the_config_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert keymap_path() == tmp_path / "xdg" / "briefing-reader" / "keymap.toml"
    monkeypatch.setenv(CONFIG_ENV, str(tmp_path / "elsewhere"))
    assert keymap_path() == tmp_path / "elsewhere" / "keymap.toml"


@settings(derandomize=True, max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.binary(max_size=300), st.text(max_size=300).map(lambda text: text.encode())))
@example(b'[keymap]\nmain.search = "\\u001b]52;c;aGk=\\u0007"\n')
@example(b"[keymap]\n" + b"a" * 60 + b' = "x"\n')
def test_any_bytes_give_remaps_that_exist_or_one_line_problems(tmp_path: Path, content: bytes) -> None:
    path, remaps, problems = _load(tmp_path, content)
    assert set(remaps) <= set(BY_ID)
    assert all(normal_key(key) == key for keys in remaps.values() for key in keys)
    assert all(problem.isprintable() and len(problem) < len(str(path)) + 400 for problem in problems)


@settings(derandomize=True, max_examples=300)
@given(st.text(max_size=20))
def test_a_key_is_spelled_as_textual_will_bind_it(key: str) -> None:
    """The clash check compares keys as Textual binds them: `set_keymap` normalises nothing further."""
    normal = normal_key(key)
    assert normal is None or _normalize_key_list(normal) == normal


@pytest.mark.parametrize("character", [chr(code) for code in range(33, 127) if chr(code) != ","])
def test_every_printable_ascii_key_reads_back_as_itself(character: str) -> None:
    normal = normal_key(character)
    assert normal is not None and normal_key(normal) == normal
