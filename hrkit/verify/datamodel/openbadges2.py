"""Open Badges 2.0: Assertion, BadgeClass and Issuer/Profile, hosted-origin rules, recipients.

Each validator returns one-line problems naming the property path (empty: valid). Documents may
embed each other (an assertion's `badge`, a badge's `issuer`); embedded objects are validated
under their property's path.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from hrkit.verify.datamodel.dates import parse_ob2_datetime
from hrkit.verify.datamodel.errors import DataModelError
from hrkit.verify.datamodel.recipient import HASHED_IDENTITY
from hrkit.verify.datamodel.recipient import recipient_matches as recipient_matches
from hrkit.verify.datamodel.values import as_list, is_object, is_url, join, ref_id, type_values

OB2_CONTEXTS = frozenset(
    {
        "https://w3id.org/openbadges/v2",
        "https://w3id.org/openbadges/v2/",
        "https://openbadgespec.org/v2/context.json",
    }
)
_OBI = "https://w3id.org/openbadges#"
# The classes the OB 2.0 context defines (a `type` must be one of them or an IRI).
_CLASSES = frozenset(
    {
        "Assertion", "BadgeClass", "Issuer", "Profile", "AlignmentObject", "CryptographicKey",
        "Endorsement", "Criteria", "Evidence", "Extension", "FrameValidation", "IdentityObject",
        "Image", "HostedBadge", "hosted", "RevocationList", "SignedBadge", "signed",
        "TypeValidation", "VerificationObject",
    }
)  # fmt: skip
HOSTED = frozenset({"hosted", "HostedBadge"})
SIGNED = frozenset({"signed", "SignedBadge"})
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+", re.ASCII)
# The published JSON schemas of 1EdTech's example extensions: a property (by its term or IRI)
# that must hold a string. Unknown extensions are accepted as they are.
_EXTENSION_STRINGS = {
    "ExampleExtension": ("exampleProperty", "http://schema.org/text"),
    "ApplyLink": (
        "url",
        "extensions:applyLink",
        "https://w3id.org/openbadges/extensions#applyLink",
    ),
}


def validate_ob2_assertion(assertion: Mapping[str, Any]) -> list[str]:
    """Problems of an OB 2.0 Assertion (and of its embedded BadgeClass and Issuer)."""
    out: list[str] = []
    if not is_object(assertion):
        return ["assertion: must be a JSON object"]
    _context(assertion, "", out, required=True)
    _node_basics(assertion, "", "Assertion", out)
    _recipient(assertion.get("recipient"), out)
    badge = assertion.get("badge")
    if isinstance(badge, Mapping):
        out.extend(f"badge.{p}" for p in validate_ob2_badge_class(badge))
    elif not is_url(badge):
        out.append("badge: must be a BadgeClass IRI or object")
    verification = assertion.get("verification")
    kinds = type_values(verification) if isinstance(verification, Mapping) else []
    if not isinstance(verification, Mapping):
        out.append("verification: required object")
    elif not HOSTED.union(SIGNED).intersection(kinds):
        out.append("verification.type: must be hosted or signed")
    elif HOSTED.intersection(kinds) and not _is_http(assertion.get("id")):
        out.append("id: must be an HTTP(S) URL for hosted verification")
    issued = _date(assertion, "issuedOn", out, required=True)
    expires = _date(assertion, "expires", out, required=False)
    if issued is not None and expires is not None and expires < issued:
        out.append("expires: earlier than issuedOn")
    if "image" in assertion:
        _image(assertion["image"], "image", out)
    for index, evidence in _indexed(assertion.get("evidence"), "evidence"):
        if isinstance(evidence, Mapping):
            if "id" not in evidence and "narrative" not in evidence:
                out.append(f"{index}: must have an id or a narrative")
        elif not is_url(evidence):
            out.append(f"{index}: must be an IRI or an Evidence object")
    if "revoked" in assertion and not isinstance(assertion["revoked"], bool):
        out.append("revoked: must be a boolean")
    _extensions(assertion, "", out)
    return out


def validate_ob2_badge_class(badge: Mapping[str, Any]) -> list[str]:
    """Problems of an OB 2.0 BadgeClass (and of its embedded Issuer)."""
    out: list[str] = []
    if not is_object(badge):
        return ["badge: must be a JSON object"]
    _context(badge, "", out, required=False)
    _node_basics(badge, "", "BadgeClass", out)
    _strings(badge, ("name", "description"), out)
    # `image` is optional here: the OB 2.0 validator accepts badge classes without one.
    if "image" in badge:
        _image(badge["image"], "image", out)
    criteria = badge.get("criteria")
    if isinstance(criteria, Mapping):
        if "id" not in criteria and "narrative" not in criteria:
            out.append("criteria: must have an id or a narrative")
    elif not is_url(criteria):
        out.append("criteria: must be an IRI or a Criteria object")
    issuer = badge.get("issuer")
    if isinstance(issuer, Mapping):
        out.extend(f"issuer.{p}" for p in validate_ob2_issuer(issuer))
    elif not is_url(issuer):
        out.append("issuer: must be an Issuer IRI or object")
    for where, alignment in _indexed(badge.get("alignment"), "alignment"):
        _alignment(alignment, where, out)
    for where, tag in _indexed(badge.get("tags"), "tags"):
        if not isinstance(tag, str):
            out.append(f"{where}: must be a string")
    _extensions(badge, "", out)
    return out


def validate_ob2_issuer(issuer: Mapping[str, Any]) -> list[str]:
    """Problems of an OB 2.0 Issuer/Profile."""
    out: list[str] = []
    if not is_object(issuer):
        return ["issuer: must be a JSON object"]
    _context(issuer, "", out, required=False)
    _node_basics(issuer, "", "Issuer", out, also=("Profile",))
    _strings(issuer, ("name",), out)
    if not _is_http(issuer.get("url")):
        out.append("url: must be an HTTP(S) URL")
    email = issuer.get("email")
    if not (isinstance(email, str) and _EMAIL.fullmatch(email)):
        out.append("email: must be an email address")
    # JSON-LD lets an issuer publish several keys; it has one revocation list.
    keys = issuer.get("publicKey")
    if keys is not None and not all(is_url(ref_id(k)) for k in as_list(keys)):
        out.append("publicKey: must be an IRI (or an array of IRIs)")
    if "revocationList" in issuer and not is_url(ref_id(issuer["revocationList"])):
        out.append("revocationList: must be an IRI")
    policy = issuer.get("verification")
    if policy is not None and not isinstance(policy, Mapping):
        out.append("verification: must be an object")
    elif isinstance(policy, Mapping):
        for key in ("startsWith", "allowedOrigins"):
            values = as_list(policy.get(key))
            if not all(isinstance(v, str) and v for v in values):
                out.append(f"verification.{key}: must be a string or an array of strings")
    _extensions(issuer, "", out)
    return out


def validate_ob2_node(doc: Mapping[str, Any]) -> list[str]:
    """Problems of any OB 2.0 document, by its `type` (Assertion, BadgeClass, Issuer/Profile,
    AlignmentObject; other classes get the generic `@context`/`id`/`type` checks)."""
    if not is_object(doc):
        return ["document: must be a JSON object"]
    types = type_values(doc)
    if "Assertion" in types:
        return validate_ob2_assertion(doc)
    if "BadgeClass" in types:
        return validate_ob2_badge_class(doc)
    if "Issuer" in types or "Profile" in types:
        return validate_ob2_issuer(doc)
    out: list[str] = []
    _context(doc, "", out, required=False)
    _node_basics(doc, "", None, out)
    if "AlignmentObject" in types:
        _alignment(doc, "", out)
    return out


def validate_ob2_graph(
    assertion: Mapping[str, Any],
    badge_class: Mapping[str, Any] | None,
    issuer: Mapping[str, Any] | None,
) -> list[str]:
    """An assertion with its fetched BadgeClass and Issuer: each validated (once: embedded
    documents already are), plus the hosted verification origin rule."""
    out = validate_ob2_assertion(assertion)
    embedded_badge = badge_class is not None and badge_class is assertion.get("badge")
    if badge_class is not None and not embedded_badge:
        out.extend(f"badge.{p}" for p in validate_ob2_badge_class(badge_class))
    if issuer is not None:
        if badge_class is None or issuer is not badge_class.get("issuer"):
            out.extend(f"issuer.{p}" for p in validate_ob2_issuer(issuer))
        out.extend(hosted_origin_problems(assertion, issuer))
    return out


def hosted_origin_problems(assertion: Mapping[str, Any], issuer: Mapping[str, Any]) -> list[str]:
    """A hosted assertion's `id` must match the issuer's verification policy: `startsWith`
    prefixes, `allowedOrigins` hosts, or by default the issuer id's host."""
    verification = assertion.get("verification")
    if not isinstance(verification, Mapping) or not HOSTED.intersection(type_values(verification)):
        return []
    assertion_id = assertion.get("id")
    if not isinstance(assertion_id, str):
        return []
    policy = issuer.get("verification")
    policy = policy if isinstance(policy, Mapping) else {}
    prefixes = [p for p in as_list(policy.get("startsWith")) if isinstance(p, str)]
    origins = [o.lower() for o in as_list(policy.get("allowedOrigins")) if isinstance(o, str)]
    host = _host(assertion_id)
    if prefixes and not any(assertion_id.startswith(p) for p in prefixes):
        return ["id: does not start with any of the issuer's verification.startsWith"]
    if origins and host not in origins:
        return ["id: host is not in the issuer's verification.allowedOrigins"]
    issuer_host = _host(issuer.get("id"))
    if not prefixes and not origins and issuer_host and host != issuer_host:
        return [f"id: host {host!r} differs from the issuer's {issuer_host!r}"]
    return []


