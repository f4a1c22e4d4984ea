"""ESCO's CSV downloads as skill records (https://esco.ec.europa.eu, © European Union).

Four layouts carry skills: the skills files and collections (`conceptUri, preferredLabel,
altLabels, skillType, broaderConceptUri, description`, skill groups add `code`), the skills
hierarchy (`Level 0 URI, Level 0 preferred term, …, Level 3 URI, Description`), the broader
relations (`conceptUri, broaderUri`: one row per link) and occupation-skill relations that
carry the skills' labels (`occupationUri, skillUri, skillLabel, skillType`).
"""

from __future__ import annotations

from hrkit.skills.records import Parsed, SkillFields, labels, uris
from hrkit.skills.table import Table, cell

FRAMEWORK = "esco"
LEVELS = 4  # the hierarchy's Level 0 to Level 3


def parse_skills(table: Table) -> Parsed:
    """An ESCO skills file or collection: one skill per row, a repeated uri is an error."""
    parsed = Parsed("esco-skills", FRAMEWORK, rows=len(table.rows))
    uri_at, name_at = table.column("concepturi"), table.column("preferredlabel")
    alt_at, type_at = table.column("altlabels"), table.column("skilltype")
    broader_at, code_at = table.column("broaderconcepturi"), table.column("code")
    description_at = table.column("description")
    for row, cells in table.rows:
        fields = SkillFields(name=cell(cells, name_at) or "", framework=FRAMEWORK)
        # A column the file lacks leaves the stored value alone; an empty cell clears it.
        if alt_at is not None:
            fields["alt_labels"] = labels(cell(cells, alt_at))
        if type_at is not None:
            fields["skill_type"] = cell(cells, type_at)
        if broader_at is not None:
            fields["broader"] = uris(cell(cells, broader_at))
        if description_at is not None:
            fields["description"] = cell(cells, description_at)
        if code_at is not None:
            fields["code"] = cell(cells, code_at)
        parsed.add(row, cell(cells, uri_at), fields, columns=("conceptUri", "preferredLabel"))
    return parsed


def parse_hierarchy(table: Table) -> Parsed:
    """The skills hierarchy: each row defines its deepest concept, under the level above."""
    parsed = Parsed("esco-hierarchy", FRAMEWORK, rows=len(table.rows))
    levels = [
        (table.column(f"level{n}uri"), table.column(f"level{n}preferredterm"))
        for n in range(LEVELS)
    ]
    description_at = table.column("description")
    for row, cells in table.rows:
        path = [(cell(cells, u), cell(cells, n)) for u, n in levels]
        filled = [(uri, name) for uri, name in path if uri]
        if not filled:
            parsed.error(row, "MISSING_URI", "no Level 0 to Level 3 URI")
            continue
        uri, name = filled[-1]
        fields = SkillFields(
            name=name or "",
            framework=FRAMEWORK,
            broader=[filled[-2][0]] if len(filled) > 1 else [],
            description=cell(cells, description_at),
        )
        parsed.add(row, uri, fields, columns=("Level URI", "preferred term"))
    return parsed


def parse_broader(table: Table) -> Parsed:
    """Broader relations: one row per link; a concept's rows together are its broader list.

    The concepts must be known already (a row names no label) unless the file has
    `conceptLabel`, as ESCO 1.1 downloads do.
    """
    parsed = Parsed("esco-broader", FRAMEWORK, rows=len(table.rows))
    uri_at, broader_at = table.column("concepturi"), table.column("broaderuri")
    label_at = table.column("conceptlabel")
    for row, cells in table.rows:
        fields = SkillFields(framework=FRAMEWORK, broader=uris(cell(cells, broader_at)))
        if label := cell(cells, label_at):
            fields["name"] = label
        if not fields["broader"]:
            parsed.error(row, "MISSING_URI", "no broaderUri")
            continue
        parsed.add(row, cell(cells, uri_at), fields, columns=("conceptUri", ""), merge=True)
    return parsed


def parse_occupation_skills(table: Table) -> Parsed:
    """The skills occupation-skill relations name, with their labels and types.

    A skill appears once per occupation: repeats are merged, the first label wins. An
    empty label or type means the file does not say, not that the skill has none.
    """
    parsed = Parsed("esco-occupation-skills", FRAMEWORK, rows=len(table.rows))
    uri_at, label_at = table.column("skilluri"), table.column("skilllabel")
    type_at = table.column("skilltype")
    for row, cells in table.rows:
        fields = SkillFields(framework=FRAMEWORK)
        if label := cell(cells, label_at):
            fields["name"] = label
        if skill_type := cell(cells, type_at):
            fields["skill_type"] = skill_type
        parsed.add(row, cell(cells, uri_at), fields, columns=("skillUri", ""), merge=True)
    return parsed
