"""`wallet`: verifiable presentations a candidate's wallet produced, one credential at a time.

LOCATION is a presentation file (JSON `VerifiablePresentation`, or a JWT whose claims are one,
in `.json`, `.jsonld`, `.jwt` or `.txt`) or a folder of them (read recursively). Every enclosed
credential is yielded on its own: an embedded JSON credential as its JSON, an enveloped or
listed JWT as the token. The holder is, in order: the person `holders.csv` maps the file to;
the person it maps the presentation's `holder` id to, or the `holder` itself when it is an email
or `mailto:` URI; the person it maps the credential's subject id to; the credential's plain
recipient email. Presentations in other envelopes (SD-JWT, COSE) are yielded whole. A file
that is a single credential rather than a presentation is yielded as it is. The ref is
`PATH#N` (the credential's position); the cursor is the file's modification time.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from connectors.sources.base import Problems, Source
from connectors.sources.files import SourceFile, listing
from connectors.sources.holders import (
    NOBODY,
    Holder,
    HolderMap,
    credential_json,
    email_of,
    json_or_claims,
    resolve,
)
from hrkit.ports import SourceDocument

EXTENSIONS = frozenset({".json", ".jsonld", ".jwt", ".txt"})


class WalletSource(Source):
    """The credentials inside verifiable presentations (JSON or JWT), with their holder."""

    name = "wallet"

    def read(self, location: str, cursor: str | None = None) -> Iterator[SourceDocument]:
        problems = Problems()
        found = listing(location, EXTENSIONS, cursor)
        for entry in found.files:
            data = entry.read(problems)
            if data is not None:
                yield from _documents(entry, data, found.holders)
        problems.raise_if_any()


def _documents(entry: SourceFile, data: bytes, holders: HolderMap) -> Iterator[SourceDocument]:
    ref, at = str(entry.path), entry.cursor_with(holders)
    by_file = holders.for_file(entry.relative)
    presentation = _presentation(data)
    if presentation is None:
        holder = by_file or resolve(credential_json(data), holders)
        yield SourceDocument(data, holder.email, holder.name, ref=ref, cursor=at)
        return
    vp = presentation
    presenter = by_file or _presenter(vp, holders)
    entries = vp.get("verifiableCredential")
    entries = entries if isinstance(entries, list) else [] if entries is None else [entries]
    if not entries:
        # Nothing to split: the engine reports what is wrong with the presentation.
        yield SourceDocument(data, presenter.email, presenter.name, ref=ref, cursor=at)
        return
    for position, item in enumerate(entries):
        document = _credential(item)
        holder = presenter
        if holder is NOBODY:
            holder = resolve(credential_json(document), holders)
        yield SourceDocument(document, holder.email, holder.name, f"{ref}#{position}", at)


def _presentation(data: bytes) -> dict[str, Any] | None:
    """The presentation in `data` (a JWT's holder defaults to its issuer), else None."""
    claims, jwt = json_or_claims(data)
    if not jwt:
        return claims if _is_presentation(claims) else None
    legacy = isinstance(claims.get("vp"), dict) and "@context" not in claims
    vp = dict(claims["vp"]) if legacy else claims
    if not legacy and not _is_presentation(vp):
        return None
    if not vp.get("holder"):
        vp["holder"] = claims.get("iss")
    return vp


def _is_presentation(value: object) -> bool:
    if not isinstance(value, dict):
        return False
    types = value.get("type")
    return "VerifiablePresentation" in (types if isinstance(types, list) else [types])


def _presenter(vp: Mapping[str, Any], holders: HolderMap) -> Holder:
    holder = vp.get("holder")
    holder_id = holder.get("id") if isinstance(holder, Mapping) else holder
    mapped = holders.for_ids([holder_id])
    if mapped is not None:
        return mapped
    email = email_of(holder_id)
    return Holder(email) if email else NOBODY


def _credential(item: object) -> bytes:
    """One enclosed credential as a document of its own (as the engine reads it in place)."""
    from hrkit.verify import jose, mediatypes

    if isinstance(item, str):
        return item.encode()
    if isinstance(item, dict) and "EnvelopedVerifiableCredential" in _types(item):
        try:
            return mediatypes.parse_enveloped_data_url(item.get("id"))[1]
        except jose.TokenError:
            pass  # the JSON stays as it is: verifying it says what is wrong
    # The same serialisation the engine gives an embedded credential, so the stored document
    # is the same whether the presentation or the credential alone was pulled.
    return json.dumps(item, ensure_ascii=False, separators=(",", ":")).encode()


def _types(value: Mapping[str, Any]) -> list[Any]:
    types = value.get("type")
    return types if isinstance(types, list) else [types]
