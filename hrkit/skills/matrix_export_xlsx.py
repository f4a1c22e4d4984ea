"""The skill-gap matrix as an .xlsx workbook, for people who read it in a spreadsheet program.

One sheet per team: the manager's team, or — for a role across the company — one sheet per
department (never one sheet for the whole company), or "Candidates". Each sheet has three rows
above the people: the skills' URIs, whether each is essential, and `Required` (the required
levels); row 4 is the column header (Name, Email, the skills' names, then Fit, Gaps and Missing
skills against a role). Levels stay numbers: a colour scale shades them, and a gap (a level below
the required one) is shown as `2 ▼` in bold dark red by a conditional number format, so it is
not told by colour alone and the cell's value is still 2. The Gaps column counts a person's gaps
(with a data bar) and Missing skills names them. A "Gaps" sheet lists every gap as a row, and a
"Legend" sheet explains levels, colours, symbols and the fit formula. Panes are frozen on the
names and the header rows, the header row has a filter, and every text cell is neutralised.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from itertools import pairwise
from typing import Any

from openpyxl import Workbook
from openpyxl.formatting.rule import ColorScaleRule, DataBarRule, Rule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.styles.numbers import NumberFormat
from openpyxl.utils import get_column_letter

from hrkit.safe_cells import neutralise
from hrkit.skills.matrix import Matrix

REQUIRED = "Required"
GAPS_SHEET, LEGEND_SHEET = "Gaps", "Legend"
HEADER_ROW = 4  # rows 1-3: Skill URI, Essential, Required
FIRST_LEVEL_COLUMN = 3  # A: Name, B: Email
# The colour scale's points (level, colour, how the legend names it).
SCALE = ((0, "FFFFFF", "white"), (3, "BDD7EE", "light blue"), (5, "5B9BD5", "blue"))
GAP_COLOUR = "9C0006"
GAP_SYMBOL = "▼"
GAP_FORMAT = f'0" {GAP_SYMBOL}"'
# A custom number format id of its own: no cell uses a custom format, so none can clash.
GAP_FORMAT_ID = 164
FIT_FORMAT = "0%"  # built in (id 9): keeps the custom ids free for the gap format
LEVELS = (
    (0, "Not evidenced", "No credential verified now gives this skill."),
    (1, "Awareness", "Knows what it is and when it applies."),
    (2, "Basic", "Does simple tasks with guidance."),
    (3, "Intermediate", "Works on their own (an Open Badges alignment's default level)."),
    (4, "Advanced", "Handles complex work and guides others."),
    (5, "Expert", "Sets the standard; others come to them."),
)
FIT_FORMULA = "fit = Σ w·min(L, Q)/Q ÷ Σ w"
EXCEL_MAX_CHARS = 32_767
SHEET_NAME_CHARS = 31
# Characters XML 1.0 cannot carry; and characters Excel refuses in a sheet name.
ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")

BOLD = Font(bold=True)
MUTED = Font(italic=True, color="595959", size=9)
HEADER_FILL = PatternFill("solid", start_color="E7EAEE", end_color="E7EAEE")
HEADER_BORDER = Border(bottom=Side(style="medium", color="404040"))
WRAP = Alignment(wrap_text=True, vertical="top")


def render_xlsx(matrix: Matrix, *, generated_at: datetime) -> tuple[bytes, tuple[str, ...]]:
    """The workbook's bytes and the names of its matrix sheets."""
    book = Workbook()
    book.remove(book.active)
    used = {GAPS_SHEET.casefold(), LEGEND_SHEET.casefold()}
    parts = [(sheet_name(label, used), part) for label, part in sheets_of(matrix)]
    for name, part in parts:
        _matrix_sheet(book.create_sheet(name), part)
    if matrix.fit is not None:
        _gaps_sheet(book.create_sheet(GAPS_SHEET), parts)
    _legend_sheet(book.create_sheet(LEGEND_SHEET), matrix, [n for n, _ in parts], generated_at)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), tuple(name for name, _ in parts)


def sheets_of(matrix: Matrix) -> list[tuple[str, Matrix]]:
    """(label, matrix) per sheet: the team, or the company's people by department."""
    if matrix.manager is not None:
        return [(f"Team {matrix.manager.name}", matrix)]
    if matrix.kind == "candidate":
        return [("Candidates", matrix)]
    groups: dict[str | None, list[int]] = {}
    for row, person in enumerate(matrix.people):
        groups.setdefault(person.department or None, []).append(row)
    if not groups:
        return [("Employees", matrix)]
    ordered = sorted(groups, key=lambda d: (d is None, (d or "").casefold()))
    return [(d or "No department", matrix.subset(groups[d])) for d in ordered]


