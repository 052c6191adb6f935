"""Charts for the reports: matplotlib rendered to deterministic SVG text.

Every chart returns a :class:`Chart` (SVG markup plus its alt text). The SVG is made
byte-reproducible: fixed hash salt, no date metadata, text kept as text. The palette is
Okabe-Ito (colour-blind safe).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np

__all__ = ["PALETTE", "Chart", "cluster_share_chart", "sentiment_chart", "stance_chart", "timeline_chart"]

#: Okabe-Ito colours by role.
PALETTE = {
    "editorial": "#0072B2",
    "comment": "#E69F00",
    "support": "#009E73",
    "deny": "#D55E00",
    "query": "#CC79A7",
    "other": "#999999",
}
STANCE_COLOURS = {"support": PALETTE["support"], "deny": PALETTE["deny"], "query": PALETTE["query"],
                  "comment": PALETTE["other"]}

_RC = {
    "svg.hashsalt": "discourse",
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 10,
    "figure.dpi": 100,
}
_XML_HEADER = re.compile(r"^<\?xml[^>]*>\s*(<!DOCTYPE[^>]*>\s*)?", re.S)


@dataclass(frozen=True)
class Chart:
    """An SVG chart and the text that describes it for screen readers and Markdown."""

    name: str
    svg: str
    alt: str


def _render(fig: plt.Figure) -> str:
    buffer = io.StringIO()
    # Fixed margins instead of bbox_inches="tight", which draws every figure twice.
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    svg = _XML_HEADER.sub("", buffer.getvalue())
    start, end = svg.find("<metadata>"), svg.find("</metadata>")
    if 0 <= start < end:  # RDF boilerplate: bytes without meaning in a report
        svg = svg[:start].rstrip() + svg[end + len("</metadata>"):]
    # Responsive: let CSS size it, keep the aspect ratio from the viewBox.
    return re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r'<svg\1', svg, count=1)


def _short(text: str, width: int = 38) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def sentiment_chart(editorial: list[float], comments: list[float]) -> Chart:
    """Distribution of compound sentiment: article paragraphs vs comments (strip + box)."""
    with plt.rc_context(_RC):
        fig, ax = plt.subplots(figsize=(6.4, 2.2))
        rng = np.random.default_rng(0)
        groups = [("Article paragraphs", editorial, PALETTE["editorial"]), ("Comments", comments, PALETTE["comment"])]
        for row, (_name, values, colour) in enumerate(groups):
            if values:
                y = row + rng.uniform(-0.15, 0.15, len(values))
                ax.scatter(values, y, s=18, color=colour, alpha=0.75, edgecolors="none")
                ax.plot([np.mean(values)] * 2, [row - 0.3, row + 0.3], color="black", lw=1.5)
        ax.set_yticks([0, 1], [f"{g[0]} (n={len(g[1])})" for g in groups])
        ax.invert_yaxis()
        ax.set_xlim(-1.05, 1.05)
        ax.set_ylim(-0.6, 1.6)
        ax.axvline(0, color="#cccccc", lw=0.8, zorder=0)
        ax.set_xticks([-1, -0.5, 0, 0.5, 1])
        ax.set_xlabel("VADER compound (−1 negative … +1 positive); black bar = mean")
        fig.subplots_adjust(left=0.26, right=0.95, top=0.95, bottom=0.24)
        svg = _render(fig)

    def describe(name: str, values: list[float]) -> str:
        if not values:
            return f"no {name}"
        return f"{len(values)} {name}, mean {np.mean(values):+.2f}, range {min(values):+.2f} to {max(values):+.2f}"

    alt = "Sentiment of " + describe("article paragraphs", editorial) + "; " + describe("comments", comments) + "."
    return Chart("sentiment", svg, alt)


def cluster_share_chart(labels: list[str], editorial_share: list[float], comment_share: list[float]) -> Chart:
    """Horizontal paired bars: each cluster's share of the editorial and of the comment units."""
    n = len(labels)
    with plt.rc_context(_RC):
        fig, ax = plt.subplots(figsize=(6.4, 0.45 * n + 0.9))
        y = np.arange(n)
        ax.barh(y - 0.2, editorial_share, height=0.38, color=PALETTE["editorial"], label="Article")
        ax.barh(y + 0.2, comment_share, height=0.38, color=PALETTE["comment"], label="Comments")
        ax.set_yticks(y, [_short(label) for label in labels])
        ax.invert_yaxis()
        ax.set_xlim(0, 1)
        ax.set_xticks([0, 0.25, 0.5, 0.75, 1], ["0", "25%", "50%", "75%", "100%"])
        ax.set_xlabel("Share of the side's argument sentences")
        ax.legend(loc="lower right", frameon=False)
        height = 0.45 * n + 0.9
        fig.subplots_adjust(left=0.42, right=0.95, top=1 - 0.1 / height, bottom=0.55 / height)
        svg = _render(fig)
    parts = [
        f"{label}: article {e:.0%}, comments {c:.0%}" for label, e, c in zip(labels, editorial_share, comment_share)
    ]
    return Chart("clusters", svg, "Argument clusters by side. " + "; ".join(parts) + ".")


