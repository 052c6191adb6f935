"""Bounded reading: the import limits."""

from __future__ import annotations

import gzip
import json

import pytest

from discourse.errors import InputError
from discourse.parse import read_import
from tests.parse.sources.fixtures import TABLE, write_jsonl


def test_limits_bound_what_is_read(tmp_path, monkeypatch) -> None:
    from discourse.parse.sources import _stream

    path = write_jsonl(tmp_path / "c.jsonl", TABLE)
    monkeypatch.setattr(_stream, "LIMITS", _stream.ImportLimits(max_line_bytes=100))
    with pytest.raises(InputError, match=r"c\.jsonl:1: line longer than 100 bytes"):
        read_import(path, "comments-table")
    bomb = tmp_path / "bomb.jsonl.gz"
    bomb.write_bytes(gzip.compress(b"\n" * 5000 + json.dumps(TABLE[0]).encode()))
    monkeypatch.setattr(_stream, "LIMITS", _stream.ImportLimits(max_bytes=4096))
    with pytest.raises(InputError, match="over the import limit"):
        read_import(bomb, "comments-table")
