"""Offline JSON-LD: the frozen context registry and budgeted RDF Dataset Canonicalization.

Contexts come only from the files bundled in `hrkit/verify/contexts/` (`index.json` maps URL to
file); any other URL raises `UnknownContext` and is never fetched. Canonicalization is RDFC-1.0
(URDNA2015), never pyld's default URGNA2012, under a `Budget` that bounds input size, quads,
blank nodes, Hash N-Degree Quads work and wall-clock time, against "poison graphs".

Strict processing, like jsonld.js `safe` mode (pyld has no such mode): a property that does not
expand to an absolute IRI (pyld's `on_property_dropped` hook), a relative IRI anywhere (resolved
against a sentinel base and looked for in the dataset), a blank-node property, a reserved
`@`-term or an `@import` in an embedded context raise `UndefinedTerm` instead of being dropped,
so a signature can never cover less than the document says.
"""

from __future__ import annotations

import copy
import json
import math
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from pyld import jsonld as pyld_jsonld
from pyld.canon import URDNA2015
from pyld.context_resolver import ContextResolver
from pyld.identifier_issuer import IdentifierIssuer

from hrkit.errors import HrkitError
from hrkit.verify.proof_errors import LimitExceeded, ProofInvalid, UndefinedTerm, UnknownContext

# Relative IRIs are resolved against this base; any IRI in the dataset that starts with it was
# relative in the document. `.invalid` (RFC 2606) can never be a real authority.
RELATIVE_BASE = "https://relative-iri.invalid/"
_RESERVED = re.compile(r"^@[a-zA-Z]+$")
_KEYWORDS = frozenset(pyld_jsonld.KEYWORDS)
# Embedded contexts are cached by content; bounded so that unique ones cannot grow memory.
_INLINE_CONTEXT_CACHE_SIZE = 256


@dataclass(frozen=True)
class Budget:
    """Limits of one canonicalization; exceeding any raises `LimitExceeded`.

    `deadline` is in seconds from the start of the call (`verify_proof` shares one deadline
    between its two canonicalizations). `max_deep_iterations` caps the calls of
    Hash N-Degree Quads (the exponential step of RDFC-1.0), which a credential needs only for
    blank nodes it cannot tell apart otherwise; it makes the refusal independent of CPU speed.
    """

    max_input_bytes: int = 1_000_000
    max_quads: int = 20_000
    max_blank_nodes: int = 1_000
    deadline: float = 5.0
    max_depth: int = 64
    max_deep_iterations: int = 5_000


# --- the frozen context registry ---------------------------------------------------------------


@cache
def _index() -> dict[str, str]:
    text = (files("hrkit.verify") / "contexts" / "index.json").read_text(encoding="utf-8")
    index: dict[str, str] = json.loads(text)
    return index


def supported_context_urls() -> frozenset[str]:
    """Every context URL the bundled registry answers."""
    return frozenset(_index())


_parsed: dict[str, Any] = {}
_parsed_lock = threading.Lock()


def _parsed_context(url: str) -> Any:
    name = _index().get(url)
    if name is None:
        raise UnknownContext(url)
    with _parsed_lock:
        if name not in _parsed:
            text = (files("hrkit.verify") / "contexts" / name).read_text(encoding="utf-8")
            _parsed[name] = json.loads(text)
        return _parsed[name]


def document_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """A pyld document loader that serves only the bundled contexts, never the network."""
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        # pyld rewrites context URLs in place while resolving: hand out a copy.
        "document": copy.deepcopy(_parsed_context(url)),
        # "static": pyld keeps the resolved (and processed) context across operations.
        "tag": "static",
    }


class _SharedContextCache:
    """pyld's cross-operation cache of resolved contexts: bundled URLs stay for the life of the
    process, embedded contexts (keyed by their JSON) are LRU-bounded; safe between threads."""

    def __init__(self, maxsize: int) -> None:
        self._pinned: dict[str, Any] = {}
        self._inline: OrderedDict[str, Any] = OrderedDict()
        self._maxsize = maxsize
        self._lock = threading.Lock()

    def get(self, key: str, default: Any = None) -> Any:
        with self._lock:
            if key in self._pinned:
                return self._pinned[key]
            if key in self._inline:
                self._inline.move_to_end(key)
                return self._inline[key]
            return default

    def __setitem__(self, key: str, value: Any) -> None:
        with self._lock:
            if key in _index():
                self._pinned[key] = value
                return
            self._inline[key] = value
            self._inline.move_to_end(key)
            while len(self._inline) > self._maxsize:
                self._inline.popitem(last=False)


_SHARED_CACHE = _SharedContextCache(_INLINE_CONTEXT_CACHE_SIZE)


