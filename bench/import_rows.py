"""An import of 100,000 rows through the bulk path: 50,000 members admitted into the cells of
a database, each with an admission event, in one transaction (the per-year figures rebuilt
in the same transaction). Used by the import timing and by the ``kill -9`` script.

    python -m bench.import_rows URL TAG
"""

from __future__ import annotations

import datetime as dt
import sys
import time

from sqlalchemy import Engine, func, select

from fixtures.bulk import DataSet, load
from models.collation import name_sort_key
from models.enums import CELL_KINDS
from models.schema import Member, MemberEvent, Organisation
from models.uow import read_session

MEMBERS = 50_000


def dataset(engine: Engine, tag: str, members: int = MEMBERS) -> DataSet:
    with read_session(engine) as s:
        cells = list(s.scalars(select(Organisation.id).where(Organisation.kind.in_(CELL_KINDS),
                                                             Organisation.valid_to.is_(None)).order_by(Organisation.id)))
        first_member = (s.scalar(select(func.max(Member.id))) or 0) + 1
        first_event = (s.scalar(select(func.max(MemberEvent.id))) or 0) + 1
    data = DataSet()
    day = dt.date(2026, 3, 26)
    for i in range(members):
        mid = first_member + i
        name = f"Nguyễn Văn {tag} {i}"
        data.add("members", {"id": mid, "full_name": name, "sort_key": name_sort_key(name), "sex": "male",
                             "birth_date": dt.date(1995, 1, 1) + dt.timedelta(days=i % 3000), "ethnicity": "Kinh"})
        data.add("member_events", {"id": first_event + i, "member_id": mid, "org_id": cells[i % len(cells)],
                                   "kind": "admission", "event_date": day, "youth_union": i % 2 == 0,
                                   "recommended_by": "youth_union" if i % 2 == 0 else None,
                                   "decision_no": f"{i}-QĐ/ĐU"})
    return data


def imported(engine: Engine, tag: str) -> int:
    with read_session(engine) as s:
        return s.scalar(select(func.count()).select_from(Member).where(Member.full_name.like(f"Nguyễn Văn {tag} %"))) or 0


def main(argv: list[str]) -> int:
    from models.db import make_engine

    url, tag = argv[0], argv[1]
    engine = make_engine(url)
    data = dataset(engine, tag)
    started = time.perf_counter()
    load(engine, data)
    print(f"{time.perf_counter() - started:.3f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
