"""Dossiers: named, ordered collections of cards; changed under a lock so two processes lose nothing, and
read back as hostile input."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from briefings.dossiers import (
    DOSSIERS_DIR,
    MAX_DOSSIER_BYTES,
    DossierError,
    DossierItem,
    Dossiers,
    UnknownDossier,
    slug,
)

ROOT = Path(__file__).resolve().parents[2]
FERRY = DossierItem("ferry-strike-1a2b3c4d", "summary")
RICE = DossierItem("rice-exports-5e6f7a8b", "papers", "n-0badc0de")
PORTS = DossierItem("harbour-fees-9a8b7c6d", "")


def test_a_dossier_keeps_its_items_in_order_each_once_in_a_readable_file(tmp_path: Path) -> None:
    store = Dossiers(tmp_path)
    store.add("Ports & Ferries", [FERRY, RICE])
    dossier = store.add("Ports & Ferries", [RICE, PORTS, PORTS])
    assert dossier.items == (FERRY, RICE, PORTS)
    data = yaml.safe_load((tmp_path / DOSSIERS_DIR / "ports-ferries.yaml").read_text(encoding="utf-8"))
    assert data["name"] == "Ports & Ferries"
    assert data["items"][1] == {"briefing": RICE.briefing_id, "card": "papers", "note": "n-0badc0de"}
    assert store.get("ports  ferries") == dossier  # the same name, whatever the case and punctuation
    assert store.names() == ["Ports & Ferries"]


def test_items_move_and_go_by_position(tmp_path: Path) -> None:
    store = Dossiers(tmp_path)
    store.add("Ports", [FERRY, RICE, PORTS])
    assert store.move("Ports", 2, 0).items == (PORTS, FERRY, RICE)
    assert store.move("Ports", 0, 2).items == (FERRY, RICE, PORTS)
    assert store.remove("Ports", 1).items == (FERRY, PORTS)
    with pytest.raises(DossierError, match="has no item 3 \\(it has 2\\)"):
        store.remove("Ports", 2)
    with pytest.raises(DossierError, match="has no item"):
        store.move("Ports", 0, 5)
    assert store.set_title("Ports", "  Harbours this summer ").heading == "Harbours this summer"


def test_an_unknown_name_is_one_line_naming_the_nearest(tmp_path: Path) -> None:
    store = Dossiers(tmp_path)
    with pytest.raises(UnknownDossier, match="there are none yet"):
        store.get("Ports")
    store.add("Ports", [FERRY])
    store.add("Elections", [RICE])
    with pytest.raises(UnknownDossier, match=r"^no dossier named 'Prots' \(nearest: Ports\)$"):
        store.get("Prots")
    with pytest.raises(UnknownDossier, match=r"\(dossiers: Elections, Ports\)$"):
        store.remove("Weather", 0)
    with pytest.raises(DossierError, match="needs a letter or a digit"):
        store.add("?!", [FERRY])


def test_delete_removes_the_dossier_only(tmp_path: Path) -> None:
    store = Dossiers(tmp_path)
    store.add("Ports", [FERRY])
    store.add("Ferries", [FERRY])
    assert store.delete("PORTS") is True
    assert store.delete("Ports") is False and store.delete("???") is False
    assert store.names() == ["Ferries"]


def test_a_long_name_makes_a_bounded_file_name(tmp_path: Path) -> None:
    assert slug("Élections — Chile, 2025!") == "élections-chile-2025"
    assert len(slug("word " * 100)) <= 80
    with pytest.raises(DossierError, match="at most"):
        Dossiers(tmp_path).add("x" * 300, [FERRY])


ADDER = """
import sys
from pathlib import Path
from briefings.dossiers import DossierItem, Dossiers
store = Dossiers(Path(sys.argv[1]))
for number in range(int(sys.argv[3])):
    store.add("Shared", [DossierItem(f"{sys.argv[2]}-{number}", "summary")])
