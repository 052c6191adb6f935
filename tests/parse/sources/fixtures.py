"""Fixtures of every import format, written by the tests into tmp_path (shared with the run and reliability tests)."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

from discourse.model import Article, Thread
from discourse.parse.sources import detect_import_format


def head_of(path: Path) -> bytes:
    return b"" if path.is_dir() else path.read_bytes()[: 1 << 16]


def detect(path: Path) -> str | None:
    return detect_import_format(path, head_of(path))


def links(thread: Thread) -> dict[str, str | None]:
    return {c.id: c.reply_to for c in thread.comments}


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


TABLE = [
    {"thread_id": "t1", "comment_id": "1", "author": "Ann", "timestamp": "2013-08-10T01:53:00Z",
     "text": "Gas prices will rise.", "reply_to": None, "article_text": "Para one.\n\nPara two."},
    {"thread_id": "t1", "comment_id": "2", "author": "Bob", "timestamp": "1376099640",
     "text": "No they won't.", "reply_to": "1", "article_text": None},
    {"thread_id": "t2", "comment_id": "1", "author": None, "timestamp": "2013-08-11",
     "text": "Other thread.", "reply_to": "t2", "article_text": "Second article."},
    {"thread_id": "t1", "comment_id": "3", "author": "Cy", "timestamp": "soon",
     "text": "Why?", "reply_to": "2", "article_text": None},
]


def check_table_threads(threads: list[Thread]) -> None:
    assert [t.thread_id for t in threads] == ["t1", "t2"]
    t1, t2 = threads
    assert t1.article.paragraphs == ["Para one.", "Para two."]
    assert links(t1) == {"1": None, "2": "1", "3": "2"}
    assert [c.position for c in t1.comments] == [0, 1, 2]
    c1, c2, c3 = t1.comments
    assert (c1.timestamp, c1.timestamp_precision) == ("2013-08-10T01:53:00+00:00", "minute")
    assert c2.timestamp == "2013-08-10T01:54:00+00:00" and c2.timestamp_raw == "1376099640"
    assert (c3.timestamp, c3.timestamp_raw) == (None, "soon")
    assert (c2.reply_source, c2.reply_confidence) == ("markup", 1.0)
    assert (c1.reply_source, c1.reply_confidence) == ("none", 0.0)
    assert t2.article.text == "Second article." and t2.comments[0].reply_to is None  # parent = the thread
    assert t2.comments[0].timestamp_precision == "day" and t2.comments[0].author is None
    assert all(t.input_format == "comments-table" for t in threads)
    assert t1.source.endswith("#t1")


def convokit_corpus(folder: Path) -> Path:
    """Two conversations; the root utterance of each is the article."""
    folder.mkdir()
    utts = [
        {"id": "p1", "speaker": "editor", "conversation_id": "p1", "reply-to": None, "timestamp": 1376000000,
         "text": "Article one.\n\nSecond paragraph.", "meta": {}},
        {"id": "u1", "speaker": "ann", "conversation_id": "p1", "reply-to": "p1", "timestamp": 1376000060,
         "text": "Top-level.", "meta": {"score": 3}},
        {"id": "u2", "speaker": "bob", "conversation_id": "p1", "reply-to": "u1", "timestamp": "1376000120",
         "text": "A reply.", "meta": {}},
        {"id": "q1", "speaker": "cy", "conversation_id": "q0", "reply_to": "q0", "timestamp": None,
         "text": "Other conversation.", "meta": {}},
        {"id": "q0", "speaker": "editor", "conversation_id": "q0", "reply_to": None, "timestamp": None,
         "text": "Article two.", "meta": {}},
        {"id": "u3", "speaker": "cy", "conversation_id": "p1", "reply-to": "u2", "timestamp": 1376000180,
         "text": "Deeper.", "meta": {}},
        {"id": "q2", "speaker": "ann", "conversation_id": "q0", "reply_to": "q1", "timestamp": None,
         "text": "Answer.", "meta": {}},
    ]
    write_jsonl(folder / "utterances.jsonl", utts)
    (folder / "conversations.json").write_text(json.dumps({"p1": {"meta": {"title": "First"}, "vectors": []},
                                                           "q0": {"meta": {}, "vectors": []}}))
    (folder / "speakers.json").write_text(json.dumps({s: {"meta": {}, "vectors": []}
                                                      for s in ("editor", "ann", "bob", "cy")}))
    (folder / "corpus.json").write_text("{}")
    return folder


DISQUS = """<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals"
        xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <category dsq:id="1"><forum>news</forum><title>General</title></category>
  <thread dsq:id="100">
    <id/><forum>news</forum><link>https://news.example/pipeline</link>
    <title>Pipeline deal</title><message><![CDATA[<p>The deal was signed.</p><p>Price open.</p>]]></message>
    <createdAt>2013-08-10T00:00:00Z</createdAt>
    <author><name>Editor</name><isAnonymous>false</isAnonymous></author>
  </thread>
  <thread dsq:id="200"><link>https://news.example/empty</link><title>No comments here</title><message/></thread>
  <thread dsq:id="300"><link>https://news.example/other</link><title>Other</title><message/></thread>
  <post dsq:id="1001">
    <id/><message><![CDATA[<p>Good deal &amp; <b>about</b> time.</p>]]></message>
    <createdAt>2013-08-10T01:53:00Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam>
    <author><name>Ann</name><isAnonymous>false</isAnonymous><username>ann</username></author>
    <thread dsq:id="100"/>
  </post>
  <post dsq:id="1002">
    <message><![CDATA[<blockquote>Good deal</blockquote><p>Not at all.<br>Really.</p>]]></message>
    <createdAt>2013-08-10T02:00:00Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam>
    <author><name>Bob</name></author><thread dsq:id="100"/><parent dsq:id="1001"/>
  </post>
  <post dsq:id="1003">
    <message><![CDATA[<p>buy pills</p>]]></message><isDeleted>false</isDeleted><isSpam>true</isSpam>
    <author><name>Spammer</name></author><thread dsq:id="100"/>
  </post>
  <post dsq:id="1004">
    <message><![CDATA[<p>gone</p>]]></message><isDeleted>true</isDeleted><isSpam>false</isSpam>
    <author><name>Del</name></author><thread dsq:id="100"/><parent dsq:id="1001"/>
  </post>
  <post dsq:id="1005">
    <message><![CDATA[<p>Answering a deleted post.</p>]]></message><isDeleted>false</isDeleted>
    <isSpam>false</isSpam><author><name>Cy</name></author><thread dsq:id="300"/><parent dsq:id="1006"/>
  </post>
  <post dsq:id="1006">
    <message><![CDATA[<p>removed</p>]]></message><isDeleted>true</isDeleted><isSpam>false</isSpam>
    <author><name>X</name></author><thread dsq:id="300"/>
  </post>
  <post dsq:id="1007">
    <message><![CDATA[<p>On a thread the export does not list.</p>]]></message><isDeleted>false</isDeleted>
    <isSpam>false</isSpam><author><name>Dee</name></author><thread dsq:id="400"/>
  </post>
