"""The schema: every domain's queries and mutations merged at the root."""

from __future__ import annotations

import strawberry
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


def build_schema(extensions: list[object] | None = None) -> strawberry.Schema:
    return strawberry.Schema(
        query=Query, mutation=Mutation, types=NODE_TYPES, extensions=extensions or []
    )