def sheet_name(label: str, used: set[str]) -> str:
    """A sheet name Excel accepts (31 characters, none of []:*?/\\), unique within `used`."""
    base = NOT_IN_SHEET_NAMES.sub("-", ILLEGAL.sub("", label)).strip().strip("'") or "Sheet"
    name, number = base[:SHEET_NAME_CHARS], 1
    while name.casefold() in used or name.casefold() == "history":  # "History" is reserved
        number += 1
        suffix = f" ({number})"
        name = base[: SHEET_NAME_CHARS - len(suffix)] + suffix
    used.add(name.casefold())
    return name


def _matrix_sheet(sheet: Any, matrix: Matrix) -> None:
    skills, against_role = matrix.skills, matrix.fit is not None
    k = len(skills)
    extra = ["Fit", "Gaps", "Missing skills"] if against_role else []
    sheet.append(["Skill URI", None, *(_text(s.uri) for s in skills)])
    sheet.append(
        ["Essential", None, *(_yes_no(s.essential) if against_role else None for s in skills)]
    )
    sheet.append([REQUIRED, None, *(s.required for s in skills)])
    sheet.append(["Name", "Email", *(_text(s.name) for s in skills), *extra])
    gaps, counts = matrix.gaps, matrix.gap_counts
    for row, person in enumerate(matrix.people):
        values: list[object] = [_text(person.name), _text(person.email)]
        values.extend(int(level) for level in matrix.levels[row])
        if against_role:
            assert matrix.fit is not None
            missing = [
                f"{GAP_SYMBOL} {skills[c].name} {int(matrix.levels[row, c])}/{skills[c].required}"
                + (" (essential)" if skills[c].essential else "")
                for c in range(k)
                if gaps[row, c]
            ]
            values.extend([float(matrix.fit[row]), int(counts[row]), _text("; ".join(missing))])
        sheet.append(values)
        _keep_text(sheet[sheet.max_row])
    last_row, last_column = HEADER_ROW + len(matrix.people), 2 + k + len(extra)
    _style_head(sheet, k, last_column)
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, FIRST_LEVEL_COLUMN).coordinate
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(last_column)}{last_row}"
    sheet.print_title_rows = f"1:{HEADER_ROW}"
    if not matrix.people or not k:
        return
    first, last = get_column_letter(FIRST_LEVEL_COLUMN), get_column_letter(2 + k)
    levels = f"{first}{HEADER_ROW + 1}:{last}{last_row}"
    sheet.conditional_formatting.add(levels, _colour_scale())
    if against_role:
        sheet.conditional_formatting.add(levels, _gap_rule(first, HEADER_ROW + 1))
        gap = get_column_letter(4 + k)
        for (cell,) in sheet.iter_rows(min_row=HEADER_ROW + 1, min_col=3 + k, max_col=3 + k):
            cell.number_format = FIT_FORMAT
        sheet.conditional_formatting.add(
            f"{gap}{HEADER_ROW + 1}:{gap}{last_row}",
            DataBarRule(start_type="num", start_value=0, end_type="max", color="E06666"),
        )


def _style_head(sheet: Any, k: int, last_column: int) -> None:
    for row in range(1, HEADER_ROW):
        sheet.cell(row, 1).font = BOLD
    for column in range(FIRST_LEVEL_COLUMN, FIRST_LEVEL_COLUMN + k):
        sheet.cell(1, column).font = MUTED
        sheet.cell(3, column).font = BOLD
    for column in range(1, last_column + 1):
        cell = sheet.cell(HEADER_ROW, column)
        cell.font, cell.fill, cell.border, cell.alignment = BOLD, HEADER_FILL, HEADER_BORDER, WRAP
    sheet.row_dimensions[HEADER_ROW].height = 45
    widths = {1: 28.0, 2: 32.0}
    for column in range(FIRST_LEVEL_COLUMN, FIRST_LEVEL_COLUMN + k):
        widths[column] = 14.0
    if last_column > 2 + k:
        widths.update({3 + k: 8.0, 4 + k: 8.0, 5 + k: 60.0})
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = width


def _colour_scale() -> ColorScaleRule:
    (low, low_colour, _), (mid, mid_colour, _), (high, high_colour, _) = SCALE
    return ColorScaleRule(
        start_type="num",
        start_value=low,
        start_color=low_colour,
        mid_type="num",
        mid_value=mid,
        mid_color=mid_colour,
        end_type="num",
        end_value=high,
        end_color=high_colour,
    )


def _gap_rule(column: str, row: int) -> Rule:
    """Bold dark red with a ▼ after the number where the level is below row 3's `Required`."""
    style = DifferentialStyle(
        font=Font(bold=True, color=GAP_COLOUR),
        numFmt=NumberFormat(numFmtId=GAP_FORMAT_ID, formatCode=GAP_FORMAT),
        border=Border(
            left=Side(style="thin", color=GAP_COLOUR),
            right=Side(style="thin", color=GAP_COLOUR),
            top=Side(style="thin", color=GAP_COLOUR),
            bottom=Side(style="thin", color=GAP_COLOUR),
        ),
    )
    formula = f"AND({column}$3>0,{column}{row}<{column}$3)"
    return Rule(type="expression", dxf=style, formula=[formula])


