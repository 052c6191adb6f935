"""Which import format a file holds."""

from __future__ import annotations

import json

from discourse.parse.sources import IMPORT_FORMATS
from tests.parse.sources.fixtures import COMMENTS, detect, write_jsonl


def test_detection_leaves_pages_and_parsed_threads_alone(tmp_path) -> None:
    cases = {
        "page.html": b"<!DOCTYPE html><html><head><title>x</title></head><body><p>Hi</p></body></html>",
        "page.htm": b"<html><body>Disqus comments: http://disqus.com</body></html>",
        "dump.txt": b"Title\n\nSome article text.\n\nAnn says:\nA comment.\n",
        "threads.jsonl": json.dumps({"thread_id": "t", "source": "s", "article": {"text": "x"},
                                     "comments": []}).encode() + b"\n",
        "other.csv": b"name,age\nann,3\n",
        "feed.xml": b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>',
    }
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        assert detect(path) is None, name
    assert detect(tmp_path) is None
    assert set(IMPORT_FORMATS) == {"comments-table", "convokit", "disqus", "wxr", "reddit", "warc"}


def test_detection_of_a_long_first_line(tmp_path) -> None:
    comment = dict(COMMENTS[0], body="word " * 20000)  # longer than the 64 KiB head
    path = write_jsonl(tmp_path / "big.json", [comment])
    assert detect(path) == "reddit"
