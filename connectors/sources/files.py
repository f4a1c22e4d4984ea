"""Files of a file-based source: a file or a folder (recursively), with modification cursors.

The cursor is a modification time (nanoseconds, zero-padded so that strings sort like
numbers): a file's own, or the `holders.csv` beside it when that is newer. A re-pull reads only
files changed since; a changed `holders.csv` makes every file count as changed, since whom they
belong to may have changed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from connectors.sources.base import Problems
from connectors.sources.holders import HOLDERS_FILE, HolderMap
from hrkit.errors import TerminalConnectorError
from hrkit.fileio import FileTooLarge, read_limited
from hrkit.verify.document import MAX_INPUT_BYTES


@dataclass(frozen=True)
class SourceFile:
    path: Path
    # The path relative to the folder that was given (the file name for a single file).
    relative: str
    mtime_ns: int

    @property
    def cursor(self) -> str:
        return mtime_cursor(self.mtime_ns)

    def cursor_with(self, holders: HolderMap) -> str:
        """The position of this file as read with `holders`."""
        return mtime_cursor(max(self.mtime_ns, holders.mtime_ns))

    def read(self, problems: Problems) -> bytes | None:
        """The file's bytes, or None after noting why they cannot be read."""
        try:
            return read_limited(self.path, MAX_INPUT_BYTES)
        except FileTooLarge:
            problems.add(str(self.path), f"larger than {MAX_INPUT_BYTES} bytes")
        except OSError as exc:
            problems.add(str(self.path), f"cannot read: {exc.strerror or exc}")
        return None


def mtime_cursor(mtime_ns: int) -> str:
    return f"{mtime_ns:020d}"


@dataclass(frozen=True)
class Listing:
    """The files to read at a location, oldest change first, and the holders mapped there."""

    files: list[SourceFile]
    holders: HolderMap


def listing(location: str, extensions: frozenset[str], cursor: str | None) -> Listing:
    """The files at `location` with one of `extensions`, changed after `cursor`."""
    path = Path(location).expanduser()
    if path.is_dir():
        root, files = path, list(_walk(path, extensions))
    elif path.is_file():
        root, files = path.parent, [_entry(path, path.name)]
    else:
        raise TerminalConnectorError(f"no such file or folder: {location}")
    holders = HolderMap.beside(root)
    if cursor is not None and mtime_cursor(holders.mtime_ns) <= cursor:
        files = [f for f in files if f.cursor > cursor]
    files.sort(key=lambda f: (f.mtime_ns, f.relative))
    return Listing(files, holders)


def _walk(root: Path, extensions: frozenset[str]) -> Iterator[SourceFile]:
    # Hidden files and folders are skipped, and symbolic links to folders are not followed
    # (a link cycle would never end); linked files are read like any other.
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if name.startswith(".") or name == HOLDERS_FILE:
                continue
            if Path(name).suffix.lower() not in extensions:
                continue
            path = Path(folder) / name
            try:
                yield _entry(path, path.relative_to(root).as_posix())
            except FileNotFoundError:
                continue  # removed while we walked


def _entry(path: Path, relative: str) -> SourceFile:
    return SourceFile(path, relative, path.stat().st_mtime_ns)
