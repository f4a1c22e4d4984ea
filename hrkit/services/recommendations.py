"""Recommendations: which known achievements would close a person's essential gaps.

"Known" achievements are the tenant's achievements that give skills by the same rules as a
held credential (`skills.evidence.credential_evidence`: mapping rules, then alignments at level
3; a rule's level wins). An achievement no credential of which could count is never suggested:
when the tenant keeps a trust registry, only achievements of trusted issuers are offered.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from hrkit.skills.cover import Cover, Offer, recommend
from hrkit.skills.evidence import Taxonomy
from hrkit.store.repositories import Repositories


@dataclass(frozen=True)
class Catalogue:
    """The offers that give any of the skills asked for, by achievement id."""

    offers: tuple[Offer, ...]

    def by_id(self) -> dict[int, Offer]:
        return {offer.achievement_id: offer for offer in self.offers}

    def cover(self, gaps: Mapping[int, int]) -> Cover:
        """The smallest set of these achievements closing `gaps` (skill id → required level)."""
        return recommend(gaps, self.offers)


def catalogue(
    repos: Repositories, skill_ids: Iterable[int], taxonomy: Taxonomy | None = None
) -> Catalogue:
    """The known achievements that give any of `skill_ids`, with the levels they give
    (`taxonomy`: when the caller has read it)."""
    wanted = set(skill_ids)
    if not wanted:
        return Catalogue(())
    taxonomy = taxonomy or repos.skills.taxonomy()
    offers = []
    for row in repos.achievements.catalogue(trusted_only=repos.issuers.has_registry()):
        evidence = taxonomy.evidence(row.uri, row.name, row.alignments or [])
        gives = {e.skill_id: e.level for e in evidence if e.skill_id in wanted}
        if gives:
            offers.append(Offer(row.id, row.name, row.uri, gives))
    return Catalogue(tuple(offers))


def covers(
    repos: Repositories, gaps: Sequence[Mapping[int, int]], skill_ids: Iterable[int]
) -> list[Cover]:
    """One cover per gap set, from one catalogue of the achievements giving `skill_ids`."""
    known = catalogue(repos, skill_ids)
    return [known.cover(g) for g in gaps]
