"""Skill loaders: skills of people and of credentials, from verified credentials only."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import joinedload
from strawberry.dataloader import DataLoader

from graphql_schema.context import Context, Info
from graphql_schema.skills.types import PersonSkill
from hrkit.model.enums import VerificationStatus
from hrkit.model.status import effective_status
from hrkit.skills.evidence import Evidence, Taxonomy, person_levels
from hrkit.store.repositories import Repositories
from hrkit.store.tables import Credential as CredentialRow
from hrkit.store.tables import Skill as SkillRow


def skills_of_person(info: Info) -> DataLoader[int, list[PersonSkill]]:
    """SkillsByPersonLoader: each person's skill levels (L = the highest any credential gives)."""
    return info.context.loader("SkillsByPersonLoader", lambda ctx: _loader(ctx, by_holder=True))


def skills_of_credential(info: Info) -> DataLoader[int, list[PersonSkill]]:
    """SkillsByCredentialLoader: the skills one credential gives (none unless it is verified)."""
    return info.context.loader(
        "SkillsByCredentialLoader", lambda ctx: _loader(ctx, by_holder=False)
    )


def _loader(ctx: Context, *, by_holder: bool) -> DataLoader[int, list[PersonSkill]]:
    def work(repos: Repositories, keys: list[int]) -> dict[int, list[PersonSkill]]:
        taxonomy = _taxonomy(ctx, repos)
        column = CredentialRow.holder_id if by_holder else CredentialRow.id
        credentials = repos.session.scalars(
            repos.credentials.select(column.in_(keys)).options(
                joinedload(CredentialRow.achievement)
            )
        ).unique()
        evidence: dict[int, list[Evidence]] = defaultdict(list)
        for row in credentials:
            if (
                effective_status(row.status, row.valid_until, ctx.now)
                is not VerificationStatus.VERIFIED
            ):
                continue
            achievement = row.achievement
            evidence[row.holder_id if by_holder else row.id].extend(
                taxonomy.evidence(
                    achievement.uri if achievement else None,
                    achievement.name if achievement else None,
                    achievement.alignments if achievement else [],
                    row.result_levels or [],
                    credential_id=row.id,
                )
            )
        wanted = {item.skill_id for items in evidence.values() for item in items}
        skills = _skills(repos, wanted)
        return {
            key: [
                PersonSkill.build(skills[skill_id], level, items)
                for skill_id, (level, items) in sorted(person_levels(evidence[key]).items())
                if skill_id in skills
            ]
            for key in keys
        }

    async def load(keys: list[int]) -> list[list[PersonSkill]]:
        found = await ctx.run(lambda repos: work(repos, keys))
        return [found[k] for k in keys]

    return DataLoader(load_fn=load)


def _taxonomy(ctx: Context, repos: Repositories) -> Taxonomy:
    cached = ctx.loaders.get("taxonomy")
    if cached is None:
        cached = ctx.loaders["taxonomy"] = repos.skills.taxonomy()
    assert isinstance(cached, Taxonomy)
    return cached


def _skills(repos: Repositories, ids: set[int]) -> dict[int, SkillRow]:
    if not ids:
        return {}
    rows = repos.session.scalars(
        select(SkillRow).where(SkillRow.tenant_id == repos.scope.tenant_id, SkillRow.id.in_(ids))
    )
    return {row.id: row for row in rows}
