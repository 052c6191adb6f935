"""Reddit-style JSON lines."""

from __future__ import annotations

import gzip
import json

from discourse.parse import read_import
from tests.parse.sources.fixtures import COMMENTS, SUBMISSION, check_reddit, detect, links, write_jsonl


def test_reddit_mixed_file(tmp_path) -> None:
    path = write_jsonl(tmp_path / "dump.ndjson", [COMMENTS[0], SUBMISSION, *COMMENTS[1:]])
    assert detect(path) == "reddit"
    threads = read_import(path, "reddit")
    check_reddit(threads)


def test_reddit_split_files(tmp_path) -> None:
    folder = tmp_path / "dump"
    folder.mkdir()
    write_jsonl(folder / "RS.ndjson", [SUBMISSION])
    (folder / "RC.ndjson.gz").write_bytes(gzip.compress("".join(json.dumps(c) + "\n" for c in COMMENTS).encode()))
    assert detect(folder) == "reddit"
    check_reddit(read_import(folder, "reddit"))
    comments = write_jsonl(tmp_path / "comments.jsonl", COMMENTS)
    submissions = write_jsonl(tmp_path / "subs.jsonl", [SUBMISSION])
    check_reddit(read_import(comments, "reddit", articles=submissions))


def test_removed_comments_stay_only_as_parents(tmp_path) -> None:
    def comment(cid: str, parent: str, body: str) -> dict:
        return {"id": cid, "parent_id": parent, "link_id": "t3_x", "author": "a", "created_utc": 1, "body": body}

    rows = [
        comment("d1", "t3_x", "[deleted]"), comment("d2", "t1_d1", "[removed]"), comment("k", "t1_d2", "kept"),
        comment("e1", "t3_x", "[deleted]"), comment("e2", "t1_e1", "[deleted]"), comment("e3", "t1_e2", "[removed]"),
        comment("s", "t1_s", "[deleted]"), comment("top", "t3_x", "hello"),
    ]
    (thread,) = read_import(write_jsonl(tmp_path / "r.jsonl", rows), "reddit")
    assert links(thread) == {"d1": None, "d2": "d1", "k": "d2", "top": None}
    assert [c.absent for c in thread.comments] == [True, True, False, False]
    assert [c.position for c in thread.comments] == [0, 1, 2, 3]
