"""Open Badges 2.0 hosted assertions: re-fetched from their `id`, bound to the issuer by origin.

A hosted assertion carries no signature: what makes it genuine is that the issuer still serves
it at its `id`, on an origin the issuer's verification policy allows. The copy a candidate hands
over may be stale or forged, so the document served at `id` is the truth.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hrkit.errors import FetchError
from hrkit.model.enums import CheckName, CheckResult, CredentialFormat, VerificationStatus
from hrkit.verify import jsonload
from hrkit.verify.assess import schema_check
from hrkit.verify.context import FetchedDocument, VerifyContext
from hrkit.verify.datamodel.openbadges2 import hosted_origin_problems, validate_ob2_assertion
from hrkit.verify.datamodel.values import as_list
from hrkit.verify.document import Document
from hrkit.verify.formats.base import malformed
from hrkit.verify.ob2_graph import Ob2Graph, assemble, host_of, is_http, resolve_graph
from hrkit.verify.result import Check, Verification

AUTHENTIC_BY_ORIGIN = "hosted assertion: authenticity comes from its origin"
MAX_SHOWN = 5
_MISSING = object()


def verify_hosted(given: dict[str, Any], label: str, raw: str, ctx: VerifyContext) -> Verification:
    """Verify a hosted assertion: the issuer's current copy at `id`, its origin, its status."""
    url = given.get("id")
    if not is_http(url):
        problems = validate_ob2_assertion(given) or ["id: must be an HTTP(S) URL"]
        message = schema_check(problems, "Open Badges 2.0 assertion").message or ""
        return malformed(
            Document(label, raw.encode()),
            message,
            format=CredentialFormat.OB2_HOSTED,
            check=CheckName.SCHEMA,
        )
    truth, status, altered = _hosted_copy(url, given, ctx)
    graph = resolve_graph(truth, ctx)
    if altered:
        signature = Check(
            CheckName.SIGNATURE, CheckResult.FAIL, altered, VerificationStatus.INVALID
        )
    else:
        signature = Check(CheckName.SIGNATURE, CheckResult.SKIPPED, AUTHENTIC_BY_ORIGIN)
    return assemble(
        graph,
        label=label,
        format=CredentialFormat.OB2_HOSTED,
        raw=raw,
        proof_checks=[signature, origin_check(url, graph)],
        status=status,
        ctx=ctx,
    )


def gone_message(url: str) -> str:
    return f"HTTP 410 Gone: the issuer withdrew the assertion {url}"


def _hosted_copy(
    url: str, given: dict[str, Any], ctx: VerifyContext
) -> tuple[dict[str, Any], Check, str | None]:
    """The assertion to verify, the status check, and how the given copy was altered (if so)."""
    try:
        fetched: FetchedDocument = ctx.remember(f"ob2-hosted:{url}", lambda: ctx.fetcher.fetch(url))
    except FetchError as exc:
        if exc.status_code == 410:
            return given, _revoked(gone_message(url)), None
        return given, _unknown(f"cannot obtain the hosted assertion: {exc}"), None
    try:
        current = jsonload.loads(fetched.content, what=f"the hosted assertion {url}")
    except jsonload.MalformedInput as exc:
        return given, _unknown(str(exc)), None
    if not isinstance(current, dict):
        return given, _unknown(f"the hosted assertion {url} is not a JSON object"), None
    if current.get("revoked") is True:
        # OB 2.0 lets an issuer keep answering with `{"revoked": true, …}` instead of a 410:
        # the official validator ignores it; a revoked badge must never read as verified.
        reason = current.get("revocationReason")
        detail = f": {_one_line(reason)}" if isinstance(reason, str) and reason.strip() else ""
        return given, _revoked(f"the issuer marks the assertion {url} revoked{detail}"), None
    status = Check(
        CheckName.STATUS, CheckResult.PASS, f"the issuer still hosts the assertion {url}"
    )
    differing = sorted(
        key for key in given.keys() | current.keys() if _value(given, key) != _value(current, key)
    )
    if not differing:
        return current, status, None
    # Decision: a copy that differs from what the issuer serves is `invalid`, not silently
    # replaced. The copy is what the candidate presented and what gets stored; a changed
    # recipient, date or badge is exactly the alteration the contract calls invalid. The
    # issuer's copy still feeds the facts and the other checks, so nothing forged is reported.
    shown = ", ".join(differing[:MAX_SHOWN]) + (" …" if len(differing) > MAX_SHOWN else "")
    return current, status, f"the hosted assertion differs from the copy given ({shown})"


def origin_check(assertion_url: str, graph: Ob2Graph) -> Check:
    """`key_binding` of a hosted assertion: its URL is within the issuer's verification scope."""
    if graph.issuer is None:
        return Check(
            CheckName.KEY_BINDING,
            CheckResult.INDETERMINATE,
            f"cannot check the origin of {assertion_url}: {graph.unavailable}",
        )
    issuer_id = graph.issuer_id
    if issuer_id is None or not is_http(issuer_id):
        # The official validator skips the origin rule for such issuers; then anyone could host
        # an assertion "from" them. An id that is no URL has no origin to match.
        return Check(
            CheckName.KEY_BINDING,
            CheckResult.FAIL,
            f"the issuer id {issuer_id!r} is not an HTTP(S) URL: nothing binds "
            f"the assertion {assertion_url} to it",
        )
    # Only the Profile's policy counts: a BadgeClass may be hosted by anyone and name any
    # issuer, so a `verification` object on it could widen the scope for a forger.
    hosted = {"id": assertion_url, "verification": {"type": "hosted"}}
    scope = _scope(graph.issuer, issuer_id)
    if hosted_origin_problems(hosted, graph.issuer):
        return Check(
            CheckName.KEY_BINDING,
            CheckResult.FAIL,
            f"the assertion {assertion_url} is outside the verification scope of the issuer "
            f"{issuer_id} ({scope})",
        )
    return Check(
        CheckName.KEY_BINDING,
        CheckResult.PASS,
        f"the assertion {assertion_url} is within the verification scope of the issuer "
        f"{issuer_id} ({scope})",
    )


def _scope(issuer: Mapping[str, Any], issuer_id: str) -> str:
    policy = issuer.get("verification")
    policy = policy if isinstance(policy, Mapping) else {}
    parts = [
        f"{key} {', '.join(str(v) for v in as_list(policy.get(key)))}"
        for key in ("startsWith", "allowedOrigins")
        if as_list(policy.get(key))
    ]
    return "; ".join(parts) or f"same host {host_of(issuer_id)}"


def _value(document: Mapping[str, Any], key: str) -> Any:
    value = document.get(key, _MISSING)
    # `revoked: false` says no more than its absence.
    return _MISSING if key == "revoked" and value is False else value


def _revoked(message: str) -> Check:
    return Check(CheckName.STATUS, CheckResult.FAIL, message, VerificationStatus.REVOKED)


def _unknown(message: str) -> Check:
    return Check(CheckName.STATUS, CheckResult.INDETERMINATE, message)


def _one_line(text: str, limit: int = 200) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
