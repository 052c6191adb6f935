"""Writing outputs safely: atomic files and folders, sanitised names, tables on disk.

Every file discourse writes goes through here, so that an interrupted run never leaves a
half-written file (temporary file + rename) and no path derived from page content can
escape the output folder.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import polars as pl

from discourse.errors import InputError, OutputError

__all__ = [
    "atomic_directory",
    "atomic_write_bytes",
    "atomic_write_text",
    "prepare_output_dir",
    "read_stage_tables",
    "read_tables",
    "remove_temporaries",
    "safe_name",
    "write_stage_tables",
    "write_tables",
]

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"] + [f"com{i}" for i in range(1, 10)] + [f"lpt{i}" for i in range(1, 10)]
)
MAX_NAME = 80


def safe_name(name: str, *, default: str = "thread") -> str:
    """A file or folder name that cannot escape its parent or trip an operating system.

    >>> safe_name("../../etc/passwd")
    'etc-passwd'
    >>> safe_name("CON")
    '_CON'
    >>> safe_name("")
    'thread'
    """
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    name = _UNSAFE.sub("-", name).strip(".-_ ")
    name = re.sub(r"-{2,}", "-", name)[:MAX_NAME].rstrip(".-_ ")
    if not name:
        return default
    if name.split(".")[0].lower() in _RESERVED:
        name = "_" + name
    return name


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


#: The temporary folders :func:`atomic_directory` is building (in this thread or task). A file
#: written inside one is written in place, without an fsync of its own: nobody sees the folder
#: until it is renamed into place, and the rename (followed by one fsync of the parent) is what
#: makes it visible. Whoever trusts such a folder later (``--resume``) checks its contents
#: against the digest recorded when it was finished (see discourse.runner), so a folder whose
#: files did not reach the disk before a power cut is never taken for a finished one.
_BUILDING: contextvars.ContextVar[tuple[str, ...]] = contextvars.ContextVar("discourse_building", default=())


def _being_built(path: Path) -> bool:
    text = str(path)
    return any(text.startswith(prefix) for prefix in _BUILDING.get())


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes, *, sync: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    ``sync=False`` skips the fsync (for files whose loss only costs a recomputation). Inside a
    folder that :func:`atomic_directory` is building, the file is written directly and not synced.
    """
    path = Path(path)
    if _being_built(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        # mode 0600, as the temporary files of the other path (mkstemp) have always made them
        with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as handle:
            handle.write(data)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if sync:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def atomic_write_text(path: str | os.PathLike[str], text: str, *, sync: bool = True) -> None:
    """:func:`atomic_write_bytes` for UTF-8 text with ``\\n`` line ends."""
    atomic_write_bytes(path, text.encode("utf-8"), sync=sync)


@contextlib.contextmanager
def atomic_directory(target: str | os.PathLike[str], *, overwrite: bool = False) -> Iterator[Path]:
    """Build a folder under a temporary name and move it into place only when complete.

    If the body raises (or the process is killed), ``target`` is left as it was: either absent
    or the previous complete version. Stale temporary folders start with ``.tmp-``.

    Durability at the folder's grain: the files written inside it (through this module) get no
    fsync each; the finished folder is renamed into place and its parent synced, one fsync per
    folder (an fsync per file cost about 30 ms per thread folder of 20 files).
    """
    target = Path(target)
    parent = target.parent
    parent.mkdir(parents=True, exist_ok=True)
    if target.exists() and not overwrite:
        raise OutputError(f"{target}: exists (use --overwrite to replace it)")
    tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{target.name}.", dir=parent))
    token = _BUILDING.set((*_BUILDING.get(), str(tmp) + os.sep))
    try:
        try:
            yield tmp
        finally:
            _BUILDING.reset(token)
        if target.exists():
            trash = Path(tempfile.mkdtemp(prefix=f".old-{target.name}.", dir=parent))
            os.replace(target, trash / "old")
            os.replace(tmp, target)
            shutil.rmtree(trash, ignore_errors=True)
        else:
            os.replace(tmp, target)
        _fsync_dir(parent)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def prepare_output_dir(
    path: str | os.PathLike[str], *, overwrite: bool = False, resume: bool = False, clean: bool = True
) -> Path:
    """Create the run's output folder; refuse a non-empty one unless asked to overwrite or resume.

    ``clean=False`` leaves the temporary folders of a killed run for :func:`remove_temporaries`
    (a caller that first locks the folder must not delete a running run's work).
    """
    path = Path(path)
    try:
        if path.exists() and not path.is_dir():
            raise OutputError(f"{path}: exists and is not a folder")
        if path.exists() and any(path.iterdir()) and not (overwrite or resume):
            raise OutputError(f"{path}: folder is not empty (use --overwrite to replace its reports, or --resume)")
        path.mkdir(parents=True, exist_ok=True)
        if not os.access(path, os.W_OK | os.X_OK):
            raise OutputError(f"{path}: cannot write to this folder (permission denied)")
    except OSError as exc:  # -o under a file, on a read-only or full file system, no permission
        raise OutputError(f"{path}: cannot create the output folder ({exc.strerror or exc})") from None
    if clean:
        remove_temporaries(path)
    return path


def remove_temporaries(path: Path) -> None:
    """Delete the ``.tmp-*`` files and folders a killed run left in ``path``."""
    for stale in path.glob(".tmp-*"):
        shutil.rmtree(stale, ignore_errors=True) if stale.is_dir() else stale.unlink(missing_ok=True)


def write_tables(folder: str | os.PathLike[str], tables: dict[str, pl.DataFrame], *, formats=("parquet",)) -> None:
    """Write each table as ``<name>.<format>`` in ``folder`` (atomically, one file at a time)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    direct = _being_built(folder / "x")  # inside a folder being built: no temporary file needed
    for name, frame in tables.items():
        for fmt in formats:
            target = folder / f"{name}.{fmt}"
            if direct:
                _write_table(frame, target, fmt)
                os.chmod(target, 0o600)  # as mkstemp made them
                continue
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
            os.close(fd)
            try:
                _write_table(frame, tmp, fmt, target)
                os.replace(tmp, target)
            finally:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)


def _write_table(frame: pl.DataFrame, path: str | os.PathLike[str], fmt: str, target: Path | None = None) -> None:
    if fmt == "parquet":
        frame.write_parquet(path, statistics=False)
    elif fmt == "csv":
        _csv_ready(frame).write_csv(path)
    elif fmt == "ndjson":
        frame.write_ndjson(path)
    else:
        raise OutputError(f"{target or path}: unknown table format {fmt!r}")


#: A cell a spreadsheet would run as a formula (CSV injection, OWASP): = + - @, tab, carriage return.
FORMULA_START = r"^[=+\-@\t\r]"


def _csv_ready(frame: pl.DataFrame) -> pl.DataFrame:
    """CSV has no lists: join list columns with '; '. Text that a spreadsheet would take for a
    formula gets a leading single quote (as OWASP advises and spreadsheet-safe exporters do), so
    opening a CSV of hostile comments runs nothing; the Parquet and JSON outputs keep the text as is.

    >>> _csv_ready(pl.DataFrame({"text": ["=HYPERLINK(1)", "ok", "-1 from me", None]}))["text"].to_list()
    ["'=HYPERLINK(1)", 'ok', "'-1 from me", None]
    """
    frame = frame.with_columns(
        pl.col(name).list.join("; ") for name, dtype in frame.schema.items() if isinstance(dtype, pl.List)
    )
    return frame.with_columns(
        pl.when(pl.col(name).str.contains(FORMULA_START)).then(pl.lit("'") + pl.col(name)).otherwise(pl.col(name))
        .alias(name)
        for name, dtype in frame.schema.items() if dtype == pl.String
    )


def read_tables(folder: str | os.PathLike[str]) -> dict[str, pl.DataFrame]:
    """Read every ``<name>.parquet`` in ``folder`` into a dict."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(folder, "not a folder of tables")
    return {p.stem: pl.read_parquet(p) for p in sorted(folder.glob("*.parquet"))}


def read_stage_tables(folder: str | os.PathLike[str], *, required: tuple[str, ...] = ("threads",)):
    """The tables a stage command wrote (``<name>.parquet`` per ThreadTables table), conformed
    to their schemas; a missing optional table is empty."""
    from discourse.model import TABLE_SCHEMAS, ThreadTables, conform, empty

    folder = Path(folder)
    missing = [f"{name}.parquet" for name in required if not (folder / f"{name}.parquet").is_file()]
    if missing:
        raise InputError(folder, f"no {', '.join(missing)} (is this a folder written by a discourse stage?)")
    frames = {}
    for name, schema in TABLE_SCHEMAS.items():
        path = folder / f"{name}.parquet"
        if not path.is_file():
            frames[name] = empty(schema)
            continue
        try:
            frames[name] = conform(pl.read_parquet(path), schema)
        except Exception as exc:  # polars/pyarrow raise many kinds on a broken file
            raise InputError(path, f"cannot read Parquet table: {exc}") from None
    return ThreadTables(**frames)


def write_stage_tables(tables, folder: str | os.PathLike[str], *, overwrite: bool = False) -> list[Path]:
    """Write every table of ``tables`` as ``<name>.parquet`` in ``folder`` (atomically, file by file)."""
    folder = Path(folder)
    existing = [name for name, _ in tables.items() if (folder / f"{name}.parquet").exists()]
    if existing and not overwrite:
        raise OutputError(f"{folder}: {', '.join(n + '.parquet' for n in existing)} exist (use --overwrite)")
    try:
        write_tables(folder, dict(tables.items()), formats=("parquet",))
    except OSError as exc:
        raise OutputError(f"{folder}: cannot write tables: {exc}") from None
    return [folder / f"{name}.parquet" for name, _ in tables.items()]
