"""What `hrkit verify` was given: files, folders (every file, by name), URLs, or `-` for stdin."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from hrkit.fileio import read_limited
from hrkit.verify.document import MAX_INPUT_BYTES, Document


@dataclass(frozen=True)
class InputRef:
    """One input, cheap to pickle to a worker process; `load()` reads it."""

    label: str
    path: str | None = None
    data: bytes | None = None
    problem: str | None = None
    # Whom this input must have been issued to (overrides the run's recipient).
    recipient: str | None = None

    def load(self) -> Document:
        if self.data is not None:
            return Document(self.label, self.data)
        if self.path is None:  # a URL: the engine fetches it
            return Document(self.label, self.label.encode())
        return Document(self.label, read_capped(Path(self.path)))


def read_capped(path: Path) -> bytes:
    return read_limited(path, MAX_INPUT_BYTES)


def expand(arguments: list[str], stdin: bytes | None = None) -> list[InputRef]:
    """Inputs in the order given; a folder contributes its files sorted by name (not recursive)."""
    refs: list[InputRef] = []
    for argument in arguments:
        if argument == "-":
            refs.append(InputRef("-", data=stdin or b""))
            continue
        if urlsplit(argument).scheme in {"http", "https"}:
            refs.append(InputRef(argument))
            continue
        path = Path(argument)
        if path.is_dir():
            # scandir knows file types from the directory listing: no stat per file.
            with os.scandir(path) as entries:
                names = sorted(
                    e.name for e in entries if not e.name.startswith(".") and e.is_file()
                )
            refs.extend(InputRef(str(path / name), path=str(path / name)) for name in names)
        elif path.is_file():
            refs.append(InputRef(argument, path=argument))
        else:
            refs.append(InputRef(argument, problem=f"no such file or folder: {argument}"))
    return refs
