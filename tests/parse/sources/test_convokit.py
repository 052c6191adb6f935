"""ConvoKit corpora."""

from __future__ import annotations

import pytest

from discourse.errors import InputError
from discourse.parse import read_import
from tests.parse.sources.fixtures import convokit_corpus, detect, links


def test_convokit_folder(tmp_path) -> None:
    folder = convokit_corpus(tmp_path / "corpus")
    assert detect(folder) == "convokit"
    assert detect(folder / "utterances.jsonl") == "convokit"
    threads = read_import(folder, "convokit")
    assert [t.thread_id for t in threads] == ["p1", "q0"]
    p1, q0 = threads
    assert p1.title == "First" and p1.article.paragraphs == ["Article one.", "Second paragraph."]
    assert p1.article.author == "editor" and p1.article.published == "2013-08-08T22:13:20+00:00"
    assert links(p1) == {"u1": None, "u2": "u1", "u3": "u2"}
    assert [c.author for c in p1.comments] == ["ann", "bob", "cy"]
    assert p1.comments[1].timestamp == "2013-08-08T22:15:20+00:00"
    assert q0.article.text == "Article two." and links(q0) == {"q1": None, "q2": "q1"}
    assert read_import(folder / "utterances.jsonl", "convokit")[0].title == "First"


def test_convokit_errors(tmp_path) -> None:
    with pytest.raises(InputError, match=r"no utterances\.jsonl"):
        read_import(tmp_path, "convokit")
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "utterances.jsonl").write_text('{"id": "a", "conversation_id": "a", "text": "x", "reply-to": null}\n{')
    with pytest.raises(InputError, match=r"utterances.jsonl:2: bad JSON"):
        read_import(folder, "convokit")
