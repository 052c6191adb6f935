"""WordPress WXR exports."""

from __future__ import annotations

from discourse.parse import read_import
from tests.parse.sources.fixtures import WXR, detect, links


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