def _context(doc: Mapping[str, Any], path: str, out: list[str], *, required: bool) -> None:
    if "@context" not in doc:
        if required:
            out.append(f"{join(path, '@context')}: required")
        return
    items = as_list(doc["@context"])
    if not any(_is_ob2_context(item) for item in items):
        out.append(f"{join(path, '@context')}: must include https://w3id.org/openbadges/v2")


def _is_ob2_context(item: Any) -> bool:
    if isinstance(item, str):
        return item in OB2_CONTEXTS
    # The OB 2.0 context copied inline (as some issuers and the 1EdTech fixtures do).
    return isinstance(item, Mapping) and item.get("obi") == _OBI


def _node_basics(
    doc: Mapping[str, Any],
    path: str,
    wanted: str | None,
    out: list[str],
    *,
    also: tuple[str, ...] = (),
) -> None:
    """`id` (an IRI) and `type` (known classes or IRIs, including `wanted`)."""
    if not is_url(doc.get("id")):
        out.append(f"{join(path, 'id')}: must be an IRI")
    where = join(path, "type")
    value = doc.get("type")
    types = type_values(doc)
    if value is None or not types or len(types) != len(as_list(value)):
        out.append(f"{where}: must be a class name or an array of them")
        return
    if wanted is not None and wanted not in types and not set(also).intersection(types):
        out.append(f"{where}: must include {wanted}")
    defined = _context_terms(doc)
    for value in types:
        unknown = value not in _CLASSES and ":" not in value
        if unknown and defined is not None and value not in defined:
            out.append(f"{where}: {value!r} is not an Open Badges class or an IRI")


