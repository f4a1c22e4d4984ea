"""Manager links of an employee file, resolved after every row is read.

A row may name a manager who appears further down, or who is already stored. Links that point
at nobody are reported and left as they were; links that would make a reporting line loop
(A reports to B reports to A) are reported on every row of the loop and left as they were, so
the stored tree stays a tree.
"""

from __future__ import annotations

from collections.abc import Mapping

from hrkit.imports.rows import WARNING, Problem, Record


def resolve_managers(
    records: list[Record], stored: Mapping[str, str | None], column: str | None
) -> tuple[dict[str, str | None], list[Problem]]:
    """Email → manager email to set, for the records whose file names a usable manager.

    `stored` is every stored person's email → manager email (None: no manager).
    """
    problems: list[Problem] = []
    known = set(stored) | {r.email for r in records}
    wanted: dict[str, str] = {}
    rows: dict[str, int] = {}
    for record in records:
        boss = record.values.get("manager_email")
        if boss is None:
            continue
        if boss not in known:
            problems.append(
                Problem(
                    record.row,
                    column,
                    "UNKNOWN_MANAGER",
                    f"{boss} is neither in this file nor stored; the manager link is not set",
                    WARNING,
                )
            )
            continue
        wanted[record.email] = boss
        rows[record.email] = record.row
    graph: dict[str, str | None] = {**stored, **wanted}
    while cycle := _find_cycle(graph, wanted):
        loop = " → ".join([*cycle, cycle[0]])
        for email in cycle:
            if email in wanted:
                problems.append(
                    Problem(
                        rows[email],
                        column,
                        "MANAGER_CYCLE",
                        f"reporting lines would loop ({loop}); the manager link is not changed",
                        WARNING,
                    )
                )
                del wanted[email]
                graph[email] = stored.get(email)
    return dict(wanted), problems


def _find_cycle(graph: Mapping[str, str | None], starts: Mapping[str, str]) -> list[str] | None:
    """One loop reachable from a changed link, as the emails along it; None when there is none.

    Each person has at most one manager, so following links from any start either ends or
    enters a loop; nodes already cleared are not walked twice (linear overall).
    """
    cleared: set[str] = set()
    for start in starts:
        path: list[str] = []
        on_path: dict[str, int] = {}
        node: str | None = start
        while node is not None and node not in cleared:
            if node in on_path:
                loop = path[on_path[node] :]
                if any(n in starts for n in loop):
                    return loop
                break  # a loop of stored links alone is not this import's to report
            on_path[node] = len(path)
            path.append(node)
            node = graph.get(node)
        cleared.update(path)
    return None
