"""Reading files in chunks: the content hashes used for provenance, resume and import ids."""

from __future__ import annotations

import hashlib
import os
from typing import Any

CHUNK = 1 << 20


def digest_file(path: str | os.PathLike[str], digest: Any = None, *, algorithm: str = "sha256") -> Any:
    """Feed a file's bytes into ``digest`` (a new ``algorithm`` hash by default) and return it."""
    digest = digest if digest is not None else hashlib.new(algorithm)
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest
