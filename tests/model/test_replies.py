"""Reply-link validation: the same links dropped as a walk from every comment to its root, in linear time."""

from __future__ import annotations

import random
import time

import pytest

from discourse.model.replies import validate_reply_links
from discourse.model.thread import Comment, Thread


def _reference(links: list[str | None], ids: list[str]) -> list[str | None]:
    """The definition: drop self/unknown links, then walk from each comment to its root and drop
    the link that closes a cycle (quadratic on deep chains)."""
    links = list(links)
    index = {cid: k for k, cid in enumerate(ids)}
    for k, target in enumerate(links):
        if target is not None and (target == ids[k] or target not in index):
            links[k] = None
    for k in range(len(ids)):
        seen, node = {ids[k]}, k
        while links[node] is not None:
            if links[node] in seen:
                links[node] = None
                break
            seen.add(links[node])
            node = index[links[node]]
    return links


@pytest.mark.parametrize("seed", range(40))
def test_the_same_links_survive_as_with_a_walk_to_the_root(seed) -> None:
    rng = random.Random(seed)
    n = rng.randint(1, 60)
    ids = [f"c{k}" for k in range(n)]
    # Parents anywhere (cycles of every length), self links, unknown ids and roots.
    links = [rng.choice([None, f"c{rng.randrange(n)}", f"c{rng.randrange(n)}", f"c{k}", "missing"]) for k in range(n)]
    thread = Thread("t", "s", comments=[Comment(cid, "x", reply_to=link) for cid, link in zip(ids, links, strict=True)])
    expected = _reference(links, ids)
    dropped = validate_reply_links(thread)
    assert [c.reply_to for c in thread.comments] == expected
    assert dropped == sum(a is not None and b is None for a, b in zip(links, expected, strict=True))


def test_a_deep_chain_and_a_long_ring_are_validated_in_bounded_time() -> None:
    n = 20_000
    chain = Thread("t", "s", comments=[Comment(f"c{k}", "x", reply_to=f"c{k - 1}" if k else None) for k in range(n)])
    ring = Thread("r", "s", comments=[Comment(f"c{k}", "x", reply_to=f"c{(k + 1) % n}") for k in range(n)])
    start = time.perf_counter()
    assert validate_reply_links(chain) == 0
    assert validate_reply_links(ring) == 1  # one link closes the ring
    assert time.perf_counter() - start < 2.0  # walking each chain to its root took 18 s for the chain alone
    assert sum(c.reply_to is None for c in ring.comments) == 1
