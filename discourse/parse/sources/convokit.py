"""ConvoKit corpora: read a corpus folder (or its ``utterances.jsonl``) into threads, and write one.

Each conversation is a thread; its root utterance (``reply-to`` null, ``id ==
conversation_id``) is the article. A corpus that ``discourse export --to convokit`` wrote
(root ``T__article`` spoken by :data:`EDITORIAL_SPEAKER`, comments ``T__C``) reads back to
thread ``T`` and comments ``C``, with their metadata restored.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from discourse.errors import InputError
from discourse.model import COVERAGE_STATUSES, Thread, ThreadTables
from discourse.outputs import atomic_write_text
from discourse.parse.dates import data_timestamp
from discourse.parse.sources._build import (
    SAFE_ID,
    keep_threads,
    make_article,
    make_comment,
    safe_thread_id,
    str_id,
    whole_count,
)
from discourse.parse.sources._stream import ReadOptions, json_lines, load_json

__all__ = ["EDITORIAL_SPEAKER", "is_utterance", "read_convokit", "write_convokit"]

#: The speaker of the article's root utterance in a corpus that discourse writes.
EDITORIAL_SPEAKER = "[editorial]"


_OWN_META = ("comment_id", "side", "timestamp_iso", "timestamp_precision", "reply_source", "reply_confidence",
             "quoted_author", "quoted_text", "absent", "truncated")




def is_utterance(obj: dict[str, Any]) -> bool:
    return {"id", "text"} <= obj.keys() and ("conversation_id" in obj or "root" in obj) and (
        "reply-to" in obj or "reply_to" in obj or "reply_to_id" in obj)


def _speaker(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("id", value.get("name"))
    return str_id(value)


def read_convokit(path: Path, options: ReadOptions) -> list[Thread]:
    """Threads of a ConvoKit corpus folder, or of its ``utterances.jsonl``."""
    captured_at = options.captured_at
    if path.is_dir():
        folder, utterances = path, path / "utterances.jsonl"
    else:
        folder, utterances = path.parent, path
    if not utterances.is_file():
        raise InputError(path, "not a ConvoKit corpus folder (no utterances.jsonl)")
    conversations: dict[str, list[dict[str, Any]]] = {}
    for lineno, u in json_lines(utterances):
        uid = str_id(u.get("id"))
        if uid is None:
            raise InputError(utterances, "utterance without an id", location=str(lineno))
        parent = str_id(u.get("reply-to", u.get("reply_to", u.get("reply_to_id"))))
        conv = str_id(u.get("conversation_id", u.get("root"))) or (uid if parent is None else None)
        if conv is None:
            raise InputError(utterances, "utterance without a conversation_id", location=str(lineno))
        meta = u.get("meta") if isinstance(u.get("meta"), dict) else {}
        text = u.get("text")
        conversations.setdefault(conv, []).append({
            "id": uid, "parent": parent, "speaker": _speaker(u.get("speaker", u.get("user"))),
            "timestamp": u.get("timestamp"), "text": "" if text is None else str(text),
            "meta": {k: meta[k] for k in _OWN_META if k in meta},
        })
    if not conversations:
        raise InputError(utterances, "no utterances")
    conv_meta: dict[str, Any] = {}
    if (folder / "conversations.json").is_file():
        loaded = load_json(folder / "conversations.json")
        conv_meta = loaded if isinstance(loaded, dict) else {}
    threads = [
        _convokit_thread(path, conv, utts, conv_meta.get(conv), captured_at)
        for conv, utts in conversations.items()
    ]
    return keep_threads(threads, path, "conversations")


def _convokit_thread(
    path: Path, conv: str, utts: list[dict[str, Any]], conv_info: Any, captured_at: str | None
) -> Thread:
    root = next((u for u in utts if u["id"] == conv and u["parent"] is None), None)
    meta = conv_info.get("meta") if isinstance(conv_info, dict) and isinstance(conv_info.get("meta"), dict) else {}
    # discourse's own export: root "T__article" spoken by "[editorial]", comments "T__C" with meta.comment_id C.
    own = root is not None and conv.endswith("__article") and root["meta"].get("side") == "editorial"
    tid = conv[: -len("__article")] if own else conv
    local: dict[str, str] = {}
    for u in utts:
        cid = u["meta"].get("comment_id") if own else None
        local[u["id"]] = str(cid) if cid is not None and u["id"] == f"{tid}__{cid}" else u["id"]
    thread = Thread(
        thread_id=tid if own and SAFE_ID.fullmatch(tid) else safe_thread_id(conv),
        source=f"{path}#{conv}",
        title=str_id(meta.get("title")),
        captured_at=captured_at or str_id(meta.get("captured_at")),
    )
    if own:
        # Metadata is data: a value of the wrong type is dropped, not trusted (a non-numeric
        # declared_comments made the coverage check fail with an internal TypeError).
        coverage = meta.get("coverage")
        thread.coverage = coverage if coverage in COVERAGE_STATUSES else "unknown"
        note = meta.get("coverage_note")
        thread.coverage_note = note if isinstance(note, str) else None
        thread.declared_comments = whole_count(meta.get("declared_comments"))
    if root is not None:
        author = root["speaker"] if root["speaker"] != EDITORIAL_SPEAKER else None
        published = data_timestamp(root["timestamp"])[0]
        thread.article = make_article(root["text"], author=author, published=published,
                                  truncated=bool(root["meta"].get("truncated")) if own else False)
    for u in utts:
        if u is root:
            continue
        parent = u["parent"]
        parent = None if parent is None or parent == conv else local.get(parent, parent)
        author = u["speaker"]
        if own and author and author.startswith("[anonymous "):
            author = None
        m = u["meta"] if own else {}
        c = make_comment(local[u["id"]], u["text"], author=author, when=m.get("timestamp_iso") or u["timestamp"],
                     parent=parent, absent=bool(m.get("absent")),
                     quoted_author=m.get("quoted_author"), quoted_text=m.get("quoted_text"))
        if own:
            if m.get("timestamp_precision"):
                c.timestamp_precision = m["timestamp_precision"]
            if parent is not None and m.get("reply_source"):
                c.reply_source = str(m["reply_source"])
                c.reply_confidence = float(m.get("reply_confidence") or 0.0)
        thread.comments.append(c)
    # Our own placeholders for absent quoted parents were exported on purpose: keep them all.
    return thread.check_integrity(prune=not own)


# --------------------------------------------------------------------------------------
# Writing (discourse export --to convokit)
# --------------------------------------------------------------------------------------


def _unix_seconds(timestamp: str | None) -> int | None:
    if not timestamp:
        return None
    try:
        value = datetime.fromisoformat(timestamp)
    except ValueError:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return int(value.timestamp())


def _no_nan(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _type_names(values: list[Any]) -> list[str]:
    kinds = {type(v).__name__ for v in values if v is not None}
    kind = kinds.pop() if len(kinds) == 1 else "str"
    return [f"<class '{kind}'>"]


def write_convokit(tables: ThreadTables, folder: Path, meta: dict[str, Any]) -> None:
    """Write a run's tables as a ConvoKit corpus folder (the ids :func:`read_convokit` reads back)."""
    stance = defaultdict(dict)
    agreements: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    for row in tables.stance.iter_rows(named=True):
        stance[(row["thread_id"], row["comment_id"])][row["target_kind"]] = row["label"]
        if row.get("agreement"):
            agreements[(row["thread_id"], row["comment_id"])][row["target_kind"]] = row["agreement"]
    score_columns = [c for c in ("neg", "neu", "pos", "compound") if c in tables.comments.columns]
    utterances, speakers, conversations = [], {}, {}
    comments_by_thread = defaultdict(list)
    for row in tables.comments.sort(["thread_id", "position"]).iter_rows(named=True):
        comments_by_thread[row["thread_id"]].append(row)
    for thread in tables.threads.iter_rows(named=True):
        tid = thread["thread_id"]
        root = f"{tid}__article"
        speakers.setdefault(EDITORIAL_SPEAKER, {"meta": {"kind": "editorial"}, "vectors": []})
        utterances.append({
            "id": root, "speaker": EDITORIAL_SPEAKER, "conversation_id": root, "reply-to": None,
            "timestamp": None, "text": thread["article_text"] or "",
            "meta": {"side": "editorial", "comment_id": None, "truncated": thread["truncated"]},
            "vectors": [],
        })
        conversations[root] = {
            "meta": {k: _no_nan(v) for k, v in thread.items() if k != "article_text"},
            "vectors": [],
        }
        for c in comments_by_thread.get(tid, []):
            speaker = c["author"] or f"[anonymous {tid} {c['comment_id']}]"
            speakers.setdefault(speaker, {"meta": {"kind": "commenter"}, "vectors": []})
            labels = stance.get((tid, c["comment_id"]), {})
            utterances.append({
                "id": f"{tid}__{c['comment_id']}",
                "speaker": speaker,
                "conversation_id": root,
                "reply-to": f"{tid}__{c['reply_to']}" if c["reply_to"] else root,
                "timestamp": _unix_seconds(c["timestamp"]),
                "text": c["text"] or "",
                "meta": {
                    "side": "comment",
                    "comment_id": c["comment_id"],
                    "timestamp_iso": c["timestamp"],
                    "timestamp_precision": c["timestamp_precision"],
                    "reply_source": c["reply_source"],
                    "reply_confidence": _no_nan(c["reply_confidence"]),
                    "quoted_author": c["quoted_author"],
                    "quoted_text": c["quoted_text"],
                    "absent": c["absent"],
                    "stance_to_article": labels.get("article"),
                    "stance_to_parent": labels.get("parent"),
                    "agreement_to_article": agreements.get((tid, c["comment_id"]), {}).get("article"),
                    "agreement_to_parent": agreements.get((tid, c["comment_id"]), {}).get("parent"),
                    **{k: _no_nan(c[k]) for k in score_columns},
                },
                "vectors": [],
            })
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write_text(folder / "utterances.jsonl",
                      "".join(json.dumps(u, ensure_ascii=False) + "\n" for u in utterances))
    atomic_write_text(folder / "speakers.json", json.dumps(speakers, ensure_ascii=False, sort_keys=True))
    atomic_write_text(folder / "conversations.json", json.dumps(conversations, ensure_ascii=False, sort_keys=True))
    atomic_write_text(folder / "corpus.json", json.dumps({"name": "discourse export", "provenance": meta},
                                                         ensure_ascii=False, sort_keys=True))

    def index_of(records: list[dict[str, Any]]) -> dict[str, list[str]]:
        keys = sorted({k for r in records for k in r})
        return {k: _type_names([r.get(k) for r in records]) for k in keys}

    index = {
        "utterances-index": index_of([u["meta"] for u in utterances]),
        "speakers-index": index_of([s["meta"] for s in speakers.values()]),
        "conversations-index": index_of([c["meta"] for c in conversations.values()]),
        "overall-index": {"name": ["<class 'str'>"], "provenance": ["<class 'dict'>"]},
        "version": 1,
        "vectors": [],
    }
    atomic_write_text(folder / "index.json", json.dumps(index, sort_keys=True))
