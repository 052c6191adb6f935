"""Every regular expression the package runs on page text is linear in practice.

The test collects each compiled pattern held at module level in discourse (also inside
tuples, lists and dicts of rules) and runs it over adversarial strings of 100,000
characters; a catastrophically backtracking pattern would take seconds or hours.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import time

import pytest

import discourse

BUDGET_SECONDS = 1.0
LENGTH = 100_000
# Runs of one class, alternations of two, and fragments of what the patterns look for.
SEEDS = ["a", " ", "1", ".", "\n", "a ", "1 ", "a.", "a@", "<a ", "\u00e9-", "August 28, 2013 at ", "“@John ",
         "http://a", "<div class=\"comment\">"]


def _patterns():
    seen: dict[str, re.Pattern] = {}

    def collect(name: str, value: object, depth: int = 0) -> None:
        if isinstance(value, re.Pattern):
            seen.setdefault(f"{name}:{value.pattern[:60]}", value)
        elif depth < 2 and isinstance(value, (list, tuple, set, frozenset)):
            for i, item in enumerate(value):
                collect(f"{name}[{i}]", item, depth + 1)
        elif depth < 2 and isinstance(value, dict):
            for key, item in value.items():
                collect(f"{name}[{key!r}]", item, depth + 1)

    for info in pkgutil.walk_packages(discourse.__path__, "discourse."):
        if ".cli" in info.name or info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for attr, value in vars(module).items():
            collect(f"{info.name}.{attr}", value)
    return sorted(seen.items())


PATTERNS = _patterns()


def test_patterns_were_found() -> None:
    assert len(PATTERNS) >= 10


@pytest.mark.parametrize(("name", "pattern"), PATTERNS, ids=[name for name, _ in PATTERNS])
def test_pattern_is_linear(name: str, pattern: re.Pattern) -> None:
    for seed in SEEDS:
        attack = (seed * (LENGTH // len(seed) + 1))[:LENGTH]
        text = attack + "!"  # a trailing mismatch forces every alternative to be tried
        if isinstance(pattern.pattern, bytes):
            text = text.encode("utf-8")
        start = time.perf_counter()
        for _ in pattern.finditer(text):
            pass
        elapsed = time.perf_counter() - start
        assert elapsed < BUDGET_SECONDS, f"{name} took {elapsed:.2f}s on {seed!r} * {LENGTH}"
