"""The offline document map (`--documents MAP.json`): URLs answered from local files."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path

from hrkit.errors import ConfigError, FetchError, FetchRefusedError
from hrkit.fileio import FileTooLarge, read_limited

_CONTENT_TYPES = {
    ".json": "application/json",
    ".jsonld": "application/json",
    ".png": "image/png",
    ".svg": "image/svg+xml",
}


def guess_content_type(path: Path) -> str | None:
    """The media type the fetcher reports for a mapped file, from its extension."""
    return _CONTENT_TYPES.get(path.suffix.lower())


class DocumentMap:
    """URL → local file; paths in a map file are relative to the map file's folder."""

    def __init__(self, entries: Mapping[str, str | os.PathLike[str]], *, base: Path) -> None:
        self._entries = {url: base / path for url, path in entries.items()}

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> DocumentMap:
        """The map in the JSON file `path`: `{"<url>": "<file relative to the map>", ...}`."""
        source = Path(path)
        try:
            data = json.loads(source.read_text(encoding="utf-8"))
        except OSError as exc:
            raise ConfigError(f"cannot read document map {source}: {exc.strerror}") from None
        except UnicodeDecodeError:
            raise ConfigError(f"document map {source} is not UTF-8 text") from None
        except json.JSONDecodeError as exc:
            raise ConfigError(
                f"document map {source} is not valid JSON (line {exc.lineno}: {exc.msg})"
            ) from None
        if not isinstance(data, dict) or not all(
            isinstance(key, str) and isinstance(value, str) and value for key, value in data.items()
        ):
            raise ConfigError(
                f'document map {source} must be a JSON object of "<url>": "<file path>" strings'
            )
        return cls(data, base=source.resolve().parent)

    def __len__(self) -> int:
        return len(self._entries)

    def lookup(self, url: str) -> Path | None:
        """The file mapped to `url`, or to `url` without its `#fragment`; None when unmapped."""
        found = self._entries.get(url)
        if found is None and "#" in url:
            found = self._entries.get(url.split("#", 1)[0])
        return found


def read_mapped_file(path: Path, max_bytes: int) -> bytes:
    """The bytes of the mapped file `path`, refused beyond `max_bytes`."""
    try:
        return read_limited(path, max_bytes)
    except FileNotFoundError:
        raise FetchError(f"the mapped file {path} does not exist") from None
    except FileTooLarge:
        raise FetchRefusedError(
            f"the mapped file {path} is larger than {max_bytes} bytes"
        ) from None
    except OSError as exc:
        raise FetchError(f"cannot read the mapped file {path}: {exc.strerror}") from None
