"""Taxonomy files → skill records: layouts told from headers, real ESCO/O*NET samples, row
problems with the file's own row numbers, and files that are not taxonomies at all."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from hrkit.errors import HrkitError, SpreadsheetError
from hrkit.skills.onet import technology_uri
from hrkit.skills.table import SkillFileError
from hrkit.skills.taxonomy import read_taxonomy

DATA = Path(__file__).parent / "data"
ESCO = "http://data.europa.eu/esco/skill/"
TRANSVERSAL = "esco_v1.0_transversalSkillsCollection_en.csv"


def parse(name: str, framework: str | None = None):
    return read_taxonomy((DATA / name).read_bytes(), name, framework)


def csv_bytes(rows: list[list[str]], *, delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode(encoding)


@pytest.mark.parametrize(
    ("name", "layout", "framework", "rows", "skills"),
    [
        (TRANSVERSAL, "esco-skills", "esco", 107, 107),
        ("esco_v1.0_ictSkillsCollection_en.csv", "esco-skills", "esco", 21, 21),
        ("esco_v1.0_skillsHierarchy_en.csv", "esco-hierarchy", "esco", 656, 656),
        # 1,970 relations name 723 distinct skills.
        ("esco_ict_occupation_essential_skills.csv", "esco-occupation-skills", "esco", 1970, 723),
        # 531 technologies and the 75 commodities they belong to.
        ("onet_technology_skills_sample.tsv", "onet-technology", "onet", 750, 606),
    ],
)
def test_real_samples_are_detected_and_counted(name, layout, framework, rows, skills) -> None:
    parsed = parse(name)
    assert (parsed.format, parsed.framework, parsed.rows) == (layout, framework, rows)
    assert (len(parsed.records), parsed.errors) == (skills, [])
    assert parse(name, framework).format == layout  # --framework naming the right one


def test_esco_collection_keeps_labels_types_descriptions_and_every_broader() -> None:
    records = parse(TRANSVERSAL).records
    advice = records[f"{ESCO}045f71e6-0699-4169-8a54-9c6b96f3174d"]
    assert advice.row == 2
    assert advice.fields["name"] == "give advice to others"
    assert advice.fields["skill_type"] == "skill/competence"
    assert advice.fields["description"] == "Offer suggestions about the best course of action."
    assert advice.fields["alt_labels"][:3] == [
        "make recommendations to others",
        "provide advisory services",
        "advise colleagues",
    ]
    assert len(advice.fields["alt_labels"]) == 11
    assert advice.fields["broader"] == [
        f"{ESCO}8f18f987-33e2-4228-9efb-65de25d03330",
        f"{ESCO}S1.5.0",
    ]
    assert sum(1 for r in records.values() if r.fields["alt_labels"]) == 88


def test_esco_download_layout_with_multiline_cells_numbers_rows_as_records() -> None:
    # ESCO's full downloads put one alt label per line inside a quoted cell.
    data = csv_bytes(
        [
            ["conceptType", "conceptUri", "preferredLabel", "altLabels", "broaderConceptUri"],
            [
                "KnowledgeSkillCompetence",
                f"{ESCO}a",
                "Python",
                "py\npython3\n\npy",
                f"{ESCO}K\n{ESCO}S",
            ],
            ["KnowledgeSkillCompetence", "not a uri", "Broken", "", ""],
            ["KnowledgeSkillCompetence", f"{ESCO}a", "Python again", "", ""],
            ["KnowledgeSkillCompetence", f"{ESCO}b", "", "", ""],
        ]
    )
    parsed = read_taxonomy(data, "skills_en.csv")
    [python] = parsed.records.values()
    assert python.fields["alt_labels"] == ["py", "python3"]
    assert python.fields["broader"] == [f"{ESCO}K", f"{ESCO}S"]
    assert "description" not in python.fields and "skill_type" not in python.fields
    assert [(e.row, e.code) for e in parsed.errors] == [
        (3, "INVALID_URI"),
        (4, "DUPLICATE"),
        (5, "MISSING_NAME"),
    ]
    assert "row 2" in parsed.errors[1].message
    assert "preferredLabel" in parsed.errors[2].message


def test_hierarchy_rows_define_their_deepest_concept_under_the_level_above() -> None:
    records = parse("esco_v1.0_skillsHierarchy_en.csv").records
    assert records[f"{ESCO}S"].fields["broader"] == []
    assert records[f"{ESCO}S1"].fields["broader"] == [f"{ESCO}S"]
    assert records[f"{ESCO}S1.0.0"].fields["broader"] == [f"{ESCO}S1.0"]
    assert records[f"{ESCO}S1"].fields["name"] == "communication, collaboration and creativity"
    assert records[f"{ESCO}S1"].fields["description"].startswith("Communicating, collaborating")
    isced = "http://data.europa.eu/esco/isced-f/"
    assert records[f"{isced}000"].fields["broader"] == [f"{isced}00"]
    top = [uri for uri, r in records.items() if not r.fields["broader"]]
    assert sorted(top) == [f"{ESCO}A", f"{ESCO}K", f"{ESCO}L", f"{ESCO}S"]


def test_onet_technologies_sit_under_every_commodity_they_appear_in() -> None:
    records = parse("onet_technology_skills_sample.tsv").records
    hive = records[technology_uri("Apache Hive")]
    assert hive.uri == "urn:onet:technology:Apache%20Hive"
    assert (hive.fields["name"], hive.fields["skill_type"]) == ("Apache Hive", "technology")
    assert hive.fields["broader"] == ["urn:onet:commodity:43232304", "urn:onet:commodity:43232306"]
    commodity = records["urn:onet:commodity:43232306"]
    assert commodity.fields["name"] == "Data base user interface and query software"
    assert (commodity.fields["code"], commodity.fields["skill_type"]) == (
        "43232306",
        "technology category",
    )
    # Distinct names stay distinct skills, however alike their slugs would be.
    assert len({technology_uri(n) for n in ("C", "C#", "C++", "c")}) == 4


def test_relations_name_skills_once_with_the_first_label() -> None:
    parsed = parse("esco_ict_occupation_essential_skills.csv")
    unnamed = sorted(r.row for r in parsed.records.values() if "name" not in r.fields)
    assert unnamed == [389, 411, 425, 545]  # 9 rows without a label, 4 distinct skills
    os_skill = parsed.records[f"{ESCO}f9a6f35b-01a7-40c9-8b61-b6ee46f97272"]
    assert (os_skill.row, os_skill.fields["name"]) == (2, "operating systems")


CUSTOM = [
    ["uri", "name", "framework", "broader_uri"],
    ["urn:acme:skill:python", "Python", "", ""],
    ["urn:acme:skill:django", "Django", "acme", "urn:acme:skill:python | urn:acme:skill:web"],
    ["", "No uri", "", ""],
    ["python", "Not a uri", "", ""],
    ["urn:acme:skill:python", "Python again", "", ""],
    ["urn:acme:skill:long", "x" * 401, "", ""],
    ["urn:acme:skill:bad-broader", "Bad broader", "", "not a uri"],
    ["https://", "No host", "", ""],
]


@pytest.mark.parametrize(
    ("delimiter", "encoding"),
    [(",", "utf-8"), (";", "utf-8-sig"), ("\t", "utf-16"), (",", "cp1252")],
)
def test_custom_files_in_any_encoding_keep_good_rows_and_number_the_bad(
    delimiter: str, encoding: str
) -> None:
    parsed = read_taxonomy(
        csv_bytes(CUSTOM, delimiter=delimiter, encoding=encoding), "mine.csv", "custom"
    )
    assert (parsed.format, parsed.rows) == ("custom", 8)
    assert {uri: r.fields["framework"] for uri, r in parsed.records.items()} == {
        "urn:acme:skill:python": "custom",
        "urn:acme:skill:django": "acme",
    }
    django = parsed.records["urn:acme:skill:django"]
    assert django.fields["broader"] == ["urn:acme:skill:python", "urn:acme:skill:web"]
    assert [(e.row, e.code) for e in parsed.errors] == [
        (4, "MISSING_URI"),
        (5, "INVALID_URI"),
        (6, "DUPLICATE"),
        (7, "TOO_LONG"),
        (8, "INVALID_URI"),
        (9, "INVALID_URI"),
    ]


@pytest.mark.parametrize(
    ("name", "framework", "words"),
    [
        ("onet_occupation_data.tsv", None, ["O*NET occupations", "Example", "--occupations"]),
        ("esco_v1.0_occupations_ict_sample.csv", None, ["ESCO occupations", "roles import"]),
        (TRANSVERSAL, "onet", ["not an O*NET taxonomy", "Commodity Code", "found conceptType"]),
        (TRANSVERSAL, "custom", ["not a custom taxonomy", "uri, name"]),
    ],
)
def test_files_of_another_kind_are_refused_saying_what_is_expected(name, framework, words) -> None:
    with pytest.raises(SkillFileError) as raised:
        parse(name, framework)
    message = str(raised.value)
    assert "\n" not in message
    for word in words:
        assert word in message


def test_relations_without_labels_belong_to_roles_import() -> None:
    data = csv_bytes(
        [["occupationUri", "relationType", "skillType", "skillUri"], ["a", "b", "c", "d"]]
    )
    with pytest.raises(SkillFileError, match="roles import"):
        read_taxonomy(data, "occupationSkillRelations_en.csv")


def test_unknown_headers_name_every_expected_layout() -> None:
    with pytest.raises(SkillFileError) as raised:
        read_taxonomy(b"skill;level\nPython;3\n", "skills.csv")
    assert raised.value.code == "UNKNOWN_FORMAT"
    for layout in ("conceptUri, preferredLabel", "Level 0 URI", "O*NET-SOC Code", "uri, name"):
        assert layout in str(raised.value)
    assert str(raised.value).endswith("found skill, level")


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "EMPTY_FILE"),
        (b"\xef\xbb\xbf\r\n\r\n", "EMPTY_FILE"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "NOT_A_SPREADSHEET"),
        (bytes(range(1, 32)) * 100, "NOT_A_SPREADSHEET"),
        (b"just one column\nvalue\n", "NO_HEADER"),
    ],
)
def test_files_that_cannot_be_read_are_one_line_errors(data: bytes, code: str) -> None:
    with pytest.raises(SpreadsheetError) as raised:
        read_taxonomy(data, "taxonomy.csv")
    assert isinstance(raised.value, HrkitError)
    assert raised.value.code == code and "\n" not in str(raised.value)


def test_a_header_without_rows_is_an_empty_taxonomy() -> None:
    parsed = read_taxonomy(b"uri,name\n", "empty.csv")
    assert (parsed.rows, parsed.records, parsed.errors) == (0, {}, [])


def test_a_title_line_above_the_header_is_skipped() -> None:
    parsed = read_taxonomy(b"Our skills\nuri,name\nurn:x:a,A\nbad,B\n", "skills.csv")
    assert list(parsed.records) == ["urn:x:a"]
    assert [(e.row, e.code) for e in parsed.errors] == [(4, "INVALID_URI")]


def test_broader_relations_gather_a_concepts_rows() -> None:
    data = csv_bytes(
        [
            ["conceptType", "conceptUri", "broaderType", "broaderUri"],
            ["KnowledgeSkillCompetence", f"{ESCO}a", "SkillGroup", f"{ESCO}S1"],
            ["KnowledgeSkillCompetence", f"{ESCO}b", "SkillGroup", ""],
            ["KnowledgeSkillCompetence", f"{ESCO}a", "KnowledgeSkillCompetence", f"{ESCO}c"],
        ]
    )
    parsed = read_taxonomy(data, "broaderRelationsSkillPillar_en.csv", "esco")
    assert parsed.format == "esco-broader"
    [a] = parsed.records.values()
    assert (a.row, a.fields) == (2, {"framework": "esco", "broader": [f"{ESCO}S1", f"{ESCO}c"]})
    assert [(e.row, e.code) for e in parsed.errors] == [(3, "MISSING_URI")]
