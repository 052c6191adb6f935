"""A made-up article and the blocks of a text dump built from paragraphs: shared by the text-dump tests."""

from __future__ import annotations

from discourse.parse.blocks import Block, text_blocks
from discourse.parse.segment import split_at_headers

ARTICLE = [
    "The city council voted on Tuesday to expand the rail line to the harbour district. The plan, which "
    "has been debated for three years, adds four stations and a new depot near the old market hall.",
    "Supporters said the line would cut commuting times in half for thousands of residents. Critics pointed "
    "to the cost, which has risen twice since the first estimate was published by the transport office.",
    "Construction is expected to begin next spring and to last about four years, the mayor said after the "
    "vote. The council will review the budget again in the autumn before the first contracts are signed.",
]


def dump_blocks(paragraphs: list[str]) -> list[Block]:
    """The blocks the parser reads from a text dump of these paragraphs (blank lines between)."""
    return split_at_headers(text_blocks("\n\n".join(paragraphs) + "\n"))
