"""Skills a credential gives its holder (PRODUCT.md §8), with the evidence behind each level.

Two sources, both applied: the tenant's mapping rules for the credential's achievement (its uri
exactly, its name exactly, or a case-insensitive `*` glob on the name) give their skill at their
level; each alignment whose `targetUrl`/`targetCode` names a known skill gives it at level 3. For a
skill named by both, the rule's level wins, even when lower. Only `verified` credentials count,
and a person's level of a skill is the highest any counting credential gives.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Mapping, Sequence
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
    source: str  # "rule" | "alignment"
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
) -> list[Evidence]:
    """The skills one credential gives, one Evidence per skill (a rule beats an alignment)."""
    found: dict[int, Evidence] = {}
    for alignment in alignments:
        for key in (alignment.get("targetUrl"), alignment.get("targetCode")):
            skill_id = skill_ids.get(key) if isinstance(key, str) else None
            if skill_id is not None:
                found[skill_id] = Evidence(skill_id, ALIGNMENT_LEVEL, "alignment", credential_id)
                break
    ruled: dict[int, Evidence] = {}
    for rule in rules:
        if rule_applies(rule, achievement_uri, achievement_name):
            previous = ruled.get(rule.skill_id)
            if previous is None or rule.level > previous.level:
                ruled[rule.skill_id] = Evidence(rule.skill_id, rule.level, "rule", credential_id)
    found.update(ruled)
    return sorted(found.values(), key=lambda e: e.skill_id)


def person_levels(evidence: Iterable[Evidence]) -> dict[int, tuple[int, list[Evidence]]]:
    """skill id → (L, the evidence): L is the highest level any counting credential gives."""
    levels: dict[int, tuple[int, list[Evidence]]] = {}
    for item in evidence:
        level, items = levels.get(item.skill_id, (0, []))
        items.append(item)
        levels[item.skill_id] = (max(level, item.level), items)
    return levels
