"""`sources pull`: read an issuer source from its saved cursor, verify, store for each holder.

The loop owns the state: a source only yields documents (and raises, after the last one, what
it could not read). Documents are verified with no transaction open, then stored together with
the new cursor in one transaction, so a pull stopped at any point stores nothing twice and
loses nothing. A retryable failure (a fetch that may succeed later) keeps the cursor where it
was; a terminal one (the same input fails the same way) is reported and the cursor moves on.
"""

from __future__ import annotations

import hashlib
import inspect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from hrkit import plugins
from hrkit.errors import HrkitError
from hrkit.model.enums import PersonKind
from hrkit.model.people import parse_email
from hrkit.ports import IssuerSource, SourceDocument
from hrkit.services.credentials import holder, store, trust_registry
from hrkit.services.tenants import resolve_scope
from hrkit.store.database import Database
from hrkit.store.repositories.sync import SourceCursorRepository
from hrkit.store.scope import Scope
from hrkit.store.tables import Person, SyncState
from hrkit.verify.context import DocumentFetcher
from hrkit.verify.inputs import InputRef
from hrkit.verify.result import Verification
from hrkit.verify.runner import PARALLEL_THRESHOLD, VerifyOptions, verify_each
from hrkit.verify.runner import Session as VerifySession

_NAME_LIMIT = 100
_MAX_ERRORS = 50


@dataclass(frozen=True)
class PullOptions:
    verify: VerifyOptions = field(default_factory=VerifyOptions)
    # The kind a person is created with (an existing person keeps theirs).
    kind: PersonKind = PersonKind.CANDIDATE
    # Every document belongs to this person (its recipient is then checked against them).
    holder: str | None = None
    workers: int | None = None
    # Told what is happening ("verifying 3/40"), for a spinner.
    progress: Callable[[str], None] | None = None


@dataclass
class PullResult:
    source: str
    location: str
    read: int = 0
    stored: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # Documents read but not stored (no holder): they are named in `errors`.
    skipped: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    cursor: str | None = None
    errors: list[str] = field(default_factory=list)
    # True when a failure may go away on a later pull (the cursor was kept for it).
    retryable: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "location": self.location,
            "read": self.read,
            "stored": self.stored,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "by_status": dict(sorted(self.by_status.items())),
            "cursor": self.cursor,
            "errors": list(self.errors),
            "retryable": self.retryable,
        }


def state_name(source: str, location: str) -> str:
    """The SyncState name of `source` at `location`: one cursor per source and location."""
    text = location.strip()
    if urlsplit(text).scheme not in {"http", "https"}:
        text = str(Path(text).expanduser().resolve())
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:24]
    return f"{source[: _NAME_LIMIT - len(digest) - 1]}:{digest}"


def open_source(source: str | IssuerSource | type, fetcher: DocumentFetcher) -> IssuerSource:
    """The source named `source` (or given), built with the pull's guarded fetcher when its
    constructor takes a `fetcher`."""
    plugin: Any = plugins.sources.get(source) if isinstance(source, str) else source
    if not isinstance(plugin, type):
        return cast(IssuerSource, plugin)
    try:
        takes_fetcher = "fetcher" in inspect.signature(plugin).parameters
    except (TypeError, ValueError):
        takes_fetcher = False
    return cast(IssuerSource, plugin(fetcher=fetcher) if takes_fetcher else plugin())


def pull(
    db: Database,
    tenant: str,
    source_name: str | IssuerSource,
    location: str,
    options: PullOptions,
    full: bool = False,
) -> PullResult:
    """Read `location` with the source after its saved cursor (from the start when `full`),
    verify every document and store it for its holder; the cursor advances with the store."""
    override = parse_email(options.holder) if options.holder else None
    label = source_name if isinstance(source_name, str) else source_name.name
    name = state_name(label, location)
    with db.session() as session:
        scope = resolve_scope(session, tenant)
        registry = trust_registry(session, scope)
        previous = _cursor_of(SourceCursorRepository(session, scope).by_name(name))
    verify = replace(options.verify, trust=registry.entries if registry else None, recipient=None)
    verifier = VerifySession(verify)
    try:
        source = open_source(source_name, verifier.fetcher)
        result = PullResult(label, location)
        documents, failure = _read(source, location, None if full else previous, options)
        refs, owners = _holders(documents, override, result)
        verifications = _verify(refs, verifier, verify, options)
    finally:
        verifier.close()
    result.read = len(documents)
    if failure is not None:
        result.errors.insert(0, str(failure))
        result.retryable = bool(getattr(failure, "retryable", False))
    cursor = previous
    if not result.retryable:
        cursor = max((c for c in (previous, *(d.cursor for d in documents)) if c), default=None)
    with db.transaction() as session:
        scope = resolve_scope(session, tenant)
        _store(session, scope, zip(owners, verifications, strict=True), options, verify, result)
        if not result.retryable:
            cursors = SourceCursorRepository(session, scope)
            cursors.save(name, {"location": location, "cursor": cursor})
    result.cursor = cursor
    if len(result.errors) > _MAX_ERRORS:
        more = len(result.errors) - _MAX_ERRORS
        result.errors[_MAX_ERRORS:] = [f"and {more} more document(s) without a holder"]
    return result


