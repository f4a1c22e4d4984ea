"""An input to verify: its bytes, where it came from, and cheap decoded views of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from hrkit.verify import jsonload

MAX_INPUT_BYTES = (
    10_000_000  # baked images can be large; documents inside stay under jsonload's cap
)


@dataclass
class Document:
    """One input. `label` names it in the output (path, URL or `-`)."""

    label: str
    data: bytes
    # The URL it was fetched from (hosted assertions, credential URLs), when it was fetched.
    source_url: str | None = None
    # How deep in nested unwrapping we are (baked image → URL → document): bounded.
    depth: int = 0
    _json: Any = field(default=None, repr=False)
    _json_error: str | None = field(default=None, repr=False)
    _json_done: bool = field(default=False, repr=False)
    # Parses shared by the format verifiers that look at the same input (one parse per input).
    memo: dict[str, Any] = field(default_factory=dict, repr=False)

    @cached_property
    def text(self) -> str | None:
        """The input as text (UTF-8, BOM removed), or None for binary data."""
        try:
            return self.data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return None

    @cached_property
    def stripped(self) -> str:
        return (self.text or "").strip()

    def json(self) -> Any:
        """The parsed JSON value, or None when the input is not JSON (see `json_error`)."""
        if not self._json_done:
            self._json_done = True
            head = self.stripped[:1]
            if head in ("{", "["):
                try:
                    self._json = jsonload.loads(self.stripped, what="input")
                except jsonload.MalformedInput as exc:
                    self._json_error = str(exc)
        return self._json

    @property
    def json_error(self) -> str | None:
        self.json()
        return self._json_error

    def derived(self, data: bytes, *, source_url: str | None = None) -> Document:
        """A document found inside this one (baked payload, fetched URL), keeping the label."""
        return Document(self.label, data, source_url=source_url, depth=self.depth + 1)
