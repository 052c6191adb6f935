"""``--resume`` state: one file per input under ``.state/``, keyed by input hash, version and options;
thread folders trusted only when their digest matches."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from discourse._files import digest_file
from discourse._version import __version__
from discourse.outputs import (
    atomic_write_text,
)
from discourse.runner.options import RunOptions

STATE_DIR = ".state"


def options_key(options: RunOptions) -> dict:
    """Every option that changes a thread's outputs: ``--resume`` reuses a result only when equal.

    The pseudonym salt is keyed by its fingerprint (the salt itself stays in the output folder).
    """
    return {
        "input_format": options.input_format,
        "captured_at": options.captured_at,
        "columns": [list(pair) for pair in options.columns],
        "articles": options.articles,
        "generated_at": options.generated_at,
        "table_formats": list(options.table_formats),
        "pseudonymized": _fingerprint(options),
        "redact": options.redact,
        "contrast_related": options.contrast_related,
    }


def _fingerprint(options: RunOptions) -> str | None:
    from discourse.privacy import salt_fingerprint

    return salt_fingerprint(bytes.fromhex(options.pseudonym_salt)) if options.pseudonym_salt else None


def _state_path(out: Path, source: str) -> Path:
    return out / STATE_DIR / (hashlib.sha1(source.encode("utf-8", "surrogatepass")).hexdigest() + ".json")


def _resumable(out: Path, source: str, input_hash: str | None, options: RunOptions) -> dict | None:
    """The recorded result of ``source`` if it is complete and from the same input, version and options."""
    try:
        state = json.loads(_state_path(out, source).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if state.get("input_hash") != input_hash or state.get("version") != __version__:
        return None
    if state.get("options") != options_key(options):
        return None
    digests = state.get("digests") or {}
    for thread in state.get("threads", []):
        folder = out / thread["folder"]
        # A folder counts as finished only with the very files recorded when it was finished: its
        # files get no fsync of their own (one per folder, see atomic_directory), so after a power
        # cut a folder can exist with files that never reached the disk; it is then redone.
        if not folder.is_dir() or digests.get(thread["folder"]) != folder_digest(folder):
            return None
    return state


def folder_digest(folder: Path) -> str | None:
    """SHA-256 over a finished thread folder's files: relative names, sizes and bytes (sorted).

    None when the folder cannot be read. ``--resume`` reuses a folder only when this matches
    the digest recorded in the input's state when the folder was finished.
    """
    digest = hashlib.sha256()
    try:
        files = sorted(p for p in folder.rglob("*") if p.is_file())
        for path in files:
            name = path.relative_to(folder).as_posix().encode("utf-8", "surrogatepass")
            digest.update(name + b"\0" + str(path.stat().st_size).encode() + b"\0")
            digest_file(path, digest)
    except OSError:
        return None
    return digest.hexdigest()


def _record_digest(out: Path, source: str, folder: str) -> None:
    """After the corpus step rewrote ``folder``, record its new digest in ``source``'s state."""
    path = _state_path(out, source)
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return  # no state: the input is redone on --resume anyway
    state.setdefault("digests", {})[folder] = folder_digest(out / folder)
    atomic_write_text(path, json.dumps(state, ensure_ascii=False, sort_keys=True), sync=False)
