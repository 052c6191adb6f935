"""The scoring stage as one step: sentiment then stance, over thread tables or a parsed file."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from discourse.errors import InputError, OutputError
from discourse.model import Thread, ThreadTables

__all__ = ["read_parsed_threads", "score_file", "score_tables"]

logger = logging.getLogger(__name__)


def score_tables(tables: ThreadTables) -> ThreadTables:
    """:func:`~discourse.sentiment.score_sentiment` then :func:`~discourse.stance.score_stance`."""
    from discourse.sentiment import score_sentiment
    from discourse.stance import score_stance

    return score_stance(score_sentiment(tables))


def read_parsed_threads(path: str | Path) -> list[Thread]:
    """Threads from the JSON Lines ``discourse parse`` writes (``Thread.to_dict`` per line)."""
    path = Path(path)
    threads = []
    try:
        with path.open(encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    threads.append(Thread.from_dict(json.loads(line)))
                except (ValueError, TypeError) as exc:
                    raise InputError(path, f"not a parsed thread ({exc})", location=str(n)) from None
    except OSError as exc:
        raise InputError(path, f"cannot read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise InputError(path, "not UTF-8 text") from None
    return threads


def score_file(input_file: str | Path, output_dir: str | Path, *, overwrite: bool = False) -> list[Path]:
    """Score a parsed JSONL file and write each table as ``<output_dir>/<table>.parquet``."""
    threads = read_parsed_threads(input_file)
    tables = score_tables(ThreadTables.from_threads(threads))
    out = Path(output_dir)
    targets = [(out / f"{name}.parquet", frame) for name, frame in tables.items()]
    existing = [p for p, _ in targets if p.exists()]
    if existing and not overwrite:
        raise OutputError(f"{existing[0]}: exists (use --overwrite)")
    try:
        out.mkdir(parents=True, exist_ok=True)
        for path, frame in targets:
            frame.write_parquet(path)
    except OSError as exc:
        raise OutputError(f"{out}: cannot write ({exc.strerror or exc})") from None
    logger.info("scored %d threads -> %s", len(threads), out)
    return [p for p, _ in targets]
