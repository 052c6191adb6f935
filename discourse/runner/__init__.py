"""Corpus runs: find the inputs, run every page through the pipeline, write reports and index.

One bad page never sinks a run: each input is processed on its own (in a worker process
when ``jobs > 1``); its error is recorded in ``errors.jsonl`` and the index, and the run goes
on. Each thread's folder is built under a temporary name and renamed into place when
complete, so a killed run leaves complete thread folders or none.

The package, one module per concept: ``options`` (RunOptions, the results), ``inputs`` (input
expansion), ``worker`` (one input through the pipeline), ``backends`` (process pool, Dask),
``state`` (``--resume``), ``related`` (the corpus step) and ``run`` (run_corpus). Every name
is importable from ``discourse.runner`` as before the split.
"""

from __future__ import annotations

from discourse.runner.backends import DASK_BATCH, _batches, process_batch
from discourse.runner.inputs import INPUT_SUFFIXES, iter_inputs
from discourse.runner.options import TABLE_FORMATS, InputResult, RunOptions, RunSummary, parse_table_formats
from discourse.runner.related import INDEX_RELATED, link_related_threads
from discourse.runner.run import run_corpus
from discourse.runner.state import STATE_DIR, folder_digest, options_key
from discourse.runner.worker import PAGE_FORMATS, process_input, thread_folder

__all__ = [
    "DASK_BATCH",
    "INDEX_RELATED",
    "INPUT_SUFFIXES",
    "PAGE_FORMATS",
    "STATE_DIR",
    "TABLE_FORMATS",
    "InputResult",
    "RunOptions",
    "RunSummary",
    "_batches",
    "folder_digest",
    "iter_inputs",
    "link_related_threads",
    "options_key",
    "parse_table_formats",
    "process_batch",
    "process_input",
    "run_corpus",
    "thread_folder",
]