def _read(
    source: IssuerSource, location: str, cursor: str | None, options: PullOptions
) -> tuple[list[SourceDocument], HrkitError | None]:
    """Every document the source yields, and the error it ended with (None when it did not).

    An error before any document is the location's fault (a missing file, a wrong format): it
    is raised, unless a retry could help.
    """
    documents: list[SourceDocument] = []
    if options.progress:
        options.progress(f"reading {location}")
    try:
        for document in source.read(location, cursor):
            documents.append(document)
            if options.progress and len(documents) % 50 == 0:
                options.progress(f"reading {location}: {len(documents):,} documents")
    except HrkitError as exc:
        if not documents and not getattr(exc, "retryable", False):
            raise
        return documents, exc
    return documents, None


def _holders(
    documents: Sequence[SourceDocument], override: str | None, result: PullResult
) -> tuple[list[InputRef], list[tuple[str, str | None]]]:
    """One input per document whose holder is known, with that holder's (email, name)."""
    refs: list[InputRef] = []
    owners: list[tuple[str, str | None]] = []
    for document in documents:
        label = document.ref or result.location
        try:
            email = override or parse_email(document.holder_email or "")
        except HrkitError:
            result.skipped += 1
            result.errors.append(_no_holder(label, document.holder_email))
            continue
        data = document.document
        raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
        refs.append(InputRef(label, data=raw, recipient=email))
        owners.append((email, None if override else document.holder_name))
    return refs, owners


def _no_holder(label: str, given: str) -> str:
    if given:
        return f"{label}: the holder {given!r} is not an email address"
    return (
        f"{label}: no holder email (the credential does not name one readably): "
        "give --holder, or map it in the source's holders file"
    )


def _verify(
    refs: Sequence[InputRef], verifier: VerifySession, options: VerifyOptions, pull: PullOptions
) -> list[list[Verification]]:
    """The verifications of each input, in order; the source's fetcher (and what it already
    fetched) serves the engine too, unless the batch is large enough for worker processes."""
    workers = pull.workers or 1
    if workers > 1 and len(refs) >= PARALLEL_THRESHOLD:
        return list(verify_each(refs, options, workers))
    done: list[list[Verification]] = []
    for position, ref in enumerate(refs, start=1):
        if pull.progress:
            pull.progress(f"verifying {position:,}/{len(refs):,}")
        done.append(verifier.verify(ref))
    return done


def _store(
    session: Session,
    scope: Scope,
    items: Iterable[tuple[tuple[str, str | None], list[Verification]]],
    options: PullOptions,
    verify: VerifyOptions,
    result: PullResult,
) -> None:
    people: dict[str, Person] = {}
    source = f"source:{result.source}"[:100]
    for (email, name), verifications in items:
        person = people.get(email)
        if person is None:
            person = holder(session, scope, email, kind=options.kind, name=name)
            people[email] = person
        for verification in verifications:
            stored = store(session, scope, person, verification, now=verify.now, source=source)
            result.stored += 1
            status = verification.status.value
            result.by_status[status] = result.by_status.get(status, 0) + 1
            if stored.created:
                result.created += 1
            elif stored.changed:
                result.updated += 1
            else:
                result.unchanged += 1


def _cursor_of(state: SyncState | None) -> str | None:
    if state is None or not isinstance(state.cursor, dict):
        return None
    value = state.cursor.get("cursor")
    return value if isinstance(value, str) else None