# --- the budget --------------------------------------------------------------------------------


class _Clock:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise LimitExceeded(f"JSON-LD canonicalization exceeded its {self.seconds:g} s budget")


class _CheckingProcessor(pyld_jsonld.JsonLdProcessor):  # type: ignore[misc]  # pyld is untyped
    """Checks the deadline at every element it expands and every node it maps: pyld adds each
    value to the node map with a linear duplicate scan, so one long array costs quadratic time
    (20 000 strings take minutes) before there is a dataset to count."""

    def __init__(self, clock: _Clock) -> None:
        super().__init__(on_property_dropped=_dropped)
        self._clock = clock

    def _expand(self, *args: Any, **kwargs: Any) -> Any:
        self._clock.check()
        return super()._expand(*args, **kwargs)

    def _create_node_map(self, *args: Any, **kwargs: Any) -> Any:
        self._clock.check()
        return super()._create_node_map(*args, **kwargs)


class _CheckingIssuer(IdentifierIssuer):  # type: ignore[misc]  # pyld is untyped
    """The canonical issuer: RDFC-1.0 asks it about every related blank node of every
    permutation it tries, so checking the deadline here bounds the factorial loops."""

    def __init__(self, prefix: str, check: Callable[[], None]) -> None:
        super().__init__(prefix)
        self._check = check

    def has_id(self, old: str) -> bool:
        self._check()
        return bool(super().has_id(old))


class _BudgetedURDNA2015(URDNA2015):  # type: ignore[misc]  # pyld is untyped
    def __init__(self, clock: _Clock, max_deep_iterations: int) -> None:
        super().__init__()
        self.canonical_issuer = _CheckingIssuer("_:c14n", clock.check)
        self._clock = clock
        self._deep_left = max_deep_iterations
        self._max_deep = max_deep_iterations

    def hash_first_degree_quads(self, id_: str) -> str:
        self._clock.check()
        return str(super().hash_first_degree_quads(id_))

    def hash_n_degree_quads(self, id_: str, issuer: Any) -> Any:
        self._deep_left -= 1
        if self._deep_left < 0:
            raise LimitExceeded(
                f"RDF canonicalization needs more than {self._max_deep} Hash N-Degree Quads"
                " steps (a poison graph?)"
            )
        self._clock.check()
        return super().hash_n_degree_quads(id_, issuer)


# --- canonicalization --------------------------------------------------------------------------


def canonicalize(document: dict[str, Any], *, budget: Budget) -> str:
    """The RDFC-1.0 (URDNA2015) canonical N-Quads of a JSON-LD document, offline and budgeted.

    Raises `UnknownContext`, `UndefinedTerm`, `ProofInvalid` (not JSON-LD) or `LimitExceeded`.
    """
    clock = _Clock(budget.deadline)
    check_document(document, budget)
    dataset = _to_rdf(document, clock)
    clock.check()
    _check_dataset(dataset, budget)
    canonicalizer = _BudgetedURDNA2015(clock, budget.max_deep_iterations)
    try:
        nquads: str = canonicalizer.main(dataset, {"format": "application/n-quads"})
    except RecursionError:
        raise LimitExceeded("RDF canonicalization recursed too deeply") from None
    return nquads


def _to_rdf(document: dict[str, Any], clock: _Clock) -> dict[str, list[dict[str, Any]]]:
    processor = _CheckingProcessor(clock)
    options = {
        "base": RELATIVE_BASE,
        "documentLoader": document_loader,
        "contextResolver": ContextResolver(_SHARED_CACHE, document_loader),
        "processingMode": "json-ld-1.1",
        "produceGeneralizedRdf": False,
    }
    try:
        dataset: dict[str, list[dict[str, Any]]] = processor.to_rdf(document, options)
    except RecursionError:
        raise LimitExceeded("JSON-LD document nests too deeply") from None
    except Exception as exc:  # pyld crashes on some malformed input instead of raising its error
        raise _translate(exc) from None
    return dataset


def _dropped(expanded_property: str | None) -> None:
    term = "a term mapped to null" if expanded_property is None else repr(expanded_property)
    raise UndefinedTerm(f"JSON-LD property {term} is not defined by the document's contexts")


def _translate(exc: BaseException) -> HrkitError:
    """Our own error when pyld wrapped one (the loader's, the drop hook's), else ProofInvalid
    naming the innermost JSON-LD error."""
    innermost = exc
    seen: BaseException | None = exc
    for _ in range(32):  # pyld nests a few levels; the bound only guards against odd chains
        if seen is None:
            break
        if isinstance(seen, HrkitError):
            return seen
        innermost = seen
        seen = seen.__cause__ or seen.__context__
    if isinstance(innermost, pyld_jsonld.JsonLdError):
        code = f" ({innermost.code})" if innermost.code else ""
        return ProofInvalid(f"invalid JSON-LD: {innermost.args[0]}{code}")
    return ProofInvalid(f"invalid JSON-LD: {type(innermost).__name__}")


