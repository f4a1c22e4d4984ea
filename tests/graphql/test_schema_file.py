"""The committed SDL is the schema the code builds, and keeps every contract name."""

from __future__ import annotations

from pathlib import Path

from graphql_schema.schema import build_schema

SDL = Path(__file__).resolve().parents[2] / "graphql_schema" / "schema.graphql"

CONTRACT = [
    "interface Node",
    "enum PersonKind",
    "enum VerificationStatus",
    "node(id: ID!): Node",
    "viewer: Viewer!",
    "people(first: Int = 50, after: String = null, filter: PersonFilter = null): PersonConnection!",
    "credentials(first: Int = 50, after: String = null, filter: CredentialFilter = null): CredentialConnection!",
    "issuers(first: Int = 50, after: String = null): IssuerConnection!",
    "skills(first: Int = 50, after: String = null, search: String = null): SkillConnection!",
    "roles(first: Int = 50, after: String = null, open: Boolean = null): RoleConnection!",
    "roleFit(roleId: ID!, first: Int = 50, after: String = null, kind: PersonKind = null): RoleFitConnection!",
    "skillMatrix(roleId: ID = null, managerId: ID = null): SkillMatrix!",
    "submitCredential(input: SubmitCredentialInput!): SubmitCredentialPayload!",
    "importCandidates(input: ImportCandidatesInput!): ImportCandidatesPayload!",
    "trustIssuer(input: TrustIssuerInput!): TrustIssuerPayload!",
    "upsertRole(input: UpsertRoleInput!): UpsertRolePayload!",
    "runSync(input: RunSyncInput!): RunSyncPayload!",
    "type UserError",
    "holderKind: PersonKind! = CANDIDATE",
    "dryRun: Boolean! = false",
]


def test_committed_sdl_is_current(hrkit_cli) -> None:
    code, out, _ = hrkit_cli("schema")
    assert code == 0
    assert out.strip() == SDL.read_text().strip(), (
        "run `hrkit schema > graphql_schema/schema.graphql`"
    )
    assert build_schema().as_str().strip() == SDL.read_text().strip()


def test_contract_names_are_in_the_schema() -> None:
    sdl = " ".join(SDL.read_text().split())
    missing = [name for name in CONTRACT if " ".join(name.split()) not in sdl]
    assert missing == []
