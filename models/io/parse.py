"""From raw sheets to typed rows: find each sheet's header, read every cell by its column's
kind, and refuse duplicates inside the file. Nothing here touches the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from models.io import followup_cells
from models.io import normalise as norm
from models.io.normalise import CellError, fold
from models.io.problems import MAX_PROBLEMS, Problem
from models.io.read import RawSheet
from models.io.sheets import IGNORED_COLUMNS, SHEETS, Column, Kind, SheetSpec, sheet_for_name

#: Rows above the header (titles, dates, signatures) that are looked through for it.
HEADER_SCAN_ROWS = 15


@dataclass(frozen=True)
class Row:
    """One data row, its cells clean and typed, keyed by the template's column names."""

    spec: SheetSpec
    sheet: str  # the sheet's name as written in the file
    number: int
    values: dict[str, Any]

    def __getitem__(self, column: str) -> Any:
        return self.values.get(column)


@dataclass
class Parsed:
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)


def _header_names(column: Column) -> set[str]:
    return {fold(column.name), *(fold(a) for a in column.aliases)}


def _match_header(spec: SheetSpec, values: tuple[Any, ...]) -> tuple[dict[int, Column], list[tuple[int, str, str]]]:
    """Positions of the template's columns in a candidate header row, and the unknown or
    repeated header cells found there as (position, text, problem key)."""
    lookup = {name: col for col in spec.columns for name in _header_names(col)}
    ignored = {fold(n) for n in IGNORED_COLUMNS}
    found: dict[int, Column] = {}
    seen: dict[str, int] = {}
    odd: list[tuple[int, str, str]] = []
    for index, value in enumerate(values):
        text = norm.raw_text(value)
        if text is None:
            continue
        key = fold(text).rstrip(":*").strip()
        if key in ignored:
            continue
        col = lookup.get(key)
        if col is None:
            odd.append((index, text, "io.unknown_column"))
        elif col.name in seen:
            odd.append((index, text, "io.duplicate_column"))
        else:
            seen[col.name] = index
            found[index] = col
    return found, odd


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def parse_sheets(raw_sheets: list[RawSheet], *, csv: bool = False) -> Parsed:
    out = Parsed()
    known = [s for s in raw_sheets if sheet_for_name(s.name) is not None]
    for raw in raw_sheets:
        if len(out.problems) >= MAX_PROBLEMS:
            break
        out.notices.extend(raw.notices)
        spec = sheet_for_name(raw.name)
        if spec is None:
            if csv:
                out.problems.append(Problem("io.unknown_sheet", sheet=raw.name, params={"sheets": _sheet_list()}))
            else:
                out.notices.append(Problem("io.sheet_ignored", sheet=raw.name, params={"sheet": raw.name}))
            continue
        if raw.hidden:
            # What no one saw on screen is not imported: the sheet must be shown first.
            out.problems.append(Problem("io.hidden_sheet", sheet=raw.name, params={"sheet": raw.name}))
            continue
        _parse_sheet(spec, raw, out)
    if not known and not out.problems:
        out.problems.append(Problem("io.no_known_sheet", params={"sheets": _sheet_list()}))
    return out


def _sheet_list() -> str:
    return ", ".join(f"“{s.name}”" for s in SHEETS)


def _parse_sheet(spec: SheetSpec, raw: RawSheet, out: Parsed) -> None:
    required = {c.name for c in spec.columns if c.required}
    header_at: int | None = None
    best_missing = sorted(required, key=spec.header.index)
    positions: dict[int, Column] = {}
    for i, (number, values) in enumerate(raw.rows[:HEADER_SCAN_ROWS]):
        found, odd = _match_header(spec, values)
        names = {c.name for c in found.values()}
        missing = required - names
        if not missing:
            header_at, positions = i, found
            for _index, text, key in odd:
                other = next((_letter(p) for p, c in found.items() if fold(text) in _header_names(c)), "")
                out.problems.append(
                    Problem(key, sheet=raw.name, row=number, column=text, params={"columns": ", ".join(spec.header), "other": other})
                )
            break
        if len(missing) < len(best_missing):
            best_missing = sorted(missing, key=spec.header.index)
    if header_at is None:
        out.problems.append(
            Problem(
                "io.no_header", sheet=raw.name, params={"rows": HEADER_SCAN_ROWS, "missing": ", ".join(f"“{m}”" for m in best_missing)}
            )
        )
        return
    firsts: dict[tuple[Any, ...], int] = {}
    for number, values in raw.rows[header_at + 1 :]:
        if len(out.problems) >= MAX_PROBLEMS:
            return
        if all(norm.is_blank(v) for v in values):
            continue
        row_values: dict[str, Any] = {}
        ok = True
        for index, col in positions.items():
            value = values[index] if index < len(values) else None
            try:
                row_values[col.name] = _cell(col, value, raw, number, out)
            except CellError as exc:
                ok = False
                out.problems.append(
                    Problem(exc.key, sheet=raw.name, row=number, column=col.name, regulation=exc.regulation, params=exc.params)
                )
                continue
            if row_values[col.name] is None and col.required:
                ok = False
                out.problems.append(Problem("io.required", sheet=raw.name, row=number, column=col.name))
        if not ok:
            continue
        row_key = tuple(_key_part(row_values.get(c)) for c in spec.key_columns)
        if row_key in firsts:
            out.problems.append(
                Problem(
                    "io.duplicate_in_file",
                    sheet=raw.name,
                    row=number,
                    column=spec.key_columns[0],
                    params={"other": firsts[row_key], "what": ", ".join(spec.key_columns)},
                )
            )
            continue
        firsts[row_key] = number
        out.rows.append(Row(spec, raw.name, number, row_values))


def _key_part(value: Any) -> Any:
    return fold(value) if isinstance(value, str) else value


def _cell(col: Column, value: Any, raw: RawSheet, number: int, out: Parsed) -> Any:
    if col.kind in (Kind.TEXT, Kind.NAME, Kind.ORG):
        parse = norm.person_name if col.kind == Kind.NAME else norm.text
        result, repaired = parse(value)
        if repaired is not None:
            encoding, before, after = repaired
            out.notices.append(
                Problem(
                    "io.text_repaired",
                    sheet=raw.name,
                    row=number,
                    column=col.name,
                    params={"encoding_key": f"io.encoding.{encoding}", "before": before, "after": after},
                )
            )
        return result
    if col.kind == Kind.DATE:
        return norm.date(value, raw.epoch)
    if col.kind == Kind.YES_NO:
        return norm.yes_no(value)
    if col.kind == Kind.CHOICE:
        return norm.choice(value, col.choice_map)
    if col.kind == Kind.INTEGER:
        assert col.low is not None and col.high is not None
        return norm.integer(value, col.low, col.high)
    if col.kind == Kind.MONTH:
        return followup_cells.month(value)
    if col.kind == Kind.IDS:
        return followup_cells.member_ids(value)
    raise AssertionError(col.kind)
