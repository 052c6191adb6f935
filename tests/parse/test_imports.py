"""Import formats: each fixture is written by the test into tmp_path."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import polars as pl
import pytest

from discourse.errors import InputError
from discourse.model import Article, Thread
from discourse.parse import read_import
from discourse.parse.sources import IMPORT_FORMATS, detect_import_format


def head_of(path: Path) -> bytes:
    return b"" if path.is_dir() else path.read_bytes()[: 1 << 16]


def detect(path: Path) -> str | None:
    return detect_import_format(path, head_of(path))


def links(thread: Thread) -> dict[str, str | None]:
    return {c.id: c.reply_to for c in thread.comments}


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


# --------------------------------------------------------------------------------------
# Generic comments table
# --------------------------------------------------------------------------------------

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


@pytest.mark.parametrize("kind", ["csv", "jsonl", "parquet", "tsv"])
def test_comments_table_formats(tmp_path, kind) -> None:
    frame = pl.DataFrame(TABLE)
    path = tmp_path / f"comments.{kind}"
    if kind == "csv":
        frame.write_csv(path)
    elif kind == "tsv":
        frame.write_csv(path, separator="\t")
    elif kind == "jsonl":
        write_jsonl(path, TABLE)
    else:
        frame.write_parquet(path)
    assert detect(path) == "comments-table"
    check_table_threads(read_import(path, "comments-table"))


def test_comments_table_column_mapping_and_articles_table(tmp_path) -> None:
    rows = [{"conv": r["thread_id"], "cid": r["comment_id"], "body": r["text"], "parent": r["reply_to"],
             "user": r["author"], "when": r["timestamp"]} for r in TABLE]
    path = write_jsonl(tmp_path / "c.ndjson", rows)
    articles = tmp_path / "articles.csv"
    pl.DataFrame({"conv": ["t2", "t1", "t9"], "title": ["Two", "One", "Nobody"],
                  "story": ["Second article.", "Para one.\n\nPara two.", "x"]}).write_csv(articles)
    columns = {"thread_id": "conv", "comment_id": "cid", "text": "body", "reply_to": "parent",
               "author": "user", "timestamp": "when", "article_text": "story"}
    threads = read_import(path, "comments-table", columns=columns, articles=articles)
    check_table_threads(threads)
    assert [t.title for t in threads] == ["One", "Two"]


def test_comments_table_without_thread_id_is_one_thread(tmp_path) -> None:
    path = tmp_path / "one.csv"
    path.write_text("comment_id,text,reply_to\na,First,\nb,Second,a\n", encoding="utf-8")
    (thread,) = read_import(path, "comments-table")
    assert thread.thread_id.startswith("one-") and links(thread) == {"a": None, "b": "a"}
    assert thread.source == str(path)
    assert read_import(path, "comments-table")[0].thread_id == thread.thread_id  # stable


def test_comments_table_missing_columns_is_one_line_error(tmp_path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("thread_id,author\nt1,Ann\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_import(path, "comments-table")
    message = str(err.value)
    assert "\n" not in message and str(path) in message
    assert "comment_id" in message and "text" in message
    with pytest.raises(InputError, match=r"text \(column 'body'\)"):
        read_import(path, "comments-table", columns={"text": "body", "comment_id": "author"})
    with pytest.raises(InputError, match="unknown column name"):
        read_import(path, "comments-table", columns={"txt": "body"})


def test_broken_jsonl_line_names_the_line(tmp_path) -> None:
    path = tmp_path / "broken.jsonl"
    path.write_text('{"comment_id": "a", "text": "x"}\n\n{"comment_id": "b", "te\n', encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_import(path, "comments-table")
    assert f"{path}:3: bad JSON" in str(err.value) and "\n" not in str(err.value)
    write_jsonl(path, [{"comment_id": "a", "text": "x"}, ["not", "an", "object"]])
    with pytest.raises(InputError, match=":2: each line must be a JSON object"):
        read_import(path, "comments-table")


def test_gzipped_table_and_missing_file(tmp_path) -> None:
    path = tmp_path / "c.jsonl.gz"
    path.write_bytes(gzip.compress("".join(json.dumps(r) + "\n" for r in TABLE).encode()))
    assert detect(path) == "comments-table"
    check_table_threads(read_import(path, "comments-table"))
    with pytest.raises(InputError, match="no such file"):
        read_import(tmp_path / "nope.csv", "comments-table")
    with pytest.raises(InputError, match="unknown import format"):
        read_import(path, "mbox")
    with pytest.raises(InputError, match="column mapping applies to comments tables only"):
        read_import(path, "reddit", columns={"text": "body"})


# --------------------------------------------------------------------------------------
# ConvoKit
# --------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------
# Disqus
# --------------------------------------------------------------------------------------

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


def test_disqus_export(tmp_path) -> None:
    path = tmp_path / "disqus.xml"
    path.write_text(DISQUS, encoding="utf-8")
    assert detect(path) == "disqus"
    threads = read_import(path, "disqus")
    assert [t.thread_id for t in threads] == ["disqus-100", "disqus-300", "disqus-400"]  # 200: no posts
    t100, t300, t400 = threads
    assert t100.title == "Pipeline deal" and t100.article.paragraphs == ["The deal was signed.", "Price open."]
    assert t100.article.author == "Editor" and t100.source == f"{path}#100"
    assert links(t100) == {"1001": None, "1002": "1001"}  # spam dropped, unanswered deleted post dropped
    ann, bob = t100.comments
    assert ann.text == "Good deal & about time." and ann.author == "Ann"
    assert ann.timestamp == "2013-08-10T01:53:00+00:00"
    assert bob.text == "Not at all.\nReally." and bob.quoted_text == "Good deal"
    assert links(t300) == {"1005": "1006", "1006": None}  # the deleted parent stays as a placeholder
    assert t300.comments[1].absent and t300.comments[1].text == "" and t300.comments[1].author is None
    assert len(t300.present_comments) == 1
    assert t400.article.text == "" and t400.title is None and links(t400) == {"1007": None}


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE d [<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
]>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
<post dsq:id="1"><message>&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;</message><thread dsq:id="1"/></post></disqus>"""