def _gaps_sheet(sheet: Any, parts: Sequence[tuple[str, Matrix]]) -> None:
    titles = ["Sheet", "Name", "Email", "Skill", "Skill URI", "Held", REQUIRED, "Essential"]
    sheet.append(titles)
    for name, part in parts:
        gaps = part.gaps
        for row, person in enumerate(part.people):
            for column, skill in enumerate(part.skills):
                if gaps[row, column]:
                    sheet.append(
                        [
                            _text(name),
                            _text(person.name),
                            _text(person.email),
                            _text(skill.name),
                            _text(skill.uri),
                            int(part.levels[row, column]),
                            skill.required,
                            _yes_no(skill.essential),
                        ]
                    )
                    _keep_text(sheet[sheet.max_row])
    for column, width in enumerate((24, 28, 32, 30, 50, 8, 10, 10), start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
        cell = sheet.cell(1, column)
        cell.font, cell.fill, cell.border = BOLD, HEADER_FILL, HEADER_BORDER
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:H{sheet.max_row}"


def _legend_sheet(
    sheet: Any, matrix: Matrix, sheets: Sequence[str], generated_at: datetime
) -> None:
    boss = matrix.manager
    team = (
        f"{boss.name} <{boss.email}> and everyone reporting to them"
        if boss is not None
        else f"every {matrix.kind} (one sheet per department)"
        if matrix.kind == "employee"
        else f"every {matrix.kind}"
    )
    lines: list[list[object]] = [
        ["Skill-gap matrix: legend"],
        [],
        ["Role", matrix.role or "(none: the skills the team holds, nothing required)"],
        ["People", team],
        ["Generated", generated_at.isoformat(timespec="seconds").replace("+00:00", "Z")],
        ["Sheets", ", ".join(sheets)],
        ["Counting", "Only credentials verified at that time give levels (PRODUCT.md §8)."],
        [],
        ["Level", "Meaning", "Colour", "Description"],
    ]
    lines.extend([level, name, _colour_name(level), text] for level, name, text in LEVELS)
    lines += [
        [],
        ["Symbol or row", "Meaning"],
        [f"2 {GAP_SYMBOL}", "A gap: the level (here 2) is below the required level. The cell "
         "is bold dark red with a thin border, and its value stays the number."],
        [REQUIRED, "The role's required level for each skill (0: not required)."],
        ["Essential", "yes: the role cannot do without the skill; no: nice to have."],
        ["Fit", f"{FIT_FORMULA}, over the role's skills, with L the level held, Q the level "
         "required and w the skill's weight; from 0% to 100%. The .json export keeps it exact."],
        ["Gaps", "How many of the role's skills the person holds below the required level "
         "(the bar grows with the count); Missing skills names them as held/required."],
    ]  # fmt: skip
    for line in lines:
        sheet.append([_text(v) if isinstance(v, str) else v for v in line])
    sheet["A1"].font = Font(bold=True, size=14)
    level_header = 9
    for row in (level_header, level_header + len(LEVELS) + 2):
        for column in range(1, 5):
            sheet.cell(row, column).font = BOLD
    for offset, (level, _, _) in enumerate(LEVELS, start=1):
        colour = _colour(level)
        sheet.cell(level_header + offset, 3).fill = PatternFill(
            "solid", start_color=colour, end_color=colour
        )
    for column, width in enumerate((16, 40, 14, 70), start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    for row in sheet.iter_rows(min_row=1, max_row=sheet.max_row):
        for cell in row:
            cell.alignment = WRAP


def _colour(level: int) -> str:
    """The colour the scale gives `level` (linear between the scale's points)."""
    for (low, low_colour, _), (high, high_colour, _) in pairwise(SCALE):
        if low <= level <= high:
            share = (level - low) / (high - low)
            channels = (
                round(
                    int(low_colour[i : i + 2], 16) * (1 - share)
                    + int(high_colour[i : i + 2], 16) * share
                )
                for i in (0, 2, 4)
            )
            return "".join(f"{c:02X}" for c in channels)
    return SCALE[-1][1]


def _colour_name(level: int) -> str:
    names = {point: name for point, _, name in SCALE}
    if level in names:
        return names[level]
    below = max(p for p, _, _ in SCALE if p < level)
    above = min(p for p, _, _ in SCALE if p > level)
    return f"between {names[below]} and {names[above]}"


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def _text(value: str) -> str:
    """Text as a cell may hold it: neutralised, XML-safe, within Excel's length limit."""
    text = neutralise(ILLEGAL.sub("\ufffd", value))
    return text if len(text) <= EXCEL_MAX_CHARS else text[: EXCEL_MAX_CHARS - 1] + "…"


def _keep_text(cells: Iterable[Any]) -> None:
    """Text such as "#N/A" would otherwise be stored as that error value, not as the text."""
    for cell in cells:
        if cell.data_type == "e":
            cell.data_type = "s"
