"""The schema: every domain's queries and mutations merged at the root."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import strawberry
from graphql import GraphQLEnumType, GraphQLError, GraphQLObjectType
from strawberry.tools import merge_types

from graphql_schema.credentials.mutations import CredentialsMutation
from graphql_schema.credentials.queries import CredentialsQuery

# The concrete types every interface may resolve to must be known to the schema.
from graphql_schema.credentials.types import Achievement, Credential
from graphql_schema.fit.queries import FitQuery
from graphql_schema.imports.mutations import ImportsMutation
from graphql_schema.issuers.mutations import IssuersMutation
from graphql_schema.issuers.queries import IssuersQuery
from graphql_schema.issuers.types import Issuer
from graphql_schema.matrix.queries import MatrixQuery
from graphql_schema.node_query import NodeQuery
from graphql_schema.people.queries import PeopleQuery
from graphql_schema.people.types import Person
from graphql_schema.roles.mutations import RolesMutation
from graphql_schema.roles.queries import RolesQuery
from graphql_schema.roles.types import Role
from graphql_schema.skills.mutations import SkillsMutation
from graphql_schema.skills.queries import SkillsQuery
from graphql_schema.skills.types import Skill
from graphql_schema.sync.mutations import SyncMutation
from graphql_schema.viewer import ViewerQuery

Query = merge_types(
    "Query",
    (
        NodeQuery,
        ViewerQuery,
        PeopleQuery,
        CredentialsQuery,
        IssuersQuery,
        SkillsQuery,
        RolesQuery,
        FitQuery,
        MatrixQuery,
    ),
)
Mutation = merge_types(
    "Mutation",
    (
        CredentialsMutation,
        ImportsMutation,
        IssuersMutation,
        RolesMutation,
        SkillsMutation,
        SyncMutation,
    ),
)
NODE_TYPES = [Person, Credential, Issuer, Achievement, Skill, Role]


class HrkitSchema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        # strawberry logs every error, the caller's own mistakes (and a 100k-token document)
        # included; unexpected ones are logged, with their traceback, where they are masked.
        return


def build_schema(extensions: Sequence[Any] = ()) -> strawberry.Schema:
    schema = HrkitSchema(
        query=Query, mutation=Mutation, types=NODE_TYPES, extensions=list(extensions)
    )
    # strawberry gives every object type implementing an interface an `is_type_of` check that
    # graphql-core then runs on every object of every list (8,000 calls for 500 people with 5
    # credentials each). Our resolvers only ever return instances of the declared types, and
    # interfaces resolve their concrete type from the instance itself, so the check is dropped.
    for graphql_type in schema._schema.type_map.values():
        if graphql_type.name.startswith("__"):
            continue
        if isinstance(graphql_type, GraphQLObjectType):
            graphql_type.is_type_of = None
            _plain_attribute_resolvers(graphql_type)
        elif isinstance(graphql_type, GraphQLEnumType):
            _enum_by_member(graphql_type)
    return schema


def _plain_attribute_resolvers(graphql_type: GraphQLObjectType) -> None:
    """A field without a resolver reads one attribute: do just that (strawberry's wrapper adds
    two calls per field, ~10% of a 20,000-field response)."""
    for field in graphql_type.fields.values():
        definition = field.extensions.get("strawberry-definition")
        if getattr(field.resolve, "_is_default", False) and definition is not None:
            name = definition.python_name
            field.resolve = lambda source, _info, _name=name, **_kwargs: getattr(source, _name)


def _enum_by_member(graphql_type: GraphQLEnumType) -> None:
    """Serialize enum members with one dict lookup instead of a scan of the values."""
    wrapped = getattr(graphql_type, "wrapped_cls", None)
    if wrapped is None:
        return
    names = {
        member: name
        for name, value in graphql_type.values.items()
        for member in wrapped
        if member.value == value.value
    }
    original = graphql_type.serialize

    def serialize(value: Any) -> Any:
        found = names.get(value)
        return found if found is not None else original(value)

    graphql_type.serialize = serialize  # type: ignore[method-assign]