"""


def test_two_processes_adding_to_one_dossier_lose_nothing(tmp_path: Path) -> None:
    writers = [subprocess.Popen([sys.executable, "-c", ADDER, str(tmp_path), name, "30"], cwd=ROOT)
               for name in ("alice", "bob")]
    assert [writer.wait(timeout=120) for writer in writers] == [0, 0]
    items = Dossiers(tmp_path).get("Shared").items
    assert sorted(item.briefing_id for item in items) == sorted(f"{name}-{n}" for name in ("alice", "bob")
                                                                for n in range(30))
    mine = [item.briefing_id for item in items if item.briefing_id.startswith("alice")]
    assert mine == [f"alice-{n}" for n in range(30)]  # each writer's items in the order it added them


# Hostile files ------------------------------------------------------------------------------------------

HOSTILE = {
    "binary": b"\x00\x01\x02 name: x\n",
    "utf16": "name: x\nitems: []\n".encode("utf-16"),
    "empty": b"",
    "truncated": b"name: Ports\nitems:\n  - briefing: \"ferry-str",
    "malformed": b"name: [Ports\nitems: {\n",
    "not-a-mapping": b"just words\n",
    "python-tag": b"name: !!python/name:os.system\n",
    "huge": b"name: Ports\ntitle: " + b"x" * (MAX_DOSSIER_BYTES + 10) + b"\n",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_dossier_file_is_one_line_naming_it_and_the_others_still_load(tmp_path: Path,
                                                                               name: str) -> None:
    store = Dossiers(tmp_path)
    good = store.add("Ports", [FERRY])
    (tmp_path / DOSSIERS_DIR / f"{name}.yaml").write_bytes(HOSTILE[name])
    found, warnings = store.dossiers()
    assert found == [good]
    assert len(warnings) == 1 and warnings[0].startswith(f"dossiers/{name}.yaml: ")
    assert "\n" not in warnings[0]
    with pytest.raises(DossierError, match=f"^dossiers/{name}.yaml: .*nothing in it is lost"):
        store.add(name, [RICE])  # a file that cannot be read is never overwritten
    assert (tmp_path / DOSSIERS_DIR / f"{name}.yaml").read_bytes() == HOSTILE[name]


def test_odd_items_and_fields_are_left_out_one_by_one(tmp_path: Path) -> None:
    (tmp_path / DOSSIERS_DIR).mkdir()
    path = tmp_path / DOSSIERS_DIR / "ports.yaml"
    path.write_text("name: 42\ntitle: [not, text]\nitems:\n"
                    "  - briefing: ferry-strike-1a2b3c4d\n    card: summary\n"
                    "  - just a string\n  - {briefing: rice-exports-5e6f7a8b, card: [papers]}\n"
                    "  - {briefing: harbour-fees-9a8b7c6d}\n", encoding="utf-8")
    store = Dossiers(tmp_path)
    dossier, warnings = store.load("ports")
    assert dossier.name == "ports" and dossier.title == ""
    assert dossier.items == (FERRY, PORTS)
    assert warnings == ["dossiers/ports.yaml: field 'name' is not a short text; the file's name is used",
                        "dossiers/ports.yaml: field 'title' is not text; left out",
                        "dossiers/ports.yaml: item 2 is not a briefing and a card; left out",
                        "dossiers/ports.yaml: item 3 is not a briefing and a card; left out"]
    store.add("ports", [RICE])
    copies = list(path.parent.glob("ports.yaml.damaged-*"))
    assert len(copies) == 1 and "just a string" in copies[0].read_text(encoding="utf-8")
    assert store.get("ports").items == (FERRY, PORTS, RICE)


def test_items_that_are_not_a_list_leave_an_empty_dossier(tmp_path: Path) -> None:
    (tmp_path / DOSSIERS_DIR).mkdir()
    (tmp_path / DOSSIERS_DIR / "ports.yaml").write_text("name: Ports\nitems: {a: b}\n", encoding="utf-8")
    dossier, warnings = Dossiers(tmp_path).load("Ports")
    assert dossier.items == () and warnings == ["dossiers/ports.yaml: field 'items' is not a list; left out"]
