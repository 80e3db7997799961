"""Damaged or empty input to `trustquiz import`: a clear message naming the file, no writes."""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ankikit import export_package, fill, new_collection
from conftest import run


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("good")
    col = new_collection(folder / "col")
    fill(col)
    package = export_package(col, folder / "deck.apkg", colpkg=False, legacy=False)
    col.close()
    return package


def refused(runner: CliRunner, home: Path, path: Path) -> str:
    result = run(runner, "import", str(path))
    assert result.exit_code == 1
    assert not (home / "questions").exists()
    assert not (home / "reviews.jsonl").exists()
    assert "Traceback" not in result.output
    return str(result.output)


def test_a_zip_that_is_not_a_deck(tmp_path: Path, home: Path, runner: CliRunner) -> None:
    path = tmp_path / "notes.apkg"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert refused(runner, home, path) == (
        f"error: {path}: not an Anki package (no collection.anki21b, collection.anki21"
        " or collection.anki2 inside)\n"
    )


def test_a_file_that_is_not_a_zip(tmp_path: Path, home: Path, runner: CliRunner) -> None:
    path = tmp_path / "deck.colpkg"
    path.write_text("not a zip", encoding="utf-8")
    output = refused(runner, home, path)
    assert output.startswith(f"error: {path}: not an Anki package (not a readable zip: ")


@pytest.mark.parametrize("keep", [0.1, 0.5, 0.9, 0.99])
def test_a_truncated_package(
    good: Path, keep: float, tmp_path: Path, home: Path, runner: CliRunner
) -> None:
    data = good.read_bytes()
    path = tmp_path / "cut.apkg"
    path.write_bytes(data[: int(len(data) * keep)])
    assert refused(runner, home, path).startswith(f"error: {path}: ")


def test_a_collection_that_is_not_zstd(tmp_path: Path, home: Path, runner: CliRunner) -> None:
    path = tmp_path / "odd.apkg"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("collection.anki21b", b"\x00" * 64)
    assert refused(runner, home, path).startswith(
        f"error: {path}: damaged Anki package (collection.anki21b: cannot decompress: "
    )


def test_a_collection_that_is_not_sqlite(tmp_path: Path, home: Path, runner: CliRunner) -> None:
    path = tmp_path / "odd.apkg"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("collection.anki21", b"SQLite? no" * 100)
    assert refused(runner, home, path).startswith(
        f"error: {path}: damaged Anki package (collection.anki21 is not a readable collection: "
    )


def test_an_empty_deck(tmp_path: Path, home: Path, runner: CliRunner) -> None:
    col = new_collection(tmp_path / "col")
    path = export_package(col, tmp_path / "empty.colpkg", colpkg=True, legacy=False)
    col.close()
    assert refused(runner, home, path) == (
        f"error: {path}: nothing to import (no Basic or Cloze notes or rows)\n"
    )


def test_an_unknown_kind_of_file(tmp_path: Path, home: Path, runner: CliRunner) -> None:
    path = tmp_path / "deck.pdf"
    path.write_text("%PDF", encoding="utf-8")
    assert refused(runner, home, path) == (
        f"error: {path}: cannot import a '.pdf' file (.apkg, .colpkg, .csv, .tsv or .txt)\n"
    )


def test_a_csv_that_is_not_utf8(tmp_path: Path, home: Path, runner: CliRunner) -> None:
    path = tmp_path / "deck.csv"
    path.write_bytes(b"Front,Back\n\xff\xfe,x\n")
    assert refused(runner, home, path).startswith(f"error: {path}: not UTF-8 text (")


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".apkg", ".colpkg"]))
def test_any_bytes_give_a_message_not_a_traceback(
    data: bytes, suffix: str, tmp_path: Path, home: Path, runner: CliRunner
) -> None:
    path = tmp_path / f"random{suffix}"
    path.write_bytes(data)
    assert refused(runner, home, path).startswith(f"error: {path}: ")


@pytest.fixture(scope="module")
def legacy_collection(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("legacy")
    col = new_collection(folder / "col")
    fill(col)
    package = export_package(col, folder / "deck.apkg", colpkg=False, legacy=True)
    col.close()
    with zipfile.ZipFile(package) as archive:
        (folder / "collection.anki21").write_bytes(archive.read("collection.anki21"))
    return folder / "collection.anki21"


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    flips=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(1, 255)), max_size=8)
)
def test_a_damaged_collection_imports_or_is_refused_never_a_traceback(
    legacy_collection: Path,
    flips: list[tuple[float, int]],
    tmp_path: Path,
    home: Path,
    runner: CliRunner,
) -> None:
    data = bytearray(legacy_collection.read_bytes())
    for where, mask in flips:
        data[int(where * len(data))] ^= mask
    folder = Path(tempfile.mkdtemp(dir=tmp_path))  # each example starts afresh
    path = folder / "flipped.apkg"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("collection.anki21", bytes(data))
    result = run(runner, "import", "--home", str(folder / "home"), str(path))
    assert result.exit_code in (0, 1)
    if result.exit_code == 1:
        assert result.output.startswith("error: ")
        assert not (folder / "home" / "questions").exists()
