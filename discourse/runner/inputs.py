"""Finding a run's inputs: files, folders, globs and ``-`` expanded; input hashes; pipes read once."""

from __future__ import annotations

import glob
import hashlib
import logging
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from discourse._files import digest_file
from discourse.errors import InputError
from discourse.file_endings import INPUT_SUFFIXES

#: The package's one logger name (log lines read "discourse.runner: ..." as before the split).
log = logging.getLogger("discourse.runner")


def iter_inputs(
    paths: Iterable[str | os.PathLike[str]],
    *,
    stdin=None,
    exclude: Iterable[str | os.PathLike[str]] = (),
) -> Iterator[str]:
    """Expand files, folders (recursively, sorted), globs and ``-`` (paths on stdin), lazily.

    A path that matches nothing is yielded as is, so the run reports it as an error rather
    than dropping it silently. Folders and globs never yield anything under ``exclude`` (the
    command's own output: ``cd pages && discourse run .`` must not read ``./reports``), nor
    files that are not regular files (a FIFO would block the run forever; warned and skipped).
    """
    excluded = {os.path.realpath(p) for p in exclude}

    def skip(candidate: str) -> bool:  # the output itself or anything inside it
        if not excluded:
            return False
        real = os.path.realpath(candidate)
        return any(real == ex or real.startswith(ex.rstrip(os.sep) + os.sep) for ex in excluded)

    for raw in paths:
        raw = str(raw)
        if raw == "-":
            for line in stdin or sys.stdin:
                line = line.strip()
                if line:
                    yield from iter_inputs([line], exclude=excluded)
            continue
        path = Path(raw)
        if path.is_dir() and skip(raw):
            log.warning("%s: is the output folder; not read as input", raw)
            continue
        if path.is_dir() and _is_corpus_folder(path):
            yield raw  # a ConvoKit corpus or a folder of Reddit dumps is one input
        elif path.is_dir():
            def unreadable(exc: OSError) -> None:
                log.warning("%s: cannot read folder (%s); skipped", exc.filename, exc.strerror or exc)

            for root, dirs, files in os.walk(path, onerror=unreadable):
                kept = []
                for d in sorted(d for d in dirs if not d.startswith(".")):
                    full = os.path.join(root, d)
                    if skip(full):
                        continue
                    if _is_corpus_folder(Path(full)):
                        yield full
                    else:
                        kept.append(d)
                dirs[:] = kept
                for name in sorted(files):
                    if name.startswith(".") or not name.lower().endswith(INPUT_SUFFIXES):
                        continue
                    full = os.path.join(root, name)
                    if skip(full):
                        continue
                    if not _regular(full):
                        log.warning("%s: not a regular file (a pipe or device?); skipped", full)
                        continue
                    yield full
        elif not path.exists() and glob.has_magic(raw):
            matches = [m for m in sorted(glob.glob(raw, recursive=True)) if not skip(m)]
            # A glob that matches nothing is yielded as is: the run reports it instead of dropping it.
            yield from matches or [raw]
        else:
            yield raw


def _regular(path: str) -> bool:
    """A regular file (following symlinks); False for FIFOs, sockets, devices, broken links."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return True  # let the reader report the problem in its own words


def _is_corpus_folder(path: Path) -> bool:
    """A folder that is one input: a ConvoKit corpus (utterances.jsonl) or Reddit dumps."""
    from discourse.parse.sources import detect_import_format

    try:
        if (path / "utterances.jsonl").is_file():
            return True
        return detect_import_format(path, b"") is not None
    except OSError:  # an unreadable folder: os.walk reports it and goes on
        return False


def _input_hash(source: str, data: bytes | None = None) -> str | None:
    """SHA-256 of a file's bytes, or of a folder's file names and bytes (sorted)."""
    if data is not None:
        return hashlib.sha256(data).hexdigest()
    path = Path(source)
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    digest = hashlib.sha256()
    try:
        for file in files:
            if path.is_dir():
                digest.update(str(file.relative_to(path)).encode("utf-8", "surrogatepass") + b"\0")
            digest_file(file, digest)
        return digest.hexdigest()
    except OSError:
        return None


def _read_stream(source: str) -> bytes | None:
    """The bytes of a pipe or device named on the command line (``<(cat page.txt)``), read once.

    Hashing such an input for ``--resume`` and then parsing it would read it twice, and the
    second read finds it empty. None for regular files and folders (read as usual).
    """
    from discourse.parse.formats import MAX_INPUT_BYTES

    try:
        mode = os.stat(source).st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    try:
        with open(source, "rb") as stream:
            data = stream.read(MAX_INPUT_BYTES + 1)  # bounded: a pipe has no size to check first
    except OSError as exc:
        raise InputError(source, f"cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(source, f"more than {MAX_INPUT_BYTES} bytes: over the input limit")
    return data
