"""The pure matrix: column order, required levels, fit by hand, gaps, team matrices."""

from __future__ import annotations

import numpy as np
import pytest

from hrkit.skills.levels import Levels
from hrkit.skills.matrix import MatrixPerson, MatrixSkill, role_matrix, team_matrix

ADA, BOB, CY, DEE = (
    MatrixPerson(1, "ada@x.org", "Ada"),
    MatrixPerson(2, "bob@x.org", "Bob"),
    MatrixPerson(3, "cy@x.org", "Cy"),
    MatrixPerson(4, "dee@x.org", "Dee"),
)
# Skill ids 10-14; the role asks for 10-13 (given in no particular order), 14 is extra.
REQUIREMENTS = [
    MatrixSkill(13, "urn:c", "C", required=1, essential=False, weight=0.5),
    MatrixSkill(11, "urn:b", "B", required=2, essential=True, weight=1.0),
    MatrixSkill(12, "urn:d", "D", required=4, essential=False, weight=0.8),
    MatrixSkill(10, "urn:a", "A", required=3, essential=True, weight=1.0),
]
HELD = {
    ADA: {10: 3, 11: 1, 12: 5, 14: 5},
    BOB: {10: 1, 11: 2, 12: 2, 13: 1},
    DEE: {10: 3, 11: 1, 12: 5},
    CY: {},
}


def levels_of(held: dict[MatrixPerson, dict[int, int]]) -> Levels:
    triples = [(p.id, s, level) for p, skills in held.items() for s, level in skills.items()]
    # Rows in another order than the people are given: the matrix maps them by id.
    return Levels.from_triples([p.id for p in reversed(list(held))], triples)


def test_role_columns_are_essential_first_then_weight_then_uri() -> None:
    matrix = role_matrix([ADA, BOB], REQUIREMENTS, levels_of(HELD), role="Dev")
    assert [s.uri for s in matrix.skills] == ["urn:a", "urn:b", "urn:d", "urn:c"]
    assert matrix.required.tolist() == [3, 2, 4, 1]
    assert [s.essential for s in matrix.skills] == [True, True, False, False]
    assert matrix.role == "Dev" and matrix.manager is None


def test_fit_is_the_weighted_share_of_required_levels_and_orders_the_people() -> None:
    matrix = role_matrix([CY, BOB, DEE, ADA], REQUIREMENTS, levels_of(HELD), role="Dev")
    # Σw = 1 + 1 + 0.8 + 0.5 = 3.3.
    # Ada: A 3/3, B 1/2, D min(5,4)/4, C 0/1 → (1 + 0.5 + 0.8 + 0) / 3.3 = 23/33
    # Bob: A 1/3, B 2/2, D 2/4, C 1/1 → (1/3 + 1 + 0.4 + 0.5) / 3.3 = 67/99
    # Dee holds what Ada holds: the same fit, then by name. Cy holds nothing: 0.
    assert [p.name for p in matrix.people] == ["Ada", "Dee", "Bob", "Cy"]
    assert matrix.fit is not None
    assert matrix.fit.tolist() == pytest.approx([23 / 33, 23 / 33, 67 / 99, 0.0], abs=1e-12)
    assert matrix.levels.tolist() == [
        [3, 1, 5, 0],
        [3, 1, 5, 0],
        [1, 2, 2, 1],
        [0, 0, 0, 0],
    ]
    assert matrix.gaps.tolist() == [
        [False, True, False, True],
        [False, True, False, True],
        [True, False, True, False],
        [True, True, True, True],
    ]
    assert matrix.gap_counts.tolist() == [2, 2, 2, 4]


def test_a_role_without_requirements_is_met_by_everyone() -> None:
    matrix = role_matrix([BOB, ADA], [], levels_of(HELD), role="Anything")
    assert matrix.skills == () and matrix.levels.shape == (2, 0)
    assert matrix.fit is not None and matrix.fit.tolist() == [1.0, 1.0]
    assert [p.name for p in matrix.people] == ["Ada", "Bob"]


def test_a_team_without_a_role_shows_what_it_holds_most_held_first() -> None:
    names = {10: ("urn:a", "A"), 11: ("urn:b", "B"), 12: ("urn:d", "D"), 13: ("urn:c", "C")}
    names[14] = ("urn:e", "E")
    team = [DEE, BOB, CY]
    matrix = team_matrix(team, names, levels_of(HELD))
    # Held by Bob and Dee: A, B, D (2 each, by uri); C by Bob only. E is Ada's, not the team's.
    assert [s.uri for s in matrix.skills] == ["urn:a", "urn:b", "urn:d", "urn:c"]
    assert [p.name for p in matrix.people] == ["Bob", "Cy", "Dee"]
    assert matrix.levels.tolist() == [[1, 2, 2, 1], [0, 0, 0, 0], [3, 1, 5, 0]]
    assert matrix.required.tolist() == [0, 0, 0, 0]
    assert matrix.fit is None and matrix.gap_counts.tolist() == [0, 0, 0]


def test_a_team_holding_nothing_has_no_columns() -> None:
    matrix = team_matrix([CY], {}, Levels.from_triples([CY.id], []))
    assert matrix.skills == () and matrix.levels.shape == (1, 0)


def test_subset_keeps_rows_and_their_fit_together() -> None:
    matrix = role_matrix([ADA, BOB, CY], REQUIREMENTS, levels_of(HELD), role="Dev")
    part = matrix.subset([2, 0])
    assert [p.name for p in part.people] == ["Cy", "Ada"]
    assert part.fit is not None and part.fit.tolist() == pytest.approx([0.0, 23 / 33])
    assert np.array_equal(part.levels, matrix.levels[[2, 0]])
    assert part.skills == matrix.skills and part.role == "Dev"
