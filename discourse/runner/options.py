"""A corpus run's settings (RunOptions, ``--tables``) and what it reports back (InputResult, RunSummary)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RunOptions:
    """Settings of one corpus run, passed to every worker."""

    output_dir: str
    jobs: int = 1
    overwrite: bool = False
    resume: bool = False
    input_format: str | None = None
    captured_at: str | None = None
    columns: tuple[tuple[str, str], ...] = ()  # comments-table column mapping (ours, theirs)
    articles: str | None = None  # a separate articles table for a comments table
    generated_at: str | None = None
    table_formats: tuple[str, ...] = ("csv", "parquet")
    pseudonymize: bool = False
    redact: bool = False
    pseudonym_salt: str | None = None  # hex; set by run_corpus from the output folder's salt
    backend: str = "local"  # "local" (process pool) or "dask"
    scheduler: str | None = None  # dask scheduler address; None = a LocalCluster with `jobs` workers
    # A page without comments is contrasted with related threads' commenters only when asked (issue 20:
    # another page's comments answered another article).
    contrast_related: bool = False


@dataclass
class InputResult:
    """What processing one input file gave: summaries of its threads, or its errors."""

    source: str
    threads: list[dict] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    skipped: bool = False


@dataclass
class RunSummary:
    """Totals of a run, for the exit code and the final message."""

    inputs: int = 0
    threads: int = 0
    failed: int = 0
    skipped: int = 0
    seconds: float = 0.0
    errors: list[dict] = field(default_factory=list)

    @property
    def all_failed(self) -> bool:
        return self.inputs > 0 and self.failed >= max(1, 0.99 * self.inputs) and self.threads == 0


#: Table formats ``--tables`` accepts, in the order they are written.
TABLE_FORMATS = ("csv", "parquet", "ndjson")


def parse_table_formats(text: str) -> tuple[str, ...]:
    """``--tables``: comma-separated formats, in the canonical order; Parquet must be one of them.

    >>> parse_table_formats("parquet, csv")
    ('csv', 'parquet')
    >>> parse_table_formats("parquet")
    ('parquet',)
    """
    asked = {part.strip().lower().lstrip(".") for part in text.split(",") if part.strip()}
    unknown = sorted(asked - set(TABLE_FORMATS))
    if unknown:
        names = ", ".join(map(repr, unknown))
        raise ValueError(f"unknown table format {names} (choose from {', '.join(TABLE_FORMATS)})")
    if "parquet" not in asked:
        raise ValueError("parquet must be one of the formats (exports and the corpus step read it); "
                         "e.g. --tables csv,parquet")
    return tuple(f for f in TABLE_FORMATS if f in asked)
