"""Gold files: the readers of the labelled data that training and evaluation score against.

Readers only (files in, records out); the metrics are in :mod:`discourse.metrics`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from discourse.errors import InputError
from discourse.parse.sources._stream import text_json_lines

__all__ = ["read_clustering_gold", "read_extraction_gold", "read_jsonl", "read_records_gold"]


def read_jsonl(path: str | Path) -> list[dict[str, Any]]:
    """Records of a JSON Lines file (blank lines skipped)."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]
    except OSError as exc:
        raise InputError(path, f"cannot read ({exc.strerror or exc})") from None
    except ValueError as exc:
        raise InputError(path, f"not JSON Lines ({exc})") from None


def read_extraction_gold(data_dir: Path) -> list[dict[str, Any]]:
    """The ``gold.jsonl`` records of an extraction set folder (``../shared/data/extraction/SET``)."""
    path = data_dir / "gold.jsonl"
    try:
        return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]
    except FileNotFoundError:
        raise InputError(path, "no gold.jsonl (expected the ../shared/data/extraction/SET layout)") from None


def read_records_gold(data_dir: Path) -> list[dict[str, Any]]:
    """The ``gold.jsonl`` records of a comment-record gold folder (``../shared/data/records/dev``)."""
    gold_path = data_dir / "gold.jsonl"
    if not gold_path.is_file():
        raise InputError(data_dir, "no gold.jsonl (expected the ../shared/data/records/dev layout)")
    return [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]


def read_clustering_gold(path: str | Path) -> list[dict[str, Any]]:
    """Item records ``{"id", "topic", "text", "label", ...}`` of a clustering JSONL file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, f"cannot read: {exc}") from None
    records = []
    for n, rec in text_json_lines(text, path, "invalid JSON"):
        if "a" in rec and "b" in rec:  # pair records are not clustered
            continue
        if not {"id", "topic", "text"} <= rec.keys():
            raise InputError(path, "record without id/topic/text", location=str(n))
        records.append(rec)
    ids = [str(r["id"]) for r in records]
    if len(set(ids)) != len(ids):
        raise InputError(path, "duplicate ids")
    return records
