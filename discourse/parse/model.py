"""The shipped block classifier (placeholder until trained)."""

from __future__ import annotations


def segment_with_model(blocks, fmt):
    return None
