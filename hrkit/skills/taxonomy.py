"""Taxonomy files: which layout a file has (told from its headers) and its skill records.

Layouts, tried in this order (headers match ignoring case, spaces and punctuation):

| format | framework | required headers |
|---|---|---|
| esco-hierarchy | esco | Level 0 URI, Level 0 preferred term |
| esco-skills | esco | conceptUri, preferredLabel |
| esco-broader | esco | conceptUri, broaderUri |
| esco-occupation-skills | esco | occupationUri, skillUri, skillLabel |
| onet-technology | onet | O*NET-SOC Code, Example, Commodity Code, Commodity Title |
| custom | custom (or the row's) | uri, name |

Files that are recognisably something else (ESCO occupations, O*NET occupation data,
occupation-skill relations without skill labels) are refused with a message saying where
they belong; anything else is refused naming the expected headers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from hrkit.skills import esco, onet
from hrkit.skills.records import Parsed, SkillFields, labels, uris
from hrkit.skills.table import SkillFileError, Table, cell, read_table

FRAMEWORKS = ("esco", "onet", "custom")
CUSTOM = "custom"
ARTICLES = {"esco": "an ESCO ", "onet": "an O*NET ", CUSTOM: "a custom "}


@dataclass(frozen=True)
class Layout:
    format: str
    framework: str
    required: tuple[str, ...]  # header keys
    shows: str  # the headers as a user writes them
    parse: Callable[[Table], Parsed]


def parse_custom(table: Table) -> Parsed:
    """`uri, name, framework, broader_uri` (+ description, alt_labels, code, skill_type)."""
    parsed = Parsed(CUSTOM, CUSTOM, rows=len(table.rows))
    uri_at, name_at = table.column("uri"), table.column("name")
    framework_at = table.column("framework")
    broader_at = table.column("broaderuri", "broaderuris", "broader")
    alt_at = table.column("altlabels", "altlabel")
    type_at = table.column("skilltype", "type")
    code_at, description_at = table.column("code"), table.column("description")
    for row, cells in table.rows:
        fields = SkillFields(
            name=cell(cells, name_at) or "", framework=cell(cells, framework_at) or CUSTOM
        )
        if broader_at is not None:
            fields["broader"] = uris(cell(cells, broader_at))
        if alt_at is not None:
            fields["alt_labels"] = labels(cell(cells, alt_at))
        if type_at is not None:
            fields["skill_type"] = cell(cells, type_at)
        if code_at is not None:
            fields["code"] = cell(cells, code_at)
        if description_at is not None:
            fields["description"] = cell(cells, description_at)
        parsed.add(row, cell(cells, uri_at), fields)
    return parsed


LAYOUTS = (
    Layout(
        "esco-hierarchy",
        "esco",
        ("level0uri", "level0preferredterm"),
        "the ESCO skills hierarchy (Level 0 URI, Level 0 preferred term, … Level 3 URI)",
        esco.parse_hierarchy,
    ),
    Layout(
        "esco-skills",
        "esco",
        ("concepturi", "preferredlabel"),
        "ESCO skills (conceptUri, preferredLabel[, altLabels, skillType, broaderConceptUri, "
        "description])",
        esco.parse_skills,
    ),
    Layout(
        "esco-broader",
        "esco",
        ("concepturi", "broaderuri"),
        "ESCO broader relations (conceptUri, broaderUri)",
        esco.parse_broader,
    ),
    Layout(
        "esco-occupation-skills",
        "esco",
        ("occupationuri", "skilluri", "skilllabel"),
        "ESCO occupation-skill relations with labels (occupationUri, skillUri, skillLabel)",
        esco.parse_occupation_skills,
    ),
    Layout(
        "onet-technology",
        "onet",
        ("onetsoccode", "example", "commoditycode", "commoditytitle"),
        f"O*NET Technology Skills ({', '.join(onet.HEADERS)})",
        onet.parse_technology,
    ),
    Layout(
        CUSTOM,
        CUSTOM,
        ("uri", "name"),
        "custom (uri, name[, framework, broader_uri])",
        parse_custom,
    ),
)


def read_taxonomy(data: bytes, filename: str, framework: str | None = None) -> Parsed:
    """The skill records of a taxonomy file; SkillFileError when its layout is not one of
    `framework`'s (any framework's when None)."""
    table = read_table(data, filename)
    return layout_of(table, framework).parse(table)


def layout_of(table: Table, framework: str | None = None) -> Layout:
    _refuse_other_files(table)
    candidates = [x for x in LAYOUTS if framework in (None, x.framework)]
    for layout in candidates:
        if table.has(*layout.required):
            return layout
    expected = "; ".join(x.shows for x in candidates)
    named = ARTICLES.get(framework or "", "a ")
    raise SkillFileError(
        f"{table.filename} is not {named}taxonomy file: expected {expected}; "
        f"found {table.describe_headers()}"
    )


def _refuse_other_files(table: Table) -> None:
    name = table.filename
    if table.has("concepturi", "iscogroup"):
        raise SkillFileError(
            f"{name} lists ESCO occupations, not skills: use it to name roles with "
            "`hrkit roles import RELATIONS --occupations FILE`",
            code="NOT_SKILLS",
        )
    if table.has("onetsoccode", "title") and not table.has("example"):
        raise SkillFileError(
            f"{name} lists O*NET occupations (O*NET-SOC Code, Title), not skills: import "
            f"O*NET Technology Skills ({', '.join(onet.HEADERS)}) here, and use this file to "
            "name roles with `hrkit roles import TECHNOLOGY_SKILLS --occupations FILE`",
            code="NOT_SKILLS",
        )
    if table.has("occupationuri", "skilluri") and not table.has("skilllabel"):
        raise SkillFileError(
            f"{name} relates ESCO occupations to skills by URI only: import the skills from "
            "ESCO's skills file (conceptUri, preferredLabel, …) and give this file to "
            "`hrkit roles import`",
            code="NOT_SKILLS",
        )
