"""The reply tree of a thread: links that cannot be right dropped (:func:`validate_reply_links`),
and each comment's depth in a comments table (:func:`reply_depths`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

if TYPE_CHECKING:
    from discourse.model.thread import Comment, Thread

__all__ = ["reply_depths", "validate_reply_links"]


def validate_reply_links(thread: Thread) -> int:
    """Drop reply links that cannot be right; return how many were dropped.

    A link is dropped (set to ``None`` with provenance ``none``) when it points at the
    comment itself, at an id outside the thread, or closes a cycle. This runs before any
    output is written, so no file ever holds such a link.

    >>> from discourse.model import Comment, Thread
    >>> t = Thread("t", "s", comments=[Comment("a", "x", reply_to="a"), Comment("b", "y", reply_to="zz")])
    >>> validate_reply_links(t), [c.reply_to for c in t.comments]
    (2, [None, None])
    """
    ids = {c.id for c in thread.comments}
    by_id = {c.id: c for c in thread.comments}
    dropped = 0

    def drop(c: Comment) -> None:
        nonlocal dropped
        c.reply_to, c.reply_source, c.reply_confidence = None, "none", 0.0
        dropped += 1

    for c in thread.comments:
        if c.reply_to is not None and (c.reply_to == c.id or c.reply_to not in ids):
            drop(c)
    # Cycles: walk up each chain and drop the link that closes one. A walk stops at a comment
    # an earlier walk went through (its chain is known to end at a root), so every comment is
    # walked once: a 20,000-deep chain took 18 s when each walk went up to the root.
    done: set[int] = set()
    for c in thread.comments:
        if id(c) in done:
            continue
        seen = {c.id}
        path = [c]
        node = c
        while node.reply_to is not None:
            if node.reply_to in seen:
                drop(node)
                break
            parent = by_id[node.reply_to]
            if id(parent) in done:
                break
            seen.add(node.reply_to)
            path.append(parent)
            node = parent
        done.update(map(id, path))
    thread.dropped_links += dropped
    return dropped


def reply_depths(comments: pl.DataFrame) -> dict[str, int]:
    """Each comment's reply depth in one thread's comments table, by ``comment_id``.

    The one convention: a comment that answers the article (``reply_to`` null) has depth 0, a
    reply to it depth 1, and so on; absent placeholders count as steps of the chain, and a link
    to an id not in the table counts as one step and ends the chain. No cap: :func:`validate_reply_links` has
    dropped any cycle before a table is built (a cycle met anyway ends the walk).

    >>> t = pl.DataFrame({"comment_id": ["a", "b", "c"], "reply_to": [None, "a", "b"]})
    >>> reply_depths(t)
    {'a': 0, 'b': 1, 'c': 2}
    """
    if not comments.height:
        return {}
    parent = dict(zip(comments["comment_id"].to_list(), comments["reply_to"].to_list(), strict=True))
    depth: dict[str, int] = {}
    for cid in parent:
        chain, node, d = set(), cid, 0
        while node in parent and parent[node] is not None and node not in chain:
            chain.add(node)
            d += 1
            node = parent[node]
        depth[cid] = d
    return depth
