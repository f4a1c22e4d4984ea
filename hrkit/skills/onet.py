"""O*NET's Technology Skills file as skill records (https://www.onetcenter.org, CC BY 4.0).

Each row (`O*NET-SOC Code, Example, Commodity Code, Commodity Title, Hot Technology, In
Demand`) names a technology an occupation uses (the example, e.g. "Amazon Redshift") and its
UNSPSC commodity (e.g. 43232306 "Data base user interface and query software"). Both become
skills, the example under its commodity. O*NET gives neither a URI, so hrkit names them
`urn:onet:commodity:<code>` and `urn:onet:technology:<example, percent-encoded>`: stable
across releases as long as O*NET keeps the names, and distinct for "C", "C#" and "C++".
"""

from __future__ import annotations

from urllib.parse import quote

from hrkit.skills.records import Parsed, SkillFields
from hrkit.skills.table import Table, cell

FRAMEWORK = "onet"
TECHNOLOGY, CATEGORY = "technology", "technology category"
HEADERS = ("O*NET-SOC Code", "Example", "Commodity Code", "Commodity Title")


def commodity_uri(code: str) -> str:
    return f"urn:onet:commodity:{code}"


def technology_uri(example: str) -> str:
    return f"urn:onet:technology:{quote(' '.join(example.split()), safe='')}"


def parse_technology(table: Table) -> Parsed:
    """Technologies and their commodities; each appears once per occupation and is merged."""
    parsed = Parsed("onet-technology", FRAMEWORK, rows=len(table.rows))
    example_at, code_at = table.column("example"), table.column("commoditycode")
    title_at = table.column("commoditytitle")
    for row, cells in table.rows:
        example, code = cell(cells, example_at), cell(cells, code_at)
        if not example:
            parsed.error(row, "MISSING_NAME", "no Example")
            continue
        if not code or not code.isdigit():
            shown = f" {code!r}" if code else ""
            parsed.error(row, "INVALID_CODE", f"Commodity Code{shown} is not a UNSPSC number")
            continue
        parent = commodity_uri(code)
        category = SkillFields(
            name=cell(cells, title_at) or "",
            framework=FRAMEWORK,
            code=code,
            skill_type=CATEGORY,
        )
        skill = SkillFields(
            name=" ".join(example.split()),
            framework=FRAMEWORK,
            skill_type=TECHNOLOGY,
            broader=[parent],
        )
        before = len(parsed.errors)
        parsed.add(row, parent, category, columns=("Commodity Code", "Commodity Title"), merge=True)
        if len(parsed.errors) == before:
            parsed.add(
                row, technology_uri(example), skill, columns=("Example", "Example"), merge=True
            )
    return parsed
