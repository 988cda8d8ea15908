"""Importing a congress office's proposal register (建议交办登记表) from XLSX or CSV.

Every row is checked by the same services that register and assign a proposal by hand, inside
one transaction: a preview runs them all and rolls back, an import keeps the result only when
every row went through. So the preview's errors are exactly the ones the import would hit.
"""

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.db.models import Q

from proposals import services
from proposals.errors import WorkflowError
from proposals.models import CongressSession, Deputy, HandlingUnit, Proposal
from proposals.roles import is_office

# Column heading -> key. The first seven are the register's own columns; the rest are optional.
COLUMNS = {
    "编号": "number",
    "标题": "title",
    "领衔代表": "lead_deputy",
    "附议代表": "co_deputies",
    "主办单位": "lead_unit",
    "协办单位": "co_units",
    "交办日期": "assigned_on",
    "提出日期": "submitted_on",
    "所属领域": "topic",
    "重点建议": "is_key",
    "建议内容": "body",
}
REQUIRED_COLUMNS = ("编号", "标题", "领衔代表")
MAX_ROWS = 5000
NAME_SEPARATORS = re.compile(r"[、，,；;\s]+")
TRUE_WORDS = {"是", "重点", "√", "y", "yes", "true", "1"}


@dataclass
class RegisterRow:
    """One line of the register, as read and (after a check) with its errors."""

    line: int
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)

    def value(self, key: str) -> str:
        return self.values.get(key, "")


@dataclass
class RegisterImport:
    rows: list[RegisterRow]
    errors: list[str] = field(default_factory=list)  # about the file as a whole
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors and all(not row.errors for row in self.rows)

    @property
    def error_count(self) -> int:
        return len(self.errors) + sum(1 for row in self.rows if row.errors)


class RegisterFileError(ValueError):
    """The file cannot be read as a register at all."""


def register_read(content: bytes, filename: str) -> list[dict[str, str]]:
    """The register's rows as {column heading: text}, from XLSX or CSV (UTF-8 or GBK)."""
    if filename.lower().endswith(".xlsx"):
        table = _read_xlsx(content)
    else:
        table = _read_csv(content)
    table = [[_text(cell) for cell in row] for row in table]
    table = [row for row in table if any(row)]
    if not table:
        raise RegisterFileError("文件中没有数据。")
    headings = [h.strip() for h in table[0]]
    missing = [h for h in REQUIRED_COLUMNS if h not in headings]
    if missing:
        raise RegisterFileError(f"缺少列：{'、'.join(missing)}。首行应为列名：{'、'.join(list(COLUMNS)[:7])}。")
    if len(table) - 1 > MAX_ROWS:
        raise RegisterFileError(f"一次最多导入 {MAX_ROWS} 条建议。")
    return [{h: (row[i] if i < len(row) else "") for i, h in enumerate(headings) if h} for row in table[1:]]


def _read_xlsx(content: bytes) -> list[list]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a damaged or non-XLSX file
        raise RegisterFileError("无法读取该 XLSX 文件，请确认文件未损坏。") from exc
    return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]


def _read_csv(content: bytes) -> list[list]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        return list(csv.reader(io.StringIO(text)))
    raise RegisterFileError("无法识别 CSV 文件的编码，请另存为 UTF-8 或 GBK。")


def _text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, datetime):
        return cell.date().isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _date(text: str, label: str, errors: list[str]) -> date | None:
    text = (text or "").strip()
    if not text:
        return None
    normalised = re.sub(r"[年月/.]", "-", text).rstrip("日").strip()
    try:
        return date.fromisoformat("-".join(part.zfill(2) for part in normalised.split("-")))
    except ValueError:
        errors.append(f"{label}“{text}”不是有效日期（格式如 2025-02-10）。")
        return None


def _names(text: str) -> list[str]:
    return [n for n in NAME_SEPARATORS.split(text or "") if n]