def _context_terms(doc: Mapping[str, Any]) -> set[str] | None:
    """Terms defined inline, or None when a context other than OB 2.0 may define more."""
    terms: set[str] = set()
    for item in as_list(doc.get("@context")):
        if isinstance(item, Mapping):
            terms.update(item)
        elif not (isinstance(item, str) and item in OB2_CONTEXTS):
            return None
    return terms


def _recipient(recipient: Any, out: list[str]) -> None:
    if not isinstance(recipient, Mapping):
        out.append("recipient: required IdentityObject")
        return
    if not isinstance(recipient.get("type"), str) or not recipient["type"]:
        out.append("recipient.type: required string (email, url, telephone …)")
    identity = recipient.get("identity")
    if not isinstance(identity, str) or not identity:
        out.append("recipient.identity: required string")
    hashed = recipient.get("hashed")
    if not isinstance(hashed, bool):
        out.append("recipient.hashed: required boolean")
    elif hashed and isinstance(identity, str) and HASHED_IDENTITY.fullmatch(identity) is None:
        out.append("recipient.identity: must be sha256$<hex> or md5$<hex> when hashed")
    if "salt" in recipient and not isinstance(recipient["salt"], str):
        out.append("recipient.salt: must be a string")


def _date(doc: Mapping[str, Any], key: str, out: list[str], *, required: bool) -> datetime | None:
    if key not in doc:
        if required:
            out.append(f"{key}: required")
        return None
    try:
        return parse_ob2_datetime(doc[key], field=key)
    except DataModelError as error:
        out.append(error.message)
        return None