</disqus>
"""


WXR = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>My blog</title><wp:wxr_version>1.2</wp:wxr_version>
  <item>
    <title>Why pipelines matter</title><link>https://blog.example/pipelines</link>
    <dc:creator><![CDATA[editor]]></dc:creator>
    <content:encoded><![CDATA[<p>First paragraph of the post.</p>
<p>Second <em>paragraph</em>.</p>]]></content:encoded>
    <excerpt:encoded><![CDATA[]]></excerpt:encoded>
    <wp:post_id>12</wp:post_id><wp:post_date_gmt>2013-08-09 10:00:00</wp:post_date_gmt>
    <wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
    <wp:comment>
      <wp:comment_id>5</wp:comment_id><wp:comment_author><![CDATA[Ann]]></wp:comment_author>
      <wp:comment_date>2013-08-10 03:53:00</wp:comment_date>
      <wp:comment_date_gmt>2013-08-10 01:53:00</wp:comment_date_gmt>
      <wp:comment_content><![CDATA[Great post.
Second line.]]></wp:comment_content>
      <wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment</wp:comment_type>
      <wp:comment_parent>0</wp:comment_parent>
    </wp:comment>
    <wp:comment>
      <wp:comment_id>6</wp:comment_id><wp:comment_author><![CDATA[Bob]]></wp:comment_author>
      <wp:comment_date>2013-08-10 04:00:00</wp:comment_date>
      <wp:comment_date_gmt>0000-00-00 00:00:00</wp:comment_date_gmt>
      <wp:comment_content><![CDATA[I disagree &amp; here is why.]]></wp:comment_content>
      <wp:comment_approved>1</wp:comment_approved><wp:comment_parent>5</wp:comment_parent>
    </wp:comment>
    <wp:comment>
      <wp:comment_id>7</wp:comment_id><wp:comment_author><![CDATA[Spam]]></wp:comment_author>
      <wp:comment_content><![CDATA[cheap pills]]></wp:comment_content>
      <wp:comment_approved>spam</wp:comment_approved><wp:comment_parent>0</wp:comment_parent>
    </wp:comment>
    <wp:comment>
      <wp:comment_id>8</wp:comment_id><wp:comment_author><![CDATA[Other blog]]></wp:comment_author>
      <wp:comment_content><![CDATA[[...] linked here [...]]]></wp:comment_content>
      <wp:comment_approved>1</wp:comment_approved><wp:comment_type>pingback</wp:comment_type>
      <wp:comment_parent>0</wp:comment_parent>
    </wp:comment>
  </item>
  <item>
    <title>logo.png</title><wp:post_id>13</wp:post_id><wp:post_type>attachment</wp:post_type>
    <wp:comment><wp:comment_id>9</wp:comment_id><wp:comment_content>x</wp:comment_content>
    <wp:comment_approved>1</wp:comment_approved><wp:comment_parent>0</wp:comment_parent></wp:comment>
  </item>
  <item>
    <title>Quiet post</title><wp:post_id>14</wp:post_id><wp:post_type>post</wp:post_type>
    <content:encoded><![CDATA[Nobody commented.]]></content:encoded>
  </item>
</channel>
</rss>
"""