class _Lookup:
    """Deputies by name and units by name or short name, read once for the whole file."""

    def __init__(self, rows: list[RegisterRow]):
        deputy_names = {n for r in rows for key in ("lead_deputy", "co_deputies") for n in _names(r.value(key))}
        unit_names = {n for r in rows for key in ("lead_unit", "co_units") for n in _names(r.value(key))}
        self.deputies: dict[str, list[Deputy]] = {}
        for deputy in Deputy.objects.filter(name__in=deputy_names):
            self.deputies.setdefault(deputy.name, []).append(deputy)
        self.units: dict[str, list[HandlingUnit]] = {}
        for unit in HandlingUnit.objects.filter(Q(name__in=unit_names) | Q(short_name__in=unit_names)):
            for key in {unit.name, unit.short_name} & unit_names:
                self.units.setdefault(key, []).append(unit)

    def deputy(self, name: str, errors: list[str]) -> Deputy | None:
        found = self.deputies.get(name, [])
        if len(found) == 1:
            return found[0]
        if found:
            errors.append(f"有 {len(found)} 位名为“{name}”的代表，请在“代表”中区分后再导入。")
        else:
            errors.append(f"系统中没有名为“{name}”的代表，请先在“代表”中添加。")
        return None

    def unit(self, name: str, errors: list[str]) -> HandlingUnit | None:
        found = self.units.get(name, [])
        if len(found) == 1:
            return found[0]
        errors.append(f"有多个名为“{name}”的单位。" if found else f"系统中没有名为“{name}”的承办单位。")
        return None


def proposal_register_import(
    *, actor, session: CongressSession, rows: Iterable[Mapping[str, str]], commit: bool
) -> RegisterImport:
    """Register (and, where the row names a lead unit, assign) every row of a register, all or nothing.

    With `commit=False` (the preview) nothing is written whatever the rows hold; with
    `commit=True` the rows are written only when every one of them is valid.
    """
    if not is_office(actor):
        raise WorkflowError("forbidden", "只有代表工作机构可以导入建议登记表。")
    parsed = [
        RegisterRow(line=i, values={COLUMNS[k]: (v or "").strip() for k, v in row.items() if k in COLUMNS})
        for i, row in enumerate(rows, start=2)  # line 1 holds the column headings
    ]
    result = RegisterImport(rows=parsed)
    if not parsed:
        result.errors.append("文件中没有建议。")
        return result
    lookup = _Lookup(parsed)
    seen: dict[str, int] = {}
    with transaction.atomic():
        for row in parsed:
            number = row.value("number")
            if number in seen:
                row.errors.append(f"编号 {number} 与第 {seen[number]} 行重复。")
            elif number:
                seen[number] = row.line
            _import_row(row, actor=actor, session=session, lookup=lookup)
        result.written = commit and result.ok
        if not result.written:
            transaction.set_rollback(True)
    return result


def _import_row(row: RegisterRow, *, actor, session: CongressSession, lookup: _Lookup) -> None:
    errors = row.errors
    if not row.value("number"):
        errors.append("缺少编号。")
    if not row.value("title"):
        errors.append("缺少标题。")
    lead_deputy = lookup.deputy(row.value("lead_deputy"), errors) if row.value("lead_deputy") else None
    if not row.value("lead_deputy"):
        errors.append("缺少领衔代表。")
    co_deputies = [d for d in (lookup.deputy(n, errors) for n in _names(row.value("co_deputies"))) if d]
    lead_unit = lookup.unit(row.value("lead_unit"), errors) if row.value("lead_unit") else None
    co_units = [u for u in (lookup.unit(n, errors) for n in _names(row.value("co_units"))) if u]
    assigned_on = _date(row.value("assigned_on"), "交办日期", errors)
    submitted_on = _date(row.value("submitted_on"), "提出日期", errors)
    if co_units and not row.value("lead_unit"):
        errors.append("填写了协办单位，但缺少主办单位。")
    if row.value("lead_unit") and not row.value("assigned_on"):
        errors.append("填写了主办单位，但缺少交办日期。")
    if row.value("number") and Proposal.objects.filter(session=session, number=row.value("number")).exists():
        errors.append(f"{session}已有第{row.value('number')}号建议。")
    if errors:
        return
    # A register rarely says when a suggestion was handed in: during the session, so its closing
    # day, unless it was assigned earlier than that.
    if submitted_on is None:
        candidates = [d for d in (session.closed_on, assigned_on) if d]
        submitted_on = min(candidates) if candidates else services.today()
    try:
        with transaction.atomic():
            proposal = services.proposal_register(
                actor=actor,
                session=session,
                number=row.value("number"),
                title=row.value("title"),
                lead_deputy=lead_deputy,
                submitted_on=submitted_on,
                co_deputies=co_deputies,
                topic=row.value("topic"),
                is_key=row.value("is_key").lower() in TRUE_WORDS,
                body=row.value("body"),
            )
            if lead_unit is not None:
                services.proposal_assign(
                    proposal=proposal, actor=actor, lead_unit=lead_unit, co_units=co_units, assigned_on=assigned_on
                )
    except WorkflowError as err:
        field_messages = [m for messages in err.fields.values() for m in messages]
        errors.extend(field_messages or [err.message])
