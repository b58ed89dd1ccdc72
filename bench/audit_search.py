"""The audit screen's queries over 50,000 audit rows (70 % reads of personal details): a page,
a page far back, the count, writes only, and ``/`` searches. CPU (this process) and wall time,
the best of five.

    python -m bench.audit_search URL

URL: an empty database (SQLite file or a PostgreSQL URL, e.g. with
``?options=-csearch_path%3Dsome_schema``); the rows are added on the first run and kept. On
PostgreSQL the CPU column is the client's only: the matching runs in the server.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time

from sqlalchemy import insert, select

from models.access import SYSTEM, Actor
from models.audit import count_audit, list_audit
from models.db import make_engine
from models.enums import AuditOutcome, OrgKind, Role, Sector
from models.migrate import upgrade
from models.record import create_org
from models.schema import AuditEntry, Organisation
from models.uow import read_session, write_session



def main(url: str) -> None:
    eng = make_engine(url)
    upgrade(eng)
    N = 50_000
    with write_session(eng) as s:
        have = s.scalar(select(AuditEntry.id).limit(1))
    if have is None:
        with write_session(eng) as s:
            create_org(s, SYSTEM, code="DIST", name="Huyện Cần Giờ", kind=OrgKind.DISTRICT_COMMITTEE, valid_from=dt.date(2000,1,1), sector=Sector.DISTRICT)
            for i in range(40):
                create_org(s, SYSTEM, code=f"C{i}", name=f"Chi bộ ấp Bình {i}", kind=OrgKind.SUBORDINATE_CELL, valid_from=dt.date(2000,1,1), parent="DIST", sector=Sector.HAMLET)
        with write_session(eng) as s:
            ids = list(s.scalars(select(Organisation.id)))
        rnd = random.Random(1)
        rows = []
        t0 = dt.datetime(2023, 1, 1)
        names = ["Nguyễn Văn An", "Trần Thị Lan", "Lê Văn Bình", "Phạm Thị Hoa", "Đặng Văn Hùng"]
        for i in range(N):
            org = rnd.choice(ids)
            if rnd.random() < 0.7:
                rows.append(dict(at=t0 + dt.timedelta(seconds=30 * i), login="canbo", action="members.read", outcome=AuditOutcome.READ, target_table="organisations", target_id=org, org_id=org, detail={"as_of": "2023-03-31", "members": 12}))
            else:
                rows.append(dict(at=t0 + dt.timedelta(seconds=30 * i), login="bithu", action="record.admission", outcome=rnd.choice([AuditOutcome.OK, AuditOutcome.REFUSED]), target_table="member_events", target_id=i, org_id=org, detail={"after": {"full_name": rnd.choice(names) + f" {i}", "kind": "admission", "date": "2023-03-01"}}))
        rows[100]["detail"] = {"after": {"full_name": "Võ Thị Kiều Trinh", "kind": "admission"}}
        rows[100]["outcome"] = AuditOutcome.OK
        rows[100]["action"] = "record.admission"
        with write_session(eng) as s:
            for k in range(0, N, 5000):
                s.execute(insert(AuditEntry), rows[k:k + 5000])
    admin = Actor(None, "admin", Role.ADMIN, None, os_login="admin")
    with read_session(eng) as s:
        dist = s.scalar(select(Organisation.id).where(Organisation.code == "DIST"))
    staff = Actor(None, "staff", Role.DISTRICT_STAFF, dist, os_login="staff")

    def measure(label, fn, n=5):
        best_w = best_c = 1e9
        for _ in range(n):
            with read_session(eng) as s:
                w, c = time.perf_counter(), time.process_time()
                out = fn(s)
                best_w = min(best_w, time.perf_counter() - w)
                best_c = min(best_c, time.process_time() - c)
        print(f"{label:55s} wall {best_w*1000:7.1f} ms  cpu {best_c*1000:7.1f} ms  -> {out}")

    for who, actor in (("admin", admin), ("staff", staff)):
        measure(f"{who}: first page (201 rows)", lambda s, actor=actor: len(list_audit(s, actor, limit=201, newest_first=True)))
        measure(f"{who}: page at offset 40,000", lambda s, actor=actor: len(list_audit(s, actor, limit=201, offset=40_000, newest_first=True)))
        measure(f"{who}: count all", lambda s, actor=actor: count_audit(s, actor))
        measure(f"{who}: no reads, first page", lambda s, actor=actor: len(list_audit(s, actor, limit=201, newest_first=True, reads=False)))
        measure(f"{who}: no reads, count", lambda s, actor=actor: count_audit(s, actor, reads=False))
        for q in ("kiều trinh", "hoa", "bình 7", "zzz"):
            measure(f"{who}: search {q!r}, first page", lambda s, actor=actor, q=q: len(list_audit(s, actor, limit=201, newest_first=True, search=q)))
            measure(f"{who}: search {q!r}, count", lambda s, actor=actor, q=q: count_audit(s, actor, search=q))


if __name__ == "__main__":
    main(sys.argv[1])
