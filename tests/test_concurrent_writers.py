"""Four processes writing into one database at once lose nothing and raise nothing
(SQLite file; PostgreSQL when a URL is given). The 30-second run is in docs/benchmarks.md."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from bench.concurrent_writers import run


def _check(summary) -> None:  # type: ignore[no-untyped-def]
    assert summary.errors == []
    assert summary.operations > 0
    assert summary.events_in_db == summary.events_written


def test_four_writers_on_one_sqlite_file(tmp_path: Path) -> None:
    _check(run(f"sqlite:///{tmp_path / 'shared.sqlite'}", writers=4, seconds=3))


def test_four_writers_on_postgresql(pg_schema_url) -> None:  # type: ignore[no-untyped-def]
    url, schema = pg_schema_url
    sep = "&" if "?" in url else "?"
    _check(run(f"{url}{sep}options={quote(f'-csearch_path={schema}')}", writers=4, seconds=3))
