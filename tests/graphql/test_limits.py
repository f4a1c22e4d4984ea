"""The protection layer on a small schema of its own: cost, limits, masking, body size, view flags."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import strawberry
from graphql import GraphQLError, get_introspection_query, parse
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from strawberry.asgi import GraphQL
from strawberry.extensions import SchemaExtension

from graphql_schema.limits import (
    CACHE_SIZE,
    BodySizeLimitMiddleware,
    GetMutationNotAllowedMixin,
    Limits,
    protection_extensions,
    query_cost,
    strip_suggestions,
)
from hrkit.errors import StorageError, ValidationError
from hrkit.settings import Settings

pytestmark = pytest.mark.anyio

LIMITS = Limits()
TOUCHED: list[int] = []


@strawberry.type
class PageInfo:
    has_next_page: bool = False


@strawberry.type
class PersonEdge:
    cursor: str
    node: Person


@strawberry.type
class PersonConnection:
    edges: list[PersonEdge]
    total_count: int = 0
    page_info: PageInfo = strawberry.field(default_factory=PageInfo)


def page(first: int | None) -> PersonConnection:
    n = min(first or 0, 2)
    return PersonConnection(
        edges=[PersonEdge(cursor=str(i), node=Person(name=f"p{i}")) for i in range(n)],
        total_count=n,
    )


@strawberry.type
class Person:
    name: str

    @strawberry.field
    def friends(self, first: int | None = 50) -> PersonConnection:
        return page(first)

    @strawberry.field
    def tags(self) -> list[str]:
        return ["a", "b"]


@strawberry.type
class Query:
    @strawberry.field
    def people(self, first: int | None = 50, after: str | None = None) -> PersonConnection:
        return page(first)

    @strawberry.field
    def boom(self) -> str:
        raise RuntimeError("connection to postgres://admin:hunter2@db failed: SELECT * FROM person")

    @strawberry.field
    def storage(self) -> str:
        raise StorageError("database file /srv/hrkit.db is locked")

    @strawberry.field
    def invalid(self) -> str:
        raise ValidationError("email is not an address")

    @strawberry.field
    def refused(self) -> str:
        raise GraphQLError("not for you")


@strawberry.type
class Mutation:
    @strawberry.mutation
    def touch(self) -> int:
        TOUCHED.append(1)
        return len(TOUCHED)


SCHEMA = strawberry.Schema(Query, Mutation, extensions=protection_extensions(LIMITS))


@dataclass
class Context:
    request: Request
    response: Response
    principal: str | None


class View(GraphQL[Context, None]):
    """Any `Authorization` header stands for a principal; the real view verifies a token."""

    async def get_context(self, request: Any, response: Any) -> Context:
        return Context(request, response, request.headers.get("authorization"))


class StrictView(GetMutationNotAllowedMixin, View):
    pass


def make_app(view: type[View] = StrictView) -> BodySizeLimitMiddleware:
    # The app factory's flags: GET allowed for queries, batching left off (the default).
    graphql = view(SCHEMA, allow_queries_via_get=True)
    starlette = Starlette(routes=[Route("/graphql", graphql)])
    return BodySizeLimitMiddleware(starlette, max_body_bytes=LIMITS.max_body_bytes)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(autouse=True)
def untouched() -> None:
    TOUCHED.clear()


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=make_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


async def post(http: httpx.AsyncClient, query: str, **payload: Any) -> dict[str, Any]:
    response = await http.post("/graphql", json={"query": query, **payload})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def assert_still_serving(http: httpx.AsyncClient) -> None:
    body = await post(http, "{ people(first: 2) { totalCount } }")
    assert body == {
        "data": {"people": {"totalCount": 2}},
        "extensions": {"cost": {"requested": 2, "limit": LIMITS.cost_limit}},
    }


def braces(selections: str) -> str:
    return "{ " + selections + " }"


def cost(query: str, variables: dict[str, Any] | None = None, name: str | None = None) -> int:
    return query_cost(parse(query), SCHEMA._schema, variables, name, default_first=50)


# --- cost -------------------------------------------------------------------------------------

NESTED = "people(first: 500) { edges { node { friends(first: 5) { edges { cursor } } } } }"


@pytest.mark.parametrize(
    ("query", "variables", "expected"),
    [
        pytest.param(braces(NESTED), None, 500 + 500 * 5, id="nested"),
        pytest.param("{ people { totalCount } }", None, 50, id="default"),
        pytest.param(
            "{ people { edges { node { friends { totalCount } } } } }",
            None,
            50 + 50 * 50,
            id="nested-defaults",
        ),
        pytest.param(
            "{ a: people(first: 10) { totalCount } b: people(first: 20) { totalCount } }",
            None,
            30,
            id="aliases",
        ),
        pytest.param(
            "query($n: Int, $m: Int) { people(first: $n) { edges { node {"
            " friends(first: $m) { totalCount } } } } }",
            {"n": 100, "m": 3},
            100 + 100 * 3,
            id="variables",
        ),
        pytest.param(
            "query($n: Int = 7) { people(first: $n) { totalCount } }", {}, 7, id="variable-default"
        ),
        pytest.param(
            "query($n: Int) { people(first: $n) { totalCount } }", {}, 50, id="variable-absent"
        ),
        pytest.param(
            "{ people(first: 10) { ...F ...F } } fragment F on PersonConnection"
            " { edges { node { friends(first: 3) { totalCount } } } }",
            None,
            10 + 2 * 10 * 3,
            id="fragment-twice",
        ),
        pytest.param(
            "{ people(first: 4) { edges { node { ... on Person { friends(first: 6)"
            " { totalCount } } } } } }",
            None,
            4 + 4 * 6,
            id="inline-fragment",
        ),
        pytest.param(
            "{ people(first: 4) { edges { node { tags friends(first: 2) { totalCount } } } } }",
            None,
            4 + 4 * 2,
            id="plain-lists-multiply-by-one",
        ),
        pytest.param("{ __typename boom }", None, 0, id="no-connection"),
    ],
)
def test_cost_is_the_sum_of_each_connections_page_times_its_ancestors(
    query: str, variables: dict[str, Any] | None, expected: int
) -> None:
    assert cost(query, variables) == expected


def test_the_cost_cap_comes_from_the_settings() -> None:
    assert Limits.from_settings(Settings(cost_limit=7)) == Limits(cost_limit=7)


def test_cost_counts_only_the_selected_operation() -> None:
    document = (
        "query A { people(first: 1) { totalCount } } query B { people(first: 9) { totalCount } }"
    )
    assert (cost(document, name="A"), cost(document, name="B")) == (1, 9)


async def test_cost_is_reported_on_success(http: httpx.AsyncClient) -> None:
    body = await post(http, braces(NESTED))
    assert body["extensions"] == {"cost": {"requested": 3000, "limit": 100_000}}
    assert len(body["data"]["people"]["edges"]) == 2


@pytest.mark.parametrize(
    "query",
    [
        "{ people(first: 3) { totalCount } boom }",  # a resolver error
        "{ people(first: 3) { totalCount nope } }",  # a validation error
    ],
)
async def test_cost_is_reported_on_errors(http: httpx.AsyncClient, query: str) -> None:
    body = await post(http, query)
    assert body["errors"]
    assert body["extensions"] == {"cost": {"requested": 3, "limit": 100_000}}


async def test_no_cost_when_the_document_does_not_parse(http: httpx.AsyncClient) -> None:
    body = await post(http, "{ people(first: 3) {")
    assert body["errors"][0]["message"].startswith("Syntax Error")
    assert "extensions" not in body


async def test_a_query_over_the_cost_limit_is_refused_unexecuted(http: httpx.AsyncClient) -> None:
    query = "{ people(first: 500) { edges { node { friends(first: 200) { totalCount } } } } }"
    body = await post(http, query)
    assert body["data"] is None
    [error] = body["errors"]
    assert error["extensions"]["code"] == "COST_LIMIT_EXCEEDED"
    assert body["extensions"]["cost"] == {"requested": 100_500, "limit": 100_000}
    await assert_still_serving(http)


async def test_aliased_connections_add_up_to_a_refusal(http: httpx.AsyncClient) -> None:
    inner = "edges { node { friends(first: 100) { totalCount } } }"
    query = "{ " + " ".join(f"p{i}: people(first: 500) {{ {inner} }}" for i in range(3)) + " }"
    body = await post(http, query)
    assert body["data"] is None
    assert body["extensions"]["cost"]["requested"] == 3 * (500 + 500 * 100)
    assert body["errors"][0]["extensions"]["code"] == "COST_LIMIT_EXCEEDED"


def test_the_cost_limit_holds_on_synchronous_execution_too() -> None:
    result = SCHEMA.execute_sync(
        "{ people(first: 500) { edges { node { friends(first: 500) { totalCount } } } } }"
    )
    assert result.data is None
    assert result.errors and (result.errors[0].extensions or {})["code"] == "COST_LIMIT_EXCEEDED"
    assert result.extensions == {"cost": {"requested": 250_500, "limit": 100_000}}


@pytest.mark.parametrize(
    ("query", "variables", "value"),
    [
        ("{ people(first: 501) { totalCount } }", None, 501),
        ("{ people(first: -1) { totalCount } }", None, -1),
        ("query($n: Int) { people(first: $n) { totalCount } }", {"n": 501}, 501),
        ("query($n: Int) { people(first: $n) { totalCount } }", {"n": -1}, -1),
        ("query($n: Int = 900) { people(first: $n) { totalCount } }", None, 900),
        (
            "query($n: Int) { people(first: 1) { edges { node { friends(first: $n)"
            " { totalCount } } } } }",
            {"n": 501},
            501,
        ),
    ],
)
async def test_a_page_size_outside_0_to_500_is_refused(
    http: httpx.AsyncClient, query: str, variables: dict[str, Any] | None, value: int
) -> None:
    body = await post(http, query, variables=variables)
    assert body["data"] is None
    [error] = body["errors"]
    assert error["extensions"]["code"] == "INVALID_ARGUMENT"
    assert "'first'" in error["message"] and "500" in error["message"]
    assert str(value) in error["message"]
    assert "Query.people" in error["message"] or "Person.friends" in error["message"]
    await assert_still_serving(http)


# --- depth, aliases, tokens ---------------------------------------------------------------------


def nested(levels: int, leaf: str = "name") -> str:
    """`levels` × people/friends → edges → node, ending in `leaf` (depth 3 × levels)."""
    query = leaf
    for level in reversed(range(levels)):
        field = "people" if level == 0 else "friends"
        query = f"{field}(first: 1) {{ edges {{ node {{ {query} }} }} }}"
    return "{ " + query + " }"


async def test_depth_up_to_the_limit_is_served(http: httpx.AsyncClient) -> None:
    body = await post(http, nested(4))  # depth 12
    assert "errors" not in body


async def test_depth_over_the_limit_is_refused(http: httpx.AsyncClient) -> None:
    body = await post(http, nested(4, leaf="friends { totalCount }"))  # depth 13
    assert body["data"] is None
    [error] = body["errors"]
    assert error["message"] == "'anonymous' exceeds maximum operation depth of 12"
    assert error["extensions"]["code"] == "DEPTH_LIMIT_EXCEEDED"
    await assert_still_serving(http)


async def test_depth_follows_fragments(http: httpx.AsyncClient) -> None:
    query = nested(4, leaf="...Deep") + " fragment Deep on Person { friends { totalCount } }"
    body = await post(http, query)
    assert body["errors"][0]["extensions"]["code"] == "DEPTH_LIMIT_EXCEEDED"


async def test_graphiql_introspection_passes_the_depth_limit(http: httpx.AsyncClient) -> None:
    # GraphiQL's query with every option; it is 14 deep when `__` fields are counted.
    introspection = get_introspection_query(
        descriptions=True,
        specified_by_url=True,
        directive_is_repeatable=True,
        schema_description=True,
        input_value_deprecation=True,
    )
    body = await post(http, introspection, operationName="IntrospectionQuery")
    assert "errors" not in body
    assert body["data"]["__schema"]["queryType"]["name"] == "Query"


async def test_circular_introspection_is_refused(http: httpx.AsyncClient) -> None:
    query = "{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }"
    body = await post(http, query)
    assert body["errors"][0]["message"] == "Maximum introspection depth exceeded"


async def test_too_many_aliases_are_refused(http: httpx.AsyncClient) -> None:
    fields = " ".join(f"n{i}: __typename" for i in range(31))
    body = await post(http, braces(fields))
    assert body["data"] is None
    assert body["errors"][0]["message"] == "31 aliases found. Allowed: 30"
    assert body["errors"][0]["extensions"]["code"] == "ALIAS_LIMIT_EXCEEDED"
    assert "errors" not in await post(
        http, braces(" ".join(f"n{i}: __typename" for i in range(30)))
    )
    await assert_still_serving(http)


async def test_parsing_and_validation_are_cached(http: httpx.AsyncClient) -> None:
    # Strawberry's caches are module-level LRUs keyed by maxsize (private, hence the imports).
    from strawberry.extensions.parser_cache import _get_parse_cache
    from strawberry.extensions.validation_cache import _get_validate_cache

    parsed: Any = _get_parse_cache(CACHE_SIZE)
    validated: Any = _get_validate_cache(CACHE_SIZE)
    query = "{ people(first: 2) { edges { cursor } } }"
    await post(http, query)
    hits = (parsed.cache_info().hits, validated.cache_info().hits)
    await post(http, query)
    assert (parsed.cache_info().hits, validated.cache_info().hits) == (hits[0] + 1, hits[1] + 1)


async def test_a_100k_token_document_is_refused_quickly(http: httpx.AsyncClient) -> None:
    started = time.perf_counter()
    body = await post(http, "{ " + "a " * 100_000 + "}")
    assert time.perf_counter() - started < 1
    assert body["data"] is None
    assert "more than 5000 tokens" in body["errors"][0]["message"]
    await assert_still_serving(http)


async def test_fragment_explosions_are_measured_in_linear_time(http: httpx.AsyncClient) -> None:
    # Each fragment spreads the next twice: 2**40 aliases and connections, in ~90 tokens each.
    # Strawberry's QueryDepthLimiter/MaxAliasesLimiter re-walk fragments per spread (hours).
    count = 40
    fragments = " ".join(
        f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(count)
    )
    leaf = f"fragment F{count} on Query {{ a: people(first: 1) {{ totalCount }} }}"
    started = time.perf_counter()
    body = await post(http, f"{{ ...F0 }} {fragments} {leaf}")
    assert time.perf_counter() - started < 1
    assert body["data"] is None
    assert body["errors"][0]["message"] == f"{2**count} aliases found. Allowed: 30"
    assert body["extensions"]["cost"]["requested"] == 2**count


# --- masking and suggestions --------------------------------------------------------------------


async def test_unexpected_errors_are_masked_and_logged(
    http: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="graphql_schema"):
        response = await http.post("/graphql", json={"query": "{ boom }"})
    body = response.json()
    assert body["errors"] == [
        {
            "message": "Unexpected error.",
            "locations": [{"line": 1, "column": 3}],
            "path": ["boom"],
            "extensions": {"code": "INTERNAL"},
        }
    ]
    for secret in ("hunter2", "SELECT", "postgres", "RuntimeError", "Traceback"):
        assert secret not in response.text
    [record] = [r for r in caplog.records if r.name == "graphql_schema"]
    assert record.exc_info is not None and isinstance(record.exc_info[1], RuntimeError)
    assert "hunter2" in record.exc_info[1].args[0]


async def test_an_exception_raised_by_an_extension_is_masked_too(
    caplog: pytest.LogCaptureFixture,
) -> None:
    class Broken(SchemaExtension):
        def on_execute(self) -> Iterator[None]:
            raise RuntimeError("dsn postgres://admin:hunter2@db")
            yield  # type: ignore[unreachable]  # a generator, like every hook

    schema = strawberry.Schema(Query, extensions=[*protection_extensions(LIMITS), Broken])
    with caplog.at_level(logging.ERROR, logger="graphql_schema"):
        result = await schema.execute("{ people(first: 1) { totalCount } }")
    assert result.errors is not None
    assert [(e.message, e.extensions) for e in result.errors] == [
        ("Unexpected error.", {"code": "INTERNAL"})
    ]
    assert any(r.name == "graphql_schema" and r.exc_info for r in caplog.records)


@pytest.mark.parametrize(
    ("field", "message", "code"),
    [
        ("invalid", "email is not an address", "INVALID"),  # an HrkitError meant for users
        ("storage", "Unexpected error.", "INTERNAL"),  # an HrkitError about the server
        ("refused", "not for you", None),  # a GraphQLError raised on purpose
    ],
)
async def test_which_errors_pass_the_mask(
    http: httpx.AsyncClient, field: str, message: str, code: str | None
) -> None:
    body = await post(http, braces(field))
    [error] = body["errors"]
    assert error["message"] == message
    assert error.get("extensions", {}).get("code") == code


async def test_suggestions_only_for_authenticated_callers(http: httpx.AsyncClient) -> None:
    query = "{ peple { totalCount } }"
    anonymous = (await post(http, query))["errors"][0]["message"]
    response = await http.post("/graphql", json={"query": query}, headers={"Authorization": "x"})
    authenticated = response.json()["errors"][0]["message"]
    assert authenticated == "Cannot query field 'peple' on type 'Query'. Did you mean 'people'?"
    assert anonymous == "Cannot query field 'peple' on type 'Query'."
    # The validation cache is shared: stripping for one caller must not change the other's.
    assert (await post(http, query))["errors"][0]["message"] == anonymous
    response = await http.post("/graphql", json={"query": query}, headers={"Authorization": "x"})
    assert response.json()["errors"][0]["message"] == authenticated


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (
            "Cannot query field 'x' on type 'Q'. Did you mean 'y'?",
            "Cannot query field 'x' on type 'Q'.",
        ),
        ("Unknown type 'Persn'. Did you mean 'Person', 'Perso', or 'P'?", "Unknown type 'Persn'."),
        (
            "Value 'X' does not exist in 'Kind' enum. Did you mean the enum value 'Y'?",
            "Value 'X' does not exist in 'Kind' enum.",
        ),
        ("Syntax Error: Unexpected '}'.", "Syntax Error: Unexpected '}'."),
    ],
)
def test_strip_suggestions(message: str, expected: str) -> None:
    assert strip_suggestions(message) == expected


# --- body size ----------------------------------------------------------------------------------


def assert_413(response: httpx.Response) -> None:
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/json"
    [error] = response.json()["errors"]
    assert "1000000 bytes" in error["message"]


async def test_a_body_over_the_limit_by_content_length_is_413(http: httpx.AsyncClient) -> None:
    padding = " " * LIMITS.max_body_bytes
    response = await http.post(
        "/graphql", content=f'{{"query": "{{ __typename }}{padding}"}}'.encode()
    )
    assert_413(response)
    await assert_still_serving(http)


async def test_a_chunked_body_is_cut_off_once_it_passes_the_limit(http: httpx.AsyncClient) -> None:
    chunk = b" " * 65_536
    sent: list[int] = []

    async def body() -> AsyncIterator[bytes]:
        yield b'{"query": "{ __typename }"'
        for _ in range(100):  # 6.5 MB if it were all read
            sent.append(len(chunk))
            yield chunk
        yield b"}"

    response = await http.post(
        "/graphql", content=body(), headers={"content-type": "application/json"}
    )
    assert "content-length" not in response.request.headers
    assert_413(response)
    # Read only up to the chunk that crossed the limit, never the rest.
    assert sum(sent) <= LIMITS.max_body_bytes + len(chunk)
    await assert_still_serving(http)


async def test_a_chunked_body_under_the_limit_is_served(http: httpx.AsyncClient) -> None:
    async def body() -> AsyncIterator[bytes]:
        yield b'{"query": '
        yield b'"{ people(first: 2) { totalCount } }"}'

    response = await http.post(
        "/graphql", content=body(), headers={"content-type": "application/json"}
    )
    assert response.json()["data"] == {"people": {"totalCount": 2}}


# --- view flags ---------------------------------------------------------------------------------


async def test_batched_requests_are_refused(http: httpx.AsyncClient) -> None:
    # Strawberry batches only with `StrawberryConfig(batching_config=...)`; the default is off.
    response = await http.post("/graphql", json=[{"query": "mutation { touch }"}] * 2)
    assert (response.status_code, response.text) == (400, "Batching is not enabled")
    assert TOUCHED == []
    await assert_still_serving(http)


async def test_queries_over_get_are_served(http: httpx.AsyncClient) -> None:
    response = await http.get("/graphql", params={"query": "{ people(first: 1) { totalCount } }"})
    assert response.json()["data"] == {"people": {"totalCount": 1}}


@pytest.mark.parametrize(("view", "status"), [(View, 400), (StrictView, 405)])
async def test_mutations_over_get_are_refused_unexecuted(view: type[View], status: int) -> None:
    # `allow_queries_via_get` never lets a mutation through GET; strawberry answers 400 and
    # GetMutationNotAllowedMixin turns it into GraphQL-over-HTTP's 405.
    transport = httpx.ASGITransport(app=make_app(view))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        response = await http.get("/graphql", params={"query": "mutation { touch }"})
        assert (response.status_code, response.text) == (
            status,
            "mutations are not allowed when using GET",
        )
        assert TOUCHED == []
        await assert_still_serving(http)
        assert (await post(http, "mutation { touch }"))["data"] == {"touch": 1}
