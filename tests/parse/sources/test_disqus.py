"""Disqus XML exports, and XML that attacks the parser."""

from __future__ import annotations

import pytest

from discourse.errors import InputError
from discourse.parse import read_import
from tests.parse.sources.fixtures import DISQUS, detect, links


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
