"""Tests of discourse.cluster.units: which sentences are argument units."""

from __future__ import annotations

import polars as pl
import pytest
from typer.testing import CliRunner

from discourse.cluster import argument_units, is_argument_unit
from tests.cluster.themes import (
    ARMS,
    GAS,
)

runner = CliRunner()


# -- argument units ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("LOL who is this quack?", False),
        ("Hi all!", False),
        ("Thanks for the great article, John!", False),
        ("https://example.com/story?id=3", False),
        ("See www.example.org for more.", False),
        ("are you blind?", False),
        ("", False),
        (None, False),
        ("You idiot, stupid moron.", False),
        ("US are facing real problems to finance the army.", True),
        ("China will take over as number one and a new empire will be born.", True),
    ],
)
def test_is_argument_unit(text: str | None, expected: bool) -> None:
    assert is_argument_unit(text) is expected


def test_argument_units_filters_rows_in_order() -> None:
    frame = pl.DataFrame({"text": ["Hello there!", GAS[0], "lol", ARMS[0]], "unit_id": ["a", "b", "c", "d"]})
    assert argument_units(frame)["unit_id"].to_list() == ["b", "d"]
    assert argument_units(frame.clear()).height == 0