def test_hostile_xml(tmp_path) -> None:
    bomb = tmp_path / "bomb.xml"
    bomb.write_bytes(BOMB)
    with pytest.raises(InputError, match="bad XML") as err:
        read_import(bomb, "disqus")
    assert str(bomb) in str(err.value) and "\n" not in str(err.value)
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    xxe = tmp_path / "xxe.xml"
    xxe.write_text(f"""<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file://{secret}">]>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
<post dsq:id="1"><message>see &x; here</message><thread dsq:id="9"/></post></disqus>""")
    (thread,) = read_import(xxe, "disqus")
    assert "TOP-SECRET" not in thread.comments[0].text and thread.comments[0].text == "see here"
    broken = tmp_path / "cut.xml"
    broken.write_bytes(DISQUS.encode()[:1500])
    with pytest.raises(InputError, match="bad XML"):
        read_import(broken, "disqus")


# --------------------------------------------------------------------------------------
# WordPress WXR
# --------------------------------------------------------------------------------------

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


def test_wordpress_wxr(tmp_path) -> None:
    path = tmp_path / "blog.wordpress.xml"
    path.write_text(WXR, encoding="utf-8")
    assert detect(path) == "wxr"
    (thread,) = read_import(path, "wxr")
    assert thread.thread_id == "blog.wordpress-12" and thread.title == "Why pipelines matter"
    assert thread.article.paragraphs == ["First paragraph of the post.", "Second paragraph."]
    assert thread.article.author == "editor" and thread.article.published == "2013-08-09T10:00:00+00:00"
    assert links(thread) == {"5": None, "6": "5"}
    ann, bob = thread.comments
    assert ann.text == "Great post.\nSecond line." and ann.timestamp == "2013-08-10T01:53:00+00:00"
    assert bob.text == "I disagree & here is why." and bob.timestamp == "2013-08-10T04:00:00"  # local time


# --------------------------------------------------------------------------------------
# Reddit-style dumps
# --------------------------------------------------------------------------------------

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


# --------------------------------------------------------------------------------------
# WARC
# --------------------------------------------------------------------------------------


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


@pytest.mark.parametrize("gz", [True, False])
def test_warc_html_responses_become_pages(tmp_path, gz) -> None:
    pytest.importorskip("warcio")
    path = write_warc(tmp_path / ("a.warc.gz" if gz else "a.warc"), gz=gz)
    assert detect(path) == "warc"
    seen = []

    def parse_html(source: str, data: bytes) -> Thread:
        seen.append(source)
        return stand_in_parser(source, data)

    threads = read_import(path, "warc", parse_html=parse_html)
    assert seen == ["https://a.example/story", "https://b.example/post", "https://c.example/broken"]
    assert [t.article.text for t in threads] == ["Story A", "Story B"]  # gzip content-encoding undone
    assert [t.captured_at for t in threads] == ["2024-01-02T03:04:05+00:00", "2024-02-03T04:05:06+00:00"]
    assert threads[0].source == f"{path}#https://a.example/story" and threads[0].input_format == "warc"
    assert [t.thread_id for t in threads] == ["page-7", "page-7-2"]  # same id: made unique


def test_warc_passes_capture_time_when_the_parser_takes_it(tmp_path) -> None:
    pytest.importorskip("warcio")
    path = write_warc(tmp_path / "a.warc", gz=False)
    got = []

    def parse_html(source: str, data: bytes, *, captured_at: str | None = None) -> Thread:
        got.append(captured_at)
        return stand_in_parser(source, data)

    read_import(path, "warc", parse_html=parse_html, captured_at="2020-01-01T00:00:00")
    assert got == ["2024-01-02T03:04:05+00:00", "2024-02-03T04:05:06+00:00", got[2]]


def test_broken_warc(tmp_path) -> None:
    pytest.importorskip("warcio")
    path = tmp_path / "x.warc"
    path.write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nshort")
    with pytest.raises(InputError) as err:
        read_import(path, "warc", parse_html=stand_in_parser)
    assert str(path) in str(err.value) and "\n" not in str(err.value)


# --------------------------------------------------------------------------------------
# Detection
# --------------------------------------------------------------------------------------


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


def test_default_html_parser_gets_the_capture_time(tmp_path) -> None:
    pytest.importorskip("warcio")
    path = write_warc(tmp_path / "a.warc.gz", gz=True)
    threads = read_import(path, "warc")  # discourse.parse.parse_page: extraction quality is tested elsewhere
    assert [t.source.split("#", 1)[1] for t in threads][:2] == ["https://a.example/story", "https://b.example/post"]
    assert threads[0].captured_at == "2024-01-02T03:04:05+00:00" and threads[0].input_format == "warc"


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


def test_parse_columns() -> None:
    from discourse.parse.sources import parse_columns

    assert parse_columns(["text=body", " reply_to = parent ,"]) == {"text": "body", "reply_to": "parent"}
    with pytest.raises(InputError, match="expected name=column"):
        parse_columns(["text"])
    with pytest.raises(InputError, match="unknown column name 'body'"):
        parse_columns(["body=text"])
