"""Peak memory and time of a dry-run import of a workbook at the reader's limits.

The workbook is written part by part (zipfile, no openpyxl) to sit just inside every cap of
:class:`models.io.read.Limits`: the shared-strings table at its cap, made of the shortest
unique strings (the most Python objects per byte, the worst case for memory); import sheets
at the row and column limits whose cells all point into that table, filling the unpacked
total. The import is refused for its contents after everything was read and parsed, which is
where the memory peaks.

    python -m bench.workbook_limits [--build-only PATH]

Runs the dry run in a child process under ``/usr/bin/time -v`` and prints the file's sizes,
the wall time and the maximum resident set size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from models.io.read import DEFAULT_LIMITS, Limits
from models.io.sheets import SHEETS

_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_RNS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def _col(i: int) -> str:
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(65 + r) + out
    return out


def _shared_strings(limit: int) -> tuple[bytes, int]:
    """The table just under ``limit`` bytes: unique short strings; and how many."""
    parts = [f'<?xml version="1.0" encoding="UTF-8"?><sst {_NS}>'.encode()]
    size, n = len(parts[0]) + 6, 0
    while True:
        item = f"<si><t>{n:x}</t></si>".encode()
        if size + len(item) > limit - 64:
            break
        parts.append(item)
        size += len(item)
        n += 1
    parts.append(b"</sst>")
    return b"".join(parts), n


def _sheet(header: list[str], rows: int, columns: int, strings: int, offset: int, limit: int) -> bytes:
    """A sheet whose first row is an import header and whose other cells name shared strings."""
    out = [f'<?xml version="1.0" encoding="UTF-8"?><worksheet {_NS}><sheetData>'.encode()]
    size = len(out[0]) + 40
    head = "".join(f'<c r="{_col(i)}1" t="inlineStr"><is><t>{h}</t></is></c>' for i, h in enumerate(header))
    out.append(f'<row r="1">{head}</row>'.encode())
    k = offset
    for r in range(2, rows + 1):
        cells = []
        for c in range(columns):
            cells.append(f'<c r="{_col(c)}{r}" t="s"><v>{k % strings}</v></c>')
            k += 7919
        line = f'<row r="{r}">{"".join(cells)}</row>'.encode()
        if size + len(line) > limit - 64:
            break
        out.append(line)
        size += len(line)
    out.append(b"</sheetData></worksheet>")
    return b"".join(out)


def build(path: Path, limits: Limits = DEFAULT_LIMITS) -> dict[str, int]:
    """Write the workbook; the unpacked size of each part."""
    sst, strings = _shared_strings(limits.max_shared_strings_bytes)
    room = limits.max_unpacked_bytes - len(sst) - 64 * 1024
    specs = list(SHEETS)
    sheets: list[tuple[str, bytes]] = []
    while room > 1024 * 1024 and len(sheets) < len(specs):
        spec = specs[len(sheets)]
        data = _sheet(list(spec.header), limits.max_rows, limits.max_columns, strings, len(sheets),
                      min(limits.max_sheet_bytes, room))
        sheets.append((spec.name, data))
        room -= len(data)
    names = "".join(
        f'<sheet name="{name}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, (name, _) in enumerate(sheets)
    )
    rels = "".join(
        f'<Relationship Id="rId{i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        f'Target="worksheets/sheet{i + 1}.xml"/>'
        for i in range(len(sheets))
    )
    rels += (f'<Relationship Id="rId{len(sheets) + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
             'relationships/sharedStrings" Target="sharedStrings.xml"/>')
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(len(sheets))
    )
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            f"{overrides}</Types>"
        ).encode(),
        "_rels/.rels": (
            b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            b'Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8"?><workbook {_NS} {_RNS}><sheets>{names}</sheets></workbook>'.encode(),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f"{rels}</Relationships>"
        ).encode(),
        "xl/sharedStrings.xml": sst,
        **{f"xl/worksheets/sheet{i + 1}.xml": data for i, (_, data) in enumerate(sheets)},
    }
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return {name: len(data) for name, data in parts.items()}


_CHILD = """
import sys, time
from pathlib import Path
from models.access import SYSTEM
from models.db import make_engine
from models.migrate import upgrade
from models.io.importer import import_file
from models.io.problems import ImportRefused
engine = make_engine(f"sqlite:///{sys.argv[2]}")
upgrade(engine)
start = time.perf_counter()
try:
    import_file(engine, SYSTEM, Path(sys.argv[1]), dry_run=True)
    outcome = "accepted"
except ImportRefused as exc:
    outcome = f"refused: {exc.problems[0].key} and {len(exc.problems) - 1} more"
print(f"dry run {time.perf_counter() - start:.1f} s, {outcome}")
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build-only", type=Path, default=None)
    args = parser.parse_args()
    if args.build_only:
        build(args.build_only)
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "at-the-limits.xlsx"
        sizes = build(path)
        packed = path.stat().st_size
        total = sum(sizes.values())
        print(f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; packed {packed / 2**20:.1f} MiB, unpacked {total / 2**20:.1f} MiB")
        for name, size in sizes.items():
            if size > 1024 * 1024:
                print(f"  {name}: {size / 2**20:.1f} MiB")
        proc = subprocess.run(["/usr/bin/time", "-v", sys.executable, "-c", _CHILD, str(path), str(Path(tmp) / "db.sqlite")],
                              capture_output=True, text=True, check=False)
        print(proc.stdout.strip())
        rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
        wall = re.search(r"Elapsed \(wall clock\) time.*: (\S+)", proc.stderr)
        if rss is None:
            print(proc.stderr[-2000:])
            raise SystemExit(1)
        print(f"peak RSS {int(rss.group(1)) / 1024:.0f} MiB, wall {wall.group(1) if wall else '?'}")


if __name__ == "__main__":
    main()
