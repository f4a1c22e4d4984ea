"""The schema: every domain's queries and mutations merged at the root."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import strawberry
from graphql import GraphQLError
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
from graphql_schema.node_query import NodeQuery
from graphql_schema.people.queries import PeopleQuery
from graphql_schema.people.types import Person
from graphql_schema.roles.mutations import RolesMutation
from graphql_schema.roles.queries import RolesQuery
from graphql_schema.roles.types import Role
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
    ),
)
Mutation = merge_types(
    "Mutation",
    (CredentialsMutation, ImportsMutation, IssuersMutation, RolesMutation, SyncMutation),
)
NODE_TYPES = [Person, Credential, Issuer, Achievement, Skill, Role]


class HrkitSchema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        # strawberry logs every error, the caller's own mistakes (and a 100k-token document)
        # included; unexpected ones are logged, with their traceback, where they are masked.
        return


def build_schema(extensions: Sequence[Any] = ()) -> strawberry.Schema:
    return HrkitSchema(
        query=Query, mutation=Mutation, types=NODE_TYPES, extensions=list(extensions)
    )