def _image(value: Any, where: str, out: list[str]) -> None:
    if isinstance(value, Mapping):
        if not is_url(value.get("id")):
            out.append(f"{where}.id: must be an IRI or a data URI")
    elif not is_url(value):
        out.append(f"{where}: must be an IRI, a data URI or an Image object")


def _alignment(alignment: Any, where: str, out: list[str]) -> None:
    if not isinstance(alignment, Mapping):
        out.append(f"{where}: must be an AlignmentObject")
        return
    if not isinstance(alignment.get("targetName"), str):
        out.append(f"{join(where, 'targetName')}: required string")
    if not is_url(alignment.get("targetUrl")):
        out.append(f"{join(where, 'targetUrl')}: must be a URL")


def _strings(doc: Mapping[str, Any], keys: tuple[str, ...], out: list[str]) -> None:
    for key in keys:
        if not isinstance(doc.get(key), str) or not doc[key].strip():
            out.append(f"{key}: required string")


def _extensions(doc: Mapping[str, Any], path: str, out: list[str]) -> None:
    """Extension nodes (`extensions:…` properties): typed `Extension`, and the properties of the
    extensions whose schemas we know hold strings."""
    for key, value in doc.items():
        if not key.startswith("extensions:"):
            continue
        for where, node in _indexed(value, join(path, key)):
            if not isinstance(node, Mapping):
                out.append(f"{where}: must be an extension object")
                continue
            types = type_values(node)
            if "Extension" not in types:
                out.append(f"{where}.type: must include Extension")
            for name, aliases in _EXTENSION_STRINGS.items():
                if any(t.rsplit("#", 1)[-1].rsplit(":", 1)[-1] == name for t in types):
                    present = [node[a] for a in aliases if a in node]
                    if not present or not all(isinstance(v, str) for v in present):
                        out.append(f"{where}.{aliases[0]}: required string for {name}")


def _indexed(value: Any, key: str) -> list[tuple[str, Any]]:
    if isinstance(value, list):
        return [(f"{key}[{i}]", v) for i, v in enumerate(value)]
    return [] if value is None else [(key, value)]


def _is_http(value: Any) -> bool:
    return is_url(value) and value.lower().startswith(("http://", "https://"))


def _host(value: Any) -> str | None:
    if not _is_http(value):
        return None
    try:
        host = urlsplit(value).hostname
    except ValueError:
        return None
    return host.lower() if host else None