SUBMISSION = {"id": "abc", "name": "t3_abc", "title": "Pipeline &amp; prices", "selftext": "Self text.",
              "author": "op", "created_utc": 1376000000, "num_comments": 4}


COMMENTS = [
    {"id": "c1", "parent_id": "t3_abc", "link_id": "t3_abc", "author": "ann", "created_utc": 1376000060,
     "body": "First &gt; second"},
    {"id": "c2", "parent_id": "t1_c1", "link_id": "t3_abc", "author": "[deleted]", "created_utc": "1376000120",
     "body": "[deleted]"},
    {"id": "c3", "parent_id": "t1_c2", "link_id": "t3_abc", "author": "bob", "created_utc": 1376000180,
     "body": "Replying to a deleted one."},
    {"id": "c4", "parent_id": "t1_c1", "link_id": "t3_abc", "author": "cy", "created_utc": 1376000240,
     "body": "[removed]"},
    {"id": "z1", "parent_id": "t3_zzz", "link_id": "t3_zzz", "author": "dee", "created_utc": 1376000300,
     "body": "Orphan thread."},
]


def check_reddit(threads: list[Thread]) -> None:
    assert [t.thread_id for t in threads] == ["t3_abc", "t3_zzz"]
    abc, zzz = threads
    assert abc.title == "Pipeline & prices" and abc.article.text == "Self text." and abc.article.author == "op"
    assert links(abc) == {"c1": None, "c2": "c1", "c3": "c2"}  # c4 removed and unanswered: dropped
    assert abc.comments[0].text == "First > second" and abc.comments[0].timestamp == "2013-08-08T22:14:20+00:00"
    assert abc.comments[1].absent and abc.comments[1].author is None
    assert zzz.article.text == "" and zzz.title is None and links(zzz) == {"z1": None}
    assert (abc.declared_comments, abc.coverage) == (4, "partial")
    assert abc.coverage_note == "2 comments imported from a Reddit dump (the data states 4)."
    assert (zzz.coverage, zzz.coverage_note) == ("unknown", "1 comment imported from a Reddit dump.")


def write_warc(path: Path, *, gz: bool) -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=gz)

        def response(uri: str, body: bytes, ctype: str, status: str = "200 OK", date: str | None = None,
                     encoding: str | None = None) -> None:
            headers = [("Content-Type", ctype)]
            if encoding:
                headers.append(("Content-Encoding", encoding))
            http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
            warc_headers = {"WARC-Date": date} if date else None
            record = writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=http,
                                               warc_headers_dict=warc_headers)
            writer.write_record(record)

        request = writer.create_warc_record("https://a.example/story", "request", payload=io.BytesIO(b"GET /"))
        writer.write_record(request)
        response("https://a.example/story", b"<html><body><p>Story A</p></body></html>", "text/html; charset=utf-8",
                 date="2024-01-02T03:04:05Z")
        response("https://a.example/logo.png", b"\x89PNG....", "image/png")
        response("https://a.example/missing", b"<html>404</html>", "text/html", status="404 Not Found")
        response("https://b.example/post", gzip.compress(b"<html><body><p>Story B</p></body></html>"),
                 "text/html", date="2024-02-03T04:05:06Z", encoding="gzip")
        response("https://c.example/broken", b"<html>BROKEN</html>", "application/xhtml+xml")
    return path


def stand_in_parser(source: str, data: bytes) -> Thread:
    """A tiny stand-in for the HTML parser: the page's text is the article."""
    from discourse.errors import ParseError

    text = data.decode()
    if "BROKEN" in text:
        raise ParseError(source, "cannot split this page")
    body = text.split("<p>")[1].split("</p>")[0]
    return Thread(thread_id=f"page-{len(body)}", source=source, article=Article(text=body, paragraphs=[body]),
                  input_format="html")
