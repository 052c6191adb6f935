"""discourse.model is a package of one module per concept; every name keeps its old import path."""

from __future__ import annotations

import importlib

import discourse.model


def test_every_name_is_importable_from_discourse_model_and_is_its_homes() -> None:
    homes = [importlib.import_module(f"discourse.model.{m}") for m in ("thread", "replies", "schema", "tables")]
    for name in discourse.model.__all__:
        found = [home for home in homes if name in getattr(home, "__all__", ())]
        assert len(found) == 1, name  # one home per name
        assert getattr(discourse.model, name) is getattr(found[0], name)
    assert sorted(n for home in homes for n in home.__all__) == sorted(discourse.model.__all__)
