"""The thread dataclasses: a comment's dict form."""

from __future__ import annotations

import dataclasses

from discourse.model.thread import Comment


def test_comment_to_dict_equals_dataclasses_asdict() -> None:
    full = Comment(id="c2", text="yes", author="a", timestamp="2024-01-01T00:00:00", timestamp_raw="1 Jan",
                   timestamp_precision="day", reply_to="c1", reply_source="quote", reply_confidence=0.9,
                   quoted_author="b", quoted_text="no", absent=True, position=3, timestamp_flag="future")
    for c in (full, Comment(id="c1", text="")):
        assert c.to_dict() == dataclasses.asdict(c)
        assert list(c.to_dict()) == [f.name for f in dataclasses.fields(Comment)]
