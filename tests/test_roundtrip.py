"""Round trips: import -> run folder -> export keeps ids, texts and reply links.

The run folder is made by ``tests.conftest.write_run`` (hand-scored tables rendered by the real
report code), so these tests need no scoring models; the export is the real
:func:`discourse.export.export_run`.

Id scheme (see :mod:`discourse.parse.sources`): ConvoKit conversation ``C`` becomes thread ``C``;
utterance ``U`` becomes comment ``U``. The export writes thread ``C``'s root as ``C__article`` and
comment ``U`` as ``C__U`` with ``meta.comment_id = U``; reading that export back gives thread
``C`` and comment ``U`` again.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from discourse.export import export_run
from discourse.model import Thread
from discourse.parse import read_import
from discourse.parse.sources import detect_import_format
from tests.conftest import write_run

UTTERANCES = [
    {"id": "post-1", "speaker": "newsdesk", "conversation_id": "post-1", "reply-to": None, "timestamp": 1376000000,
     "text": "Russia and China signed a gas deal.\n\nThe price is still disputed.", "meta": {}},
    {"id": "u10", "speaker": "ann", "conversation_id": "post-1", "reply-to": "post-1", "timestamp": 1376000060,
     "text": "The price will never be agreed.", "meta": {"score": 4}},
    {"id": "u11", "speaker": "bob", "conversation_id": "post-1", "reply-to": "u10", "timestamp": 1376000120,
     "text": "Nonsense, it will be agreed  within a year.", "meta": {}},
    {"id": "u12", "speaker": "cy", "conversation_id": "post-1", "reply-to": "u11", "timestamp": 1376000180,
     "text": "Why would Moscow agree to that?", "meta": {}},
    {"id": "u13", "speaker": "ann", "conversation_id": "post-1", "reply-to": "post-1", "timestamp": 1376000240,
     "text": "Still, a step forward.", "meta": {}},
    {"id": "post-2", "speaker": "newsdesk", "conversation_id": "post-2", "reply-to": None, "timestamp": 1377000000,
     "text": "Arms sales are growing.", "meta": {}},
    {"id": "u20", "speaker": "dee", "conversation_id": "post-2", "reply-to": "post-2", "timestamp": 1377000060,
     "text": "Good for both.", "meta": {}},
    {"id": "u21", "speaker": "bob", "conversation_id": "post-2", "reply-to": "u20", "timestamp": 1377000120,
     "text": "Not for Europe.", "meta": {}},
]


def write_corpus(folder: Path) -> Path:
    folder.mkdir()
    (folder / "utterances.jsonl").write_text("".join(json.dumps(u) + "\n" for u in UTTERANCES), encoding="utf-8")
    (folder / "conversations.json").write_text(json.dumps({
        "post-1": {"meta": {"title": "Gas deal"}, "vectors": []},
        "post-2": {"meta": {"title": "Arms"}, "vectors": []},
    }))
    speakers = sorted({u["speaker"] for u in UTTERANCES})
    (folder / "speakers.json").write_text(json.dumps({s: {"meta": {}, "vectors": []} for s in speakers}))
    (folder / "corpus.json").write_text(json.dumps({"name": "tiny"}))
    return folder


def shape(threads: list[Thread]) -> list[tuple]:
    """What a round trip must keep: thread ids and, per comment, id, text, parent, author, time."""
    return [
        (t.thread_id, t.article.text,
         [(c.id, c.text, c.reply_to, c.author, c.timestamp) for c in t.comments])
        for t in threads
    ]


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> tuple[Path, list[Thread], Path]:
    """(run folder, imported threads, ConvoKit export)."""
    tmp = tmp_path_factory.mktemp("roundtrip")
    threads = read_import(write_corpus(tmp / "corpus"), "convokit")
    run_dir = write_run(tmp / "run", threads)
    return run_dir, threads, export_run(run_dir, "convokit", tmp / "out")


def test_convokit_in_convokit_out_keeps_ids_texts_and_links(exported) -> None:
    _, threads, out = exported
    assert [t.thread_id for t in threads] == ["post-1", "post-2"]
    utts = {u["id"]: u for u in map(json.loads, (out / "utterances.jsonl").read_text().splitlines())}
    assert len(utts) == len(UTTERANCES)
    for orig in UTTERANCES:
        conv = orig["conversation_id"]
        if orig["id"] == conv:  # the article
            root = utts[f"{conv}__article"]
            assert root["text"] == orig["text"] and root["reply-to"] is None
            continue
        got = utts[f"{conv}__{orig['id']}"]
        assert got["meta"]["comment_id"] == orig["id"]
        assert got["text"] == orig["text"]  # byte for byte, double space included
        assert got["speaker"] == orig["speaker"] and got["timestamp"] == orig["timestamp"]
        assert got["conversation_id"] == f"{conv}__article"
        parent = orig["reply-to"]
        assert got["reply-to"] == (f"{conv}__article" if parent == conv else f"{conv}__{parent}")
    conversations = json.loads((out / "conversations.json").read_text())
    assert conversations["post-1__article"]["meta"]["title"] == "Gas deal"


def test_reading_the_export_back_gives_the_same_threads(exported, tmp_path) -> None:
    _, threads, out = exported
    assert detect_import_format(out, b"") == "convokit"
    again = read_import(out, "convokit")
    assert shape(again) == shape(threads)
    assert [t.title for t in again] == ["Gas deal", "Arms"]
    # ... and a second lap changes nothing either.
    second = export_run(write_run(tmp_path / "run2", again), "convokit", tmp_path / "out2")
    assert shape(read_import(second, "convokit")) == shape(threads)


def test_export_loads_in_convokit(exported) -> None:
    convokit = pytest.importorskip("convokit", reason="convokit not installed: the id checks above cover the files")
    _, _, out = exported
    corpus = convokit.Corpus(filename=str(out))
    assert sorted(corpus.get_conversation_ids()) == ["post-1__article", "post-2__article"]
    assert corpus.get_utterance("post-1__u11").reply_to == "post-1__u10"


@pytest.mark.parametrize("fmt", ["csv", "parquet", "ndjson"])
def test_tidy_export_reads_back_as_a_comments_table(exported, tmp_path, fmt) -> None:
    run_dir, threads, _ = exported
    out = export_run(run_dir, fmt, tmp_path / fmt)
    comments, articles = out / f"comments.{fmt}", out / f"threads.{fmt}"
    assert detect_import_format(comments, comments.read_bytes()[:65536]) == "comments-table"
    again = read_import(comments, "comments-table", articles=articles)
    assert shape(again) == shape(threads)
    assert [t.title for t in again] == ["Gas deal", "Arms"]
