"""Reading files under a size limit without allocating the limit; writing them atomically."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


class FileTooLarge(ValueError):
    """The file holds more than the limit allowed."""


def read_limited(path: str | Path, limit: int) -> bytes:
    """The bytes of `path`; FileTooLarge beyond `limit` (checked before and while reading).

    `open().read(limit + 1)` would allocate a buffer of the limit's size for every small file,
    which costs more than reading thousands of credentials.
    """
    fd = os.open(path, os.O_RDONLY)
    try:
        size = os.fstat(fd).st_size
        if size > limit:
            raise FileTooLarge(f"{path} is larger than {limit} bytes")
        chunks: list[bytes] = []
        total = 0
        while True:
            # stat's size plus one byte: a file that grew meanwhile is still caught.
            chunk = os.read(fd, max(1, min(size + 1, limit + 1 - total)))
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise FileTooLarge(f"{path} is larger than {limit} bytes")
    finally:
        os.close(fd)


def write_atomically(path: Path, fill: Callable[[BinaryIO], object]) -> None:
    """Put a file at `path` whole or not at all: `fill` writes a temporary file beside it,
    which is synced and renamed over `path` (a rename within one folder is atomic); on any
    failure the temporary file is removed and `path` is left as it was."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # "x" mode creates it with the umask's permissions and never follows a planted file.
    temp = path.with_name(f".{path.name}.{os.urandom(6).hex()}.tmp")
    try:
        with open(temp, "xb") as out:
            fill(out)
            out.flush()
            os.fsync(out.fileno())
        temp.replace(path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
