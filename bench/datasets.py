"""The data sets the benchmarks need, built once and kept under ``bench/.data/`` (git-ignored):
synthetic SQLite files per scale and, when a PostgreSQL server is given, one database per
scale. A marker file written after a successful build (with the build time) says a data set
is complete; a build that was interrupted is thrown away and built again."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

DATA = Path(__file__).with_name(".data")
PG_ENV = ("GIAOBAN_BENCH_POSTGRES_URL", "GIAOBAN_TEST_POSTGRES_URL")


def postgres_server() -> str | None:
    for name in PG_ENV:
        if os.environ.get(name):
            return os.environ[name]
    return None


def _pg_url(server: str, scale: str) -> str:
    base = server.rsplit("/", 1)[0]
    return f"{base}/giaoban_bench_{scale}"


def _recreate_pg_database(server: str, name: str) -> None:
    import psycopg

    with psycopg.connect(server.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as con:
        con.execute(f'DROP DATABASE IF EXISTS "{name}"')
        con.execute(f'CREATE DATABASE "{name}"')


def dataset(scale: str, backend: str = "sqlite", log=print) -> tuple[str, float]:  # type: ignore[no-untyped-def]
    """(URL, seconds the build took) of the data set, building it when missing."""
    DATA.mkdir(exist_ok=True)
    marker = DATA / f"{backend}-{scale}.json"
    if backend == "sqlite":
        path = DATA / f"{scale}.sqlite"
        url = f"sqlite:///{path}"
    else:
        server = postgres_server()
        if server is None:
            raise RuntimeError("no PostgreSQL server given")
        url = _pg_url(server, scale)
    if marker.exists():
        info = json.loads(marker.read_text())
        if info.get("url") == url and (backend != "sqlite" or Path(url.removeprefix("sqlite:///")).exists()):
            _upgrade(url)  # a data set built before a newer migration gets its indexes
            return url, float(info["seconds"])
    log(f"building the {scale} data set on {backend} (once; kept in {DATA})")
    if backend == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        _recreate_pg_database(server, url.rsplit("/", 1)[1])
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "from tui.cli import main; main()", "--db", url, "seed", "synthetic", "--scale", scale],
                   check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    marker.write_text(json.dumps({"url": url, "seconds": seconds}))
    return url, seconds


def _upgrade(url: str) -> None:
    from models.db import make_engine
    from models.migrate import upgrade

    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