def check_document(document: Any, budget: Budget) -> None:
    """Size and depth of the JSON, and the rules pyld would only warn about or get wrong."""
    if not isinstance(document, dict):
        raise ProofInvalid("a JSON-LD document must be a JSON object")
    size = 0
    stack: list[tuple[Any, int]] = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > budget.max_depth:
            raise LimitExceeded(f"JSON-LD document nests deeper than {budget.max_depth} levels")
        if isinstance(value, dict):
            size += 2
            for key, item in value.items():
                if not isinstance(key, str):
                    raise ProofInvalid("a JSON-LD document must have string keys only")
                if key.startswith("_:"):
                    raise UndefinedTerm(f"blank node property {key!r} is not allowed")
                if key == "@context":
                    _check_embedded_context(item)
                size += len(key.encode()) + 4
                stack.append((item, depth + 1))
        elif isinstance(value, list):
            size += 2 + len(value)
            stack.extend((item, depth + 1) for item in value)
        elif isinstance(value, str):
            size += len(value.encode()) + 2
        elif isinstance(value, bool) or value is None:
            size += 5
        elif isinstance(value, int | float):
            if isinstance(value, float) and not math.isfinite(value):
                raise ProofInvalid("a JSON-LD document cannot hold NaN or Infinity")
            size += len(repr(value))
        else:
            raise ProofInvalid(f"a JSON-LD document cannot hold a {type(value).__name__}")
        if size > budget.max_input_bytes:
            raise LimitExceeded(f"JSON-LD document is larger than {budget.max_input_bytes} bytes")


def _check_embedded_context(context: Any) -> None:
    """Embedded contexts: refuse what pyld ignores with a warning (reserved `@` terms), what it
    gets wrong (`@import` rewrites the cached imported context in place) and blank-node
    properties (dropped from RDF). Bundled contexts have none of these (a test checks)."""
    for ctx in context if isinstance(context, list) else [context]:
        if not isinstance(ctx, dict):
            continue  # URLs, null; pyld rejects anything else
        for term, definition in ctx.items():
            if not isinstance(term, str):
                raise ProofInvalid("a JSON-LD context must have string keys only")
            if term == "@import":
                raise UndefinedTerm("JSON-LD @import in an embedded context is not supported")
            if _RESERVED.match(term) and term not in _KEYWORDS:
                raise UndefinedTerm(f"JSON-LD context defines the reserved term {term!r}")
            if term.startswith("@"):
                continue
            targets: list[Any] = [definition] if isinstance(definition, str) else []
            if isinstance(definition, dict):
                # a scoped "@context" in here is reached by check_document's walk
                targets = [definition.get("@id"), definition.get("@reverse")]
            for target in targets:
                if not isinstance(target, str):
                    continue
                if _RESERVED.match(target) and target not in _KEYWORDS:
                    raise UndefinedTerm(f"JSON-LD term {term!r} maps to reserved {target!r}")
                if target.startswith("_:"):
                    raise UndefinedTerm(f"JSON-LD term {term!r} maps to a blank node")


def _check_dataset(dataset: dict[str, list[dict[str, Any]]], budget: Budget) -> None:
    quads = 0
    blank_nodes: set[str] = set()
    for graph_name, triples in dataset.items():
        _check_iri(graph_name)
        if graph_name.startswith("_:"):
            blank_nodes.add(graph_name)
        quads += len(triples)
        if quads > budget.max_quads:
            raise LimitExceeded(f"JSON-LD document yields more than {budget.max_quads} quads")
        for triple in triples:
            for component in (triple["subject"], triple["predicate"], triple["object"]):
                kind = component["type"]
                if kind == "blank node":
                    blank_nodes.add(component["value"])
                elif kind == "IRI":
                    _check_iri(component["value"])
                else:
                    _check_iri(component.get("datatype", ""))
        if len(blank_nodes) > budget.max_blank_nodes:
            raise LimitExceeded(
                f"JSON-LD document has more than {budget.max_blank_nodes} blank nodes"
            )


def _check_iri(iri: str) -> None:
    if iri.startswith(RELATIVE_BASE):
        relative = iri[len(RELATIVE_BASE) :]
        raise UndefinedTerm(f"relative IRI {relative!r} in a JSON-LD document (no @base)")
