"""Skills a credential gives its holder (PRODUCT.md §8), with the evidence behind each level.

Two sources, both applied: the tenant's mapping rules for the credential's achievement (its uri
exactly, its name exactly, or a case-insensitive `*` glob on the name) give their skill at their
level; each alignment whose `targetUrl`/`targetCode` names a known skill gives it at level 3, or
at the level an OB 3.0 result gives it (`skills.results`). For a skill named by both, the rule's
level wins, even when lower. Only `verified` credentials count, and a person's level of a skill
is the highest any counting credential gives.
"""

from __future__ import annotations

import fnmatch
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

ALIGNMENT_LEVEL = 3


@dataclass(frozen=True)
class Rule:
    """A mapping rule: `achievement` is a uri, an exact name, or a glob with `*` on the name."""

    achievement: str
    skill_id: int
    level: int

    @property
    def is_glob(self) -> bool:
        return "*" in self.achievement


@dataclass(frozen=True)
class Evidence:
    """One credential's contribution to one skill."""

    skill_id: int
    level: int
    source: str  # "rule" | "alignment" | "result" (an alignment at an OB 3.0 result's level)
    credential_id: int


@lru_cache(maxsize=1024)
def _glob(pattern: str) -> re.Pattern[str]:
    return re.compile(fnmatch.translate(pattern.lower()), re.DOTALL)


def rule_applies(rule: Rule, uri: str | None, name: str | None) -> bool:
    if uri is not None and rule.achievement == uri:
        return True
    if name is None:
        return False
    if rule.is_glob:
        return _glob(rule.achievement).fullmatch(name.lower()) is not None
    return rule.achievement == name


def credential_evidence(
    credential_id: int,
    achievement_uri: str | None,
    achievement_name: str | None,
    alignments: Sequence[Mapping[str, Any]],
    rules: Iterable[Rule],
    skill_ids: Mapping[str, int],
    result_levels: Sequence[Mapping[str, Any]] = (),
) -> list[Evidence]:
    """The skills one credential gives, one Evidence per skill (a rule beats an alignment).

    `result_levels` are the credential's stored OB 3.0 result levels (`skills.results`): a
    result naming an aligned skill, or naming none, sets that alignment's level instead of 3.
    """
    found: dict[int, Evidence] = {}
    for alignment in alignments:
        for key in (alignment.get("targetUrl"), alignment.get("targetCode")):
            skill_id = skill_ids.get(key) if isinstance(key, str) else None
            if skill_id is not None:
                level = _result_level(result_levels, alignment)
                found[skill_id] = Evidence(
                    skill_id,
                    ALIGNMENT_LEVEL if level is None else level,
                    "alignment" if level is None else "result",
                    credential_id,
                )
                break
    for result in result_levels:
        for target in result.get("targets") or ():
            skill_id = skill_ids.get(target)
            if skill_id is None:
                continue
            held = found.get(skill_id)
            if held is None or (held.source == "result" and held.level < result["level"]):
                found[skill_id] = Evidence(skill_id, result["level"], "result", credential_id)
    ruled: dict[int, Evidence] = {}
    for rule in rules:
        if rule_applies(rule, achievement_uri, achievement_name):
            previous = ruled.get(rule.skill_id)
            if previous is None or rule.level > previous.level:
                ruled[rule.skill_id] = Evidence(rule.skill_id, rule.level, "rule", credential_id)
    found.update(ruled)
    return sorted(found.values(), key=lambda e: e.skill_id)


def _result_level(
    result_levels: Sequence[Mapping[str, Any]], alignment: Mapping[str, Any]
) -> int | None:
    """The highest level a result gives this alignment (one naming no skill applies to all)."""
    keys = {alignment.get("targetUrl"), alignment.get("targetCode")} - {None}
    levels = [
        int(r["level"])
        for r in result_levels
        if not r.get("targets") or keys.intersection(r["targets"])
    ]
    return max(levels, default=None)


def person_levels(evidence: Iterable[Evidence]) -> dict[int, tuple[int, list[Evidence]]]:
    """skill id → (L, the evidence): L is the highest level any counting credential gives."""
    levels: dict[int, tuple[int, list[Evidence]]] = {}
    for item in evidence:
        level, items = levels.get(item.skill_id, (0, []))
        items.append(item)
        levels[item.skill_id] = (max(level, item.level), items)
    return levels


@dataclass(frozen=True)
class Taxonomy:
    """What evidence is matched against: a tenant's mapping rules and skill keys (uri, code)."""

    rules: list[Rule]
    keys: dict[str, int]

    @property
    def empty(self) -> bool:
        """No rule and no skill: no credential can give anything."""
        return not self.rules and not self.keys

    def evidence(
        self,
        uri: str | None,
        name: str | None,
        alignments: Sequence[Mapping[str, Any]],
        result_levels: Sequence[Mapping[str, Any]] = (),
        credential_id: int = 0,
    ) -> list[Evidence]:
        return credential_evidence(
            credential_id, uri, name, alignments, self.rules, self.keys, result_levels
        )


# (uri, name, alignments) of an achievement, as evidence is matched against it.
AchievementSource = tuple[str | None, str, list[Any]]


class AchievementEvidence:
    """Evidence depends on the achievement and the result levels only: each pair is worked out
    once, however many credentials share it (`source` finds an achievement by id)."""

    def __init__(
        self, taxonomy: Taxonomy, source: Callable[[int], AchievementSource | None]
    ) -> None:
        self._taxonomy = taxonomy
        self._source = source
        self._seen: dict[tuple[int, str], list[Evidence]] = {}

    @staticmethod
    def key(achievement_id: int | None, result_levels: Any) -> tuple[int, str] | None:
        """What the evidence of a credential depends on (None: it gives nothing);
        `result_levels` as stored, a list or the JSON text SQLite hands over."""
        if achievement_id is None:
            return None
        if isinstance(result_levels, str):
            return (achievement_id, "" if result_levels in ("", "[]") else result_levels)
        return (achievement_id, json.dumps(result_levels, sort_keys=True) if result_levels else "")

    def of(self, achievement_id: int | None, result_levels: Any) -> list[Evidence]:
        """What a credential gives (its `credential_id` left 0)."""
        key = self.key(achievement_id, result_levels)
        if key is None:
            return []
        found = self._seen.get(key)
        if found is None:
            source = self._source(key[0])
            found = self._seen[key] = (
                []
                if source is None
                else self._taxonomy.evidence(*source, json.loads(key[1]) if key[1] else [])
            )
        return found
