"""Finding question files below a folder: hidden ones and dangling links left out, in order."""

from __future__ import annotations

from pathlib import Path

from conftest import write
from trustquiz.bank.reading import discover


def test_every_toml_below_a_folder_but_hidden_ones_and_dangling_links(tmp_path: Path) -> None:
    root = tmp_path / "bank"
    for name in ["b.toml", "a/z.toml", "a-c.toml", ".hidden/x.toml", "a/.x.toml", "notes.txt"]:
        write(root / name, "")
    (root / "dir.toml").mkdir()  # loading says it is not a regular file
    (root / "gone.toml").symlink_to(root / "missing.toml")
    (root / "link.toml").symlink_to(root / "b.toml")
    found = [p.relative_to(root).as_posix() for p in discover(root)]
    # In path order: `a/z.toml` (parts "a", "z.toml") before "a-c.toml".
    assert found == ["a/z.toml", "a-c.toml", "b.toml", "dir.toml", "link.toml"]
    assert discover(root / "b.toml") == [root / "b.toml"]


def test_a_folder_below_a_hidden_one_is_found_from_inside_it(tmp_path: Path) -> None:
    root = write(tmp_path / ".config" / "bank" / "q.toml", "").parent
    assert discover(root) == [root / "q.toml"]
