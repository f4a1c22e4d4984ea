"""Key-person risk: requirements held at their level by fewer than two people, with the holders."""

from __future__ import annotations

from hrkit.skills.fit import Requirement, RoleSet, RoleSpec
from hrkit.skills.levels import Levels
from hrkit.skills.risk import key_person_risks


def test_requirements_held_by_fewer_than_two_people_at_their_level() -> None:
    # Skill 1: levels 5, 3, 2. Skill 2: level 4 once. Skill 3: nobody.
    levels = Levels.from_triples([10, 20, 30], [(10, 1, 5), (20, 1, 3), (30, 1, 2), (30, 2, 4)])
    roles = RoleSet.of(
        [
            RoleSpec(1, (Requirement(1, 3), Requirement(2, 2, essential=False))),
            RoleSpec(2, (Requirement(1, 4), Requirement(3, 1), Requirement(1, 2))),
        ]
    )
    risks = key_person_risks(levels, roles)
    assert [(r.index, r.role_id, r.skill_id, r.required, r.holders) for r in risks] == [
        (1, 1, 2, 2, (30,)),  # one holder, optional or not
        (2, 2, 1, 4, (10,)),  # level 3 and 2 do not reach 4
        (3, 2, 3, 1, ()),  # nobody
    ]
    at_three = key_person_risks(levels, roles, minimum=3)
    assert [(r.index, r.holders) for r in at_three] == [(0, (10, 20)), (1, (30,)), (2, (10,)),
                                                        (3, ())]  # fmt: skip
    assert [r.index for r in key_person_risks(levels, roles, minimum=4)] == [0, 1, 2, 3, 4]
