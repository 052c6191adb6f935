"""The readers' package: one reader per import format, names defined once."""

from __future__ import annotations

from pathlib import Path

import pytest

from discourse.errors import InputError
from discourse.parse import sources
from discourse.parse.sources import IMPORT_FORMATS, READERS, read_import
from tests.parse.sources.fixtures import write_warc

PACKAGE = Path(sources.__file__).resolve().parent.parent.parent


def test_one_reader_per_format() -> None:
    assert tuple(READERS) == IMPORT_FORMATS == ("comments-table", "convokit", "disqus", "wxr", "reddit", "warc")
    assert all(callable(reader) for reader in READERS.values())


def test_the_editorial_speaker_is_defined_once() -> None:
    holders = [p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py")
               if '"[editorial]"' in p.read_text(encoding="utf-8")]
    assert holders == ["parse/sources/convokit.py"]


def test_warc_needs_a_page_parser_below_discourse_parse(tmp_path) -> None:
    pytest.importorskip("warcio")
    path = write_warc(tmp_path / "a.warc", gz=False)
    with pytest.raises(InputError, match="needs a page parser"):
        read_import(path, "warc")
