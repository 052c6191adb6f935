"""One input through the whole pipeline into its thread folders (what each worker runs); never raises."""

from __future__ import annotations

import glob
import hashlib
import json
import logging
import os
from pathlib import Path

from discourse._version import __version__
from discourse.errors import DiscourseError
from discourse.outputs import (
    MAX_NAME,
    atomic_directory,
    atomic_write_text,
    safe_name,
)
from discourse.runner.inputs import _input_hash, _read_stream
from discourse.runner.options import InputResult, RunOptions
from discourse.runner.state import _fingerprint, _resumable, _state_path, folder_digest, options_key

#: The package's one logger name (log lines read "discourse.runner: ..." as before the split).
log = logging.getLogger("discourse.runner")


#: The page parser's formats: their thread ids carry the page's content hash (make_thread_id).
PAGE_FORMATS = frozenset({"txt", "html", "jsonl", "json", "csv"})


def thread_folder(thread_id: str, source: str, input_format: str | None = None) -> str:
    """The folder name of a thread: unique, and unique ignoring case, for distinct ids or sources.

    A page's thread id (lower case, already a safe name) is used as it is: it carries the
    page's content hash. Any other id gets a hash of its source and id appended after ``--``,
    which :func:`~discourse.outputs.safe_name` never produces, so the two kinds cannot meet:
    ids that slug alike (``a``, ``a-``, ``a_``), ids differing only in case (one folder on
    macOS and Windows), and the same id in two exports (16 files named ``export.xml``) each
    get a folder of their own, the same one on every run.

    >>> thread_folder("000_a7b276a8953e2a0d-0c4df779", "seeds/000_a7b276a8953e2a0d.txt", "txt")
    '000_a7b276a8953e2a0d-0c4df779'
    >>> thread_folder("a_", "comments.csv", "comments-table")
    'a--62d4992142'
    """
    base = safe_name(thread_id)
    if input_format in PAGE_FORMATS and base == thread_id and base == base.lower():
        return base
    key = hashlib.sha1(f"{source}\0{thread_id}".encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"{base[:MAX_NAME - 12].rstrip('.-_') or 'thread'}--{key}"


def process_input(source: str, options: RunOptions) -> InputResult:
    """Parse one input file and write the outputs of each of its threads. Never raises."""
    from discourse._threads import one_blas_thread

    with one_blas_thread():  # parallelism is across inputs, not inside one
        return _process_input(source, options)


def _process_input(source: str, options: RunOptions) -> InputResult:
    from discourse.contrast import contrast_thread
    from discourse.corpus import thread_centroid
    from discourse.parse import parse_file
    from discourse.pipeline import analyze
    from discourse.privacy import pseudonymize, redact
    from discourse.report import render_thread

    out = Path(options.output_dir)
    result = InputResult(source=source)
    stage = "read"
    if glob.has_magic(source) and not os.path.lexists(source):  # iter_inputs passes an empty glob on
        result.errors.append({"source": source, "stage": stage, "error": f"{source}: no file matches this pattern"})
        return result
    try:
        data = _read_stream(source)
    except DiscourseError as exc:
        result.errors.append({"source": source, "stage": stage, "error": str(exc)})
        return result
    input_hash = _input_hash(source, data)
    if options.resume:
        state = _resumable(out, source, input_hash, options)
        if state is not None:
            result.threads = state["threads"]
            result.skipped = True
            return result
    stage = "parse"
    digests: dict[str, str | None] = {}
    try:
        threads = parse_file(source, data=data, input_format=options.input_format, captured_at=options.captured_at,
                             columns=dict(options.columns) or None, articles=options.articles)
        for thread in threads:
            stage = "privacy"
            if options.redact:
                thread = redact(thread)
            if options.pseudonym_salt:
                thread = pseudonymize(thread, bytes.fromhex(options.pseudonym_salt))
            stage = "analyze"
            tables = analyze(thread)
            stage = "contrast"
            contrast = contrast_thread(tables)
            centroid = thread_centroid(tables)
            stage = "report"
            folder = thread_folder(thread.thread_id, source, thread.input_format)
            with atomic_directory(out / folder, overwrite=True) as tmp:
                summary = render_thread(
                    tables, contrast, tmp, thread=thread, generated_at=options.generated_at,
                    table_formats=options.table_formats, pseudonymized=_fingerprint(options),
                )
            summary["folder"] = folder
            summary["centroid"] = centroid  # for finding related threads at the corpus level
            result.threads.append(summary)
            digests[folder] = folder_digest(out / folder)
        stage = "state"
        state = {"source": source, "input_hash": input_hash, "version": __version__, "options": options_key(options),
                 "threads": result.threads, "digests": digests}
        # No fsync: a state file lost in a power cut only makes --resume redo the input, and one
        # that survives is trusted only for folders whose files match its digests.
        atomic_write_text(_state_path(out, source), json.dumps(state, ensure_ascii=False, sort_keys=True),
                          sync=False)
    except DiscourseError as exc:
        result.errors.append({"source": source, "stage": stage, "error": str(exc)})
    except MemoryError:
        result.errors.append({"source": source, "stage": stage, "error": f"{source}: out of memory"})
    except Exception as exc:  # one page must never sink the run; keep the bug visible in the log
        log.debug("unexpected error on %s", source, exc_info=True)
        result.errors.append(
            {"source": source, "stage": stage, "error": f"{source}: internal error ({type(exc).__name__}: {exc})"}
        )
    return result
