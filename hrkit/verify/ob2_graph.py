"""The documents an Open Badges 2.0 assertion names (BadgeClass, issuer Profile) and the checks
its hosted and signed forms share."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeGuard
from urllib.parse import urlsplit

from hrkit.model.enums import CredentialFormat
from hrkit.verify.assess import conclude, schema_check
from hrkit.verify.context import DocumentUnavailable, VerifyContext
from hrkit.verify.datamodel.facts import ob2_facts
from hrkit.verify.datamodel.openbadges2 import (
    validate_ob2_assertion,
    validate_ob2_badge_class,
    validate_ob2_issuer,
)
from hrkit.verify.result import Check, Verification


def is_http(value: Any) -> TypeGuard[str]:
    """An absolute http(s) URL with a host."""
    if not isinstance(value, str) or any(c.isspace() for c in value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme.lower() in {"http", "https"} and bool(parts.hostname)


def host_of(url: str) -> str | None:
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host.lower() if host else None


def same_id(a: Any, b: Any) -> bool:
    """Same document id (fragments aside: the fetcher drops them too)."""
    return isinstance(a, str) and isinstance(b, str) and a.split("#")[0] == b.split("#")[0]


def published(url: str, what: str, ctx: VerifyContext) -> dict[str, Any]:
    """The document at `url` as its publisher serves it; DocumentUnavailable otherwise.

    A document that names itself by another id is a copy: the original at that id is
    authoritative (a BadgeClass or Profile on evil.example must not speak for a real issuer).
    An id on the same host that does not answer is an alias of the URL (`…/issuer` served at
    `…/issuer.json`, http vs https), as the 1EdTech fixtures write them.
    """
    document = ctx.fetch_json(url, what)
    if not isinstance(document, dict):
        raise DocumentUnavailable(f"the {what} at {url} is not a JSON object")
    own = document.get("id")
    if same_id(own, url) or not is_http(own):
        return document
    try:
        original = ctx.fetch_json(own, what)
    except DocumentUnavailable:
        if host_of(own) == host_of(url):
            return document
        raise DocumentUnavailable(
            f"the {what} at {url} names itself {own}, which cannot be obtained"
        ) from None
    if not isinstance(original, dict) or not same_id(original.get("id"), own):
        raise DocumentUnavailable(f"the {what} at {url} names itself {own}, which serves another")
    return original


@dataclass
class Ob2Graph:
    """An assertion with its BadgeClass and the issuer's published Profile (when obtained)."""

    assertion: dict[str, Any]
    badge: Mapping[str, Any] | None = None
    issuer: Mapping[str, Any] | None = None
    problems: list[str] = field(default_factory=list)
    # Why the BadgeClass or the issuer Profile is missing (None when both were obtained).
    unavailable: str | None = None

    @property
    def issuer_id(self) -> str | None:
        value = self.issuer.get("id") if self.issuer is not None else None
        return value if isinstance(value, str) else None


def resolve_graph(assertion: dict[str, Any], ctx: VerifyContext) -> Ob2Graph:
    """Validate `assertion` and obtain its BadgeClass and its issuer's published Profile."""
    graph = Ob2Graph(assertion, problems=validate_ob2_assertion(assertion))
    badge_ref = assertion.get("badge")
    if isinstance(badge_ref, Mapping):
        graph.badge = badge_ref  # validated with the assertion
    elif is_http(badge_ref):
        try:
            graph.badge = published(badge_ref, "BadgeClass", ctx)
        except DocumentUnavailable as exc:
            graph.unavailable = str(exc)
            return graph
        graph.problems.extend(f"badge.{p}" for p in validate_ob2_badge_class(graph.badge))
    else:
        graph.unavailable = "the assertion names no BadgeClass URL or object"
        return graph
    issuer_ref = graph.badge.get("issuer")
    issuer_url = issuer_ref.get("id") if isinstance(issuer_ref, Mapping) else issuer_ref
    if isinstance(issuer_ref, Mapping) and not is_http(issuer_url):
        # An embedded profile with no URL has no published original; the origin and key
        # checks then fail on its id, which binds nothing.
        graph.issuer = issuer_ref
        return graph
    if not is_http(issuer_url):
        graph.unavailable = "the BadgeClass names no issuer Profile URL"
        return graph
    # Even an embedded profile is read where the issuer publishes it: only that copy may list
    # keys, a revocation list or a verification policy.
    try:
        graph.issuer = published(issuer_url, "issuer profile", ctx)
    except DocumentUnavailable as exc:
        graph.unavailable = str(exc)
        return graph
    graph.problems.extend(f"issuer.{p}" for p in validate_ob2_issuer(graph.issuer))
    return graph


def assemble(
    graph: Ob2Graph,
    *,
    label: str,
    format: CredentialFormat,
    raw: str,
    proof_checks: Sequence[Check],
    status: Check,
    ctx: VerifyContext,
) -> Verification:
    """The verification of an OB 2.0 assertion around its proof and status checks."""
    recipient = graph.assertion.get("recipient")
    return conclude(
        graph.assertion,
        label=label,
        format=format,
        raw=raw,
        facts=ob2_facts(graph.assertion, graph.badge, graph.issuer),
        schema=schema_check(graph.problems, "Open Badges 2.0 assertion"),
        proof_checks=proof_checks,
        status=status,
        identities=[recipient] if isinstance(recipient, Mapping) else [],
        ctx=ctx,
    )
