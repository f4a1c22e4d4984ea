"""`openbadges`: credential files, folders of them, URLs, and baked badge images.

LOCATION is a file, a folder (read recursively: `.json`, `.jsonld`, `.jwt`, `.txt` holding one
JWT or one URL, `.png` and `.svg` baked badges), or an http(s) URL fetched through the guarded
fetcher. Each document is yielded as it was found (an image stays an image: the engine unbakes
it). The holder is the one `holders.csv` maps the file to, else the one a mapped subject id
names, else the plain recipient email the credential states; a URL inside a baked image or a
`.txt` file is fetched (guarded) to read it. The ref is the file path or the URL; the cursor is
the file's modification time, so a re-pull skips unchanged files (URLs are always read again).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from connectors.sources.base import Problems, Source, fetch_document, is_url
from connectors.sources.files import SourceFile, listing
from connectors.sources.holders import NOBODY, HolderMap, credential_json, resolve
from hrkit.errors import HrkitError
from hrkit.ports import SourceDocument

if TYPE_CHECKING:
    from hrkit.verify.context import DocumentFetcher

EXTENSIONS = frozenset({".json", ".jsonld", ".jwt", ".txt", ".png", ".svg"})


class OpenBadgesSource(Source):
    """Open Badges and other credentials from files, folders, URLs and baked images."""

    name = "openbadges"

    def read(self, location: str, cursor: str | None = None) -> Iterator[SourceDocument]:
        problems = Problems()
        with self.network() as fetcher:
            if is_url(location.strip()):
                yield from self._url(location.strip(), fetcher, problems)
            else:
                found = listing(location, EXTENSIONS, cursor)
                for entry in found.files:
                    document = self._file(entry, found.holders, fetcher, problems)
                    if document is not None:
                        yield document
        problems.raise_if_any()

    def _url(
        self, url: str, fetcher: DocumentFetcher, problems: Problems
    ) -> Iterator[SourceDocument]:
        content = fetch_document(fetcher, url, problems)
        if content is not None:
            holder = resolve(credential_json(content), HolderMap())
            yield SourceDocument(content, holder.email, holder.name, ref=url)

    def _file(
        self, entry: SourceFile, holders: HolderMap, fetcher: DocumentFetcher, problems: Problems
    ) -> SourceDocument | None:
        data = entry.read(problems)
        if data is None:
            return None
        # What the credential says is read from what a URL inside the file points to.
        inner = _url_inside(data)
        readable = data if inner is None else fetch_document(fetcher, inner, problems)
        if readable is None:
            return None
        holder = holders.for_file(entry.relative) or NOBODY
        if holder is NOBODY:
            holder = resolve(credential_json(readable), holders)
        return SourceDocument(
            data, holder.email, holder.name, ref=str(entry.path), cursor=entry.cursor_with(holders)
        )


def _url_inside(data: bytes) -> str | None:
    """The URL a baked image or a text file holds instead of a credential, if it holds one."""
    from hrkit.verify.baked import extract_baked, is_baked_image

    if is_baked_image(data):
        try:
            data = extract_baked(data)
        except HrkitError:
            return None
    text = data[:4096].decode("utf-8-sig", "replace").strip()
    return text if is_url(text) and len(data) <= 4096 else None
