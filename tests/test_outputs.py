from __future__ import annotations

import os

import polars as pl
import pytest

from discourse.errors import OutputError
from discourse.outputs import (
    atomic_directory,
    atomic_write_text,
    prepare_output_dir,
    read_tables,
    safe_name,
    write_tables,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("../../etc/passwd", "etc-passwd"),
        ("/absolute/path", "absolute-path"),
        ("CON", "_CON"),
        ("nul.txt", "_nul.txt"),
        ("", "thread"),
        ("..", "thread"),
        ("Ünïcödé title: what?", "Unicode-title-what"),
    ],
)
def test_safe_name_cannot_escape(raw: str, expected: str) -> None:
    assert safe_name(raw) == expected


def test_safe_name_caps_length() -> None:
    assert len(safe_name("x" * 1000)) <= 80


def test_atomic_write_leaves_no_temporary_files(tmp_path) -> None:
    target = tmp_path / "a" / "b.txt"
    atomic_write_text(target, "hello")
    atomic_write_text(target, "world")
    assert target.read_text() == "world"
    assert sorted(os.listdir(target.parent)) == ["b.txt"]


def test_atomic_directory_is_all_or_nothing(tmp_path) -> None:
    target = tmp_path / "thread"
    with pytest.raises(RuntimeError), atomic_directory(target) as tmp:
        (tmp / "half.txt").write_text("half")
        raise RuntimeError("killed")
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []
    with atomic_directory(target) as tmp:
        (tmp / "full.txt").write_text("full")
    assert (target / "full.txt").read_text() == "full"
    with pytest.raises(OutputError, match="exists"), atomic_directory(target):
        pass
    with atomic_directory(target, overwrite=True) as tmp:
        (tmp / "new.txt").write_text("new")
    assert sorted(p.name for p in target.iterdir()) == ["new.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["thread"]


def test_prepare_output_dir_refuses_to_clobber(tmp_path) -> None:
    out = tmp_path / "out"
    prepare_output_dir(out)
    (out / "mine.txt").write_text("user data")
    with pytest.raises(OutputError, match="not empty"):
        prepare_output_dir(out)
    prepare_output_dir(out, overwrite=True)
    assert (out / "mine.txt").read_text() == "user data"


def test_tables_round_trip(tmp_path) -> None:
    frame = pl.DataFrame({"a": [1, 2], "kw": [["x", "y"], []]})
    write_tables(tmp_path, {"t": frame}, formats=("parquet", "csv"))
    assert read_tables(tmp_path)["t"].equals(frame)
    assert (tmp_path / "t.csv").read_text().splitlines() == ["a,kw", "1,x; y", '2,""']
