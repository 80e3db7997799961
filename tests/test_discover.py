"""Finding question files below a folder: hidden ones and dangling links left out, in order."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

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


def test_a_linked_folder_is_not_followed_and_an_unreadable_one_is_passed_over(
    tmp_path: Path,
) -> None:
    root = tmp_path / "bank"
    write(root / "a" / "q.toml", "")
    write(tmp_path / "elsewhere" / "x.toml", "")
    (root / "linked").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    locked = write(root / "locked" / "y.toml", "").parent
    write(root / "deep" / "er" / "z.TOML", "")  # the suffix is matched as written
    write(root / "deep" / "er" / ".toml", "")  # a hidden file, whatever its name
    locked.chmod(0)
    try:
        found = [p.relative_to(root).as_posix() for p in discover(root)]
    finally:
        locked.chmod(0o755)
    expected = ["a/q.toml"] if os.geteuid() != 0 else ["a/q.toml", "locked/y.toml"]
    assert found == expected


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(
            st.sampled_from(["a", "b", "a-b", "a.b", "B", ".h", "x.tom", "é"]),
            min_size=1,
            max_size=3,
        ),
        min_size=1,
        max_size=12,
    )
)
def test_files_come_in_the_order_of_their_paths(
    tmp_path_factory: Any, layout: list[list[str]]
) -> None:
    root = tmp_path_factory.mktemp("bank")
    made = set()  # folders are never named *.toml here: no file is where a folder goes
    for parts in layout:
        target = root.joinpath(*parts[:-1], parts[-1] + ".toml")
        if target.exists():
            continue
        write(target, "")
        made.add(target)
    expected = sorted(
        p for p in made if not any(part.startswith(".") for part in p.relative_to(root).parts)
    )
    assert discover(root) == expected