def stance_chart(counts: dict[str, int], *, title: str) -> Chart:
    """One stacked bar of stance labels."""
    total = sum(counts.values())
    with plt.rc_context(_RC):
        fig, ax = plt.subplots(figsize=(6.4, 1.0))
        left = 0.0
        for label in ("support", "deny", "query", "comment"):
            share = counts.get(label, 0) / total if total else 0.0
            if share:
                ax.barh(0, share, left=left, color=STANCE_COLOURS[label], label=label, height=0.6)
                if share >= 0.08:
                    ax.text(left + share / 2, 0, f"{label} {share:.0%}", ha="center", va="center", color="white",
                            fontsize=8, fontweight="bold")
                left += share
        ax.set_xlim(0, 1)
        ax.set_xticks([0, 0.25, 0.5, 0.75, 1], ["0", "25%", "50%", "75%", "100%"])
        ax.set_yticks([])
        ax.set_title(title, loc="left")
        ax.spines["left"].set_visible(False)
        fig.subplots_adjust(left=0.02, right=0.95, top=0.72, bottom=0.25)
        svg = _render(fig)
    parts = [f"{label} {counts.get(label, 0)}" for label in ("support", "deny", "query", "comment")]
    return Chart("stance", svg, f"{title}: " + ", ".join(parts) + f" (of {total}).")


def timeline_chart(timestamps: list[str]) -> Chart | None:
    """Comments per day, or None when fewer than two comments have a timestamp."""
    days = sorted(t[:10] for t in timestamps if t)
    if len(days) < 2:
        return None
    dates = np.array(days, dtype="datetime64[D]")
    span = int((dates[-1] - dates[0]).astype(int)) + 1
    with plt.rc_context(_RC):
        fig, ax = plt.subplots(figsize=(6.4, 1.8))
        unique, counts = np.unique(dates, return_counts=True)
        ax.vlines(unique.astype("datetime64[D]").astype(object), 0, counts, color=PALETTE["comment"], lw=3)
        ax.scatter(unique.astype(object), counts, color=PALETTE["comment"], s=16, zorder=3)
        ax.set_ylim(0, max(counts) + 1)
        ax.set_ylabel("comments")
        fig.autofmt_xdate()
        fig.subplots_adjust(left=0.09, right=0.95, top=0.95, bottom=0.3)
        svg = _render(fig)
    busiest = unique[np.argmax(counts)]
    alt = (
        f"{len(days)} dated comments from {days[0]} to {days[-1]} ({span} days); "
        f"busiest day {busiest} with {max(counts)}."
    )
    return Chart("timeline", svg, alt)
