"""Placing a run's files in `--out` atomically, and remembering an unfinished placement.

A target writes into a staging folder inside `--out` (so a rename never crosses file systems).
The loop then fsyncs every file and the folder, writes a small marker naming the run and its
final file names (`.hrkit-sync/<tenant>.<target>.json`), renames the files to their final names
and fsyncs `--out`; only after that does the database commit the watermark. The marker lets a
run that follows a crash finish the job: it reuses the unfinished run's range (so the names and
rows come out the same) and removes any file of it that the new run does not write again.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path

from hrkit.errors import SyncError, TerminalConnectorError

STATE_DIR = ".hrkit-sync"


@dataclass(frozen=True)
class Pending:
    """A run whose files may be in place but whose watermark may not be committed."""

    attempt: str
    run: int
    watermark: int
    upto: int
    full: bool
    files: list[str] = field(default_factory=list)
    # Final names of earlier unfinished attempts still to be removed.
    stale: list[str] = field(default_factory=list)


def stem(target: str, run: int, first: int, last: int) -> str:
    """The deterministic start of a run's file names: target, run number, change range."""
    return f"{target}-{run:06d}-{first:012d}-{last:012d}"


def final_name(target: str, stem_: str, relative: str) -> str:
    """The name in `--out` of a file the target wrote as `relative` in its staging folder.

    `csv.csv` → `<stem>.csv`; `workday_certifications.xlsx` → `<stem>_certifications.xlsx`;
    any other name (or a sub-folder) follows the stem: `people/ada.json` → `<stem>-people-ada.json`.
    """
    flat = relative.replace("/", "-")
    if flat.startswith(target) and flat[len(target) : len(target) + 1] in {".", "-", "_"}:
        return stem_ + flat[len(target) :]
    return f"{stem_}-{flat}"


class Placement:
    """The files of one tenant's runs of one target in one `--out` folder."""

    def __init__(self, out_dir: Path, tenant: str, target: str) -> None:
        self.out_dir = out_dir
        self.target = target
        # Absolute, so a target may report its files relative to its folder or as full paths.
        self.state_dir = out_dir.absolute() / STATE_DIR
        self.marker = self.state_dir / f"{tenant}.{target}.json"
        self.staging = self.state_dir / f"{tenant}.{target}.staging"

    def prepare(self) -> None:
        """Create `--out` when missing and an empty staging folder (left-overs removed)."""
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            self.state_dir.mkdir(exist_ok=True)
            if self.staging.exists():
                shutil.rmtree(self.staging)
            self.staging.mkdir()
        except OSError as exc:
            raise SyncError(f"cannot write in {self.out_dir}: {exc.strerror or exc}") from exc

    def pending(self) -> Pending | None:
        """The marker of an earlier run in this folder, or None."""
        try:
            data = json.loads(self.marker.read_text(encoding="utf-8"))
            return Pending(**data)
        except FileNotFoundError:
            return None
        except (ValueError, TypeError) as exc:
            raise SyncError(
                f"{self.marker} is damaged ({exc}); remove it after checking {self.out_dir} "
                "for files of an unfinished run"
            ) from exc

    def staged(self, paths: list[Path], stem_: str) -> list[tuple[Path, str]]:
        """(staged file, final name) for each file the target reported, checked and synced."""
        root = self.staging.resolve()
        placed: list[tuple[Path, str]] = []
        names: set[str] = set()
        for path in paths:
            resolved = (self.staging / path).resolve()
            if not resolved.is_relative_to(root) or not resolved.is_file():
                raise TerminalConnectorError(
                    f"target {self.target!r} reported {path}, not a file it wrote in its folder"
                )
            name = final_name(self.target, stem_, resolved.relative_to(root).as_posix())
            if name in names:
                raise TerminalConnectorError(f"target {self.target!r} wrote {name} twice")
            names.add(name)
            fsync_file(resolved)
            placed.append((resolved, name))
        for folder in {path.parent for path, _ in placed}:
            fsync_dir(folder)
        return placed

    def record(self, pending: Pending) -> None:
        """Write the marker durably before any file takes its final name."""
        temporary = self.marker.with_suffix(".tmp")
        try:
            with temporary.open("w", encoding="utf-8") as handle:
                json.dump(asdict(pending), handle)
                handle.flush()
                os.fsync(handle.fileno())
            temporary.replace(self.marker)
        except OSError as exc:
            raise SyncError(f"cannot write in {self.out_dir}: {exc.strerror or exc}") from exc
        fsync_dir(self.state_dir)

    def place(self, staged: list[tuple[Path, str]], stale: list[str]) -> None:
        """Rename the staged files to their final names, remove stale ones, sync the folder."""
        keep = {name for _, name in staged}
        for path, name in staged:
            path.replace(self.out_dir / name)
        for name in stale:
            if name not in keep and Path(name).name == name:
                with contextlib.suppress(FileNotFoundError):
                    (self.out_dir / name).unlink()
        fsync_dir(self.out_dir)

    def finish(self) -> None:
        """After the commit: the marker and the staging folder have served."""
        with contextlib.suppress(FileNotFoundError):
            self.marker.unlink()
        shutil.rmtree(self.staging, ignore_errors=True)
        with contextlib.suppress(OSError):
            self.state_dir.rmdir()  # only when no other target's run left anything there

    def discard_staging(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    """Make renames and new entries in `path` durable (a no-op where folders cannot be synced)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
