"""The figures the dashboard's first screen last showed, kept to be shown at once next time.

After its first screen (the overview it opens on, not drilled, in the period it started with)
shows an answer, the dashboard writes that answer (:class:`models.figures.data.Overview`, plain
language-independent data) to a file in the user's cache directory, with the database's change
counter and the time of its last change read *in the same read transaction, before the
figures* (:meth:`tui.data.Store.read`). At the next start, before SQLAlchemy is loaded, the
counter is read with the standard library (:func:`models.revision.sqlite_stamp`); when it,
the day and giaoban's own code are what the file was written with, nothing has been written
to the database since, so the figures are exactly current and the first frame shows them. The
normal query still runs after the first frame and replaces them. Anything else (another day,
a write in between, a file that cannot be read) shows nothing from the file.

The file is JSON, read back by :mod:`models.dataclass_json` into the dataclasses of an
overview, every value checked against its declared type: a file planted in the directory can
at worst show wrong figures until the query replaces them, never run code (a pickle, the
format before, could). Anything of another shape is ignored, with a warning in the log.

One file per database, user, organisation asked for and period; its name is a hash, and the
database's URL is hashed without its password. SQLite only: a PostgreSQL counter cannot be read
without a driver, and loading one costs what the snapshot saves.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

#: Changed whenever what the file holds changes shape (1: a pickle, no longer read).
FORMAT = 2
#: Overrides the directory (tests, the bench).
ENV_DIR = "GIAOBAN_SNAPSHOT_DIR"

log = logging.getLogger(__name__)


def snapshot_dir() -> Path:
    env = os.environ.get(ENV_DIR)
    if env:
        return Path(env)
    from platformdirs import user_cache_path

    return user_cache_path("giaoban", appauthor=False) / "snapshots"


def url_without_password(url: str) -> str:
    """``url`` with no password, neither in its user part nor among its query parameters."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        user, host = netloc.rsplit("@", 1)
        netloc = f"{user.split(':', 1)[0]}@{host}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if k.lower() not in ("password", "passwd", "pwd")])
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


@dataclass(frozen=True)
class SnapshotKey:
    """What the figures were asked for: the database, who looked, the organisation asked for
    (its code; None: the user's root) and the period."""

    url: str
    login: str
    as_user: str | None
    root: str | None
    span: tuple[int, int]

    def digest(self) -> str:
        text = "\n".join(map(str, (FORMAT, url_without_password(self.url), self.login, self.as_user, self.root,
                                   self.span)))
        import hashlib  # (not before the first frame of a start with nothing kept)

        return hashlib.sha256(text.encode()).hexdigest()

    def path(self, directory: Path | None = None) -> Path:
        return (directory or snapshot_dir()) / f"{self.digest()[:40]}.json"


#: The modules whose code decides the figures on the first screen (and the shape of what is
#: kept), beside ``models/``; with the migrations and the rules in force.
_FIGURES_CODE = ("enums.py", "forest.py", "membership.py", "org_info.py", "rolls.py", "rules.py", "rules.toml",
                 "states.py", "stats.py", "stats_columns.py", "tree.py",
                 *(os.path.join("figures", name) for name in ("data.py", "events.py", "kept.py", "memo.py", "problems.py",
                                                              "scope.py", "service.py", "sql.py")))


def code_stamp() -> str:
    """The code and rules the figures were computed with (sizes and modification times of the
    modules that compute them, the migrations, the rules files, this module): figures kept by
    another version, or under other rules, are not shown."""
    import models
    from models.rules import user_rules_path

    here = os.path.dirname(models.__file__)
    versions = os.path.join(here, "migrations", "versions")
    files = [os.path.join(here, name) for name in _FIGURES_CODE]
    files += [os.path.join(versions, name) for name in sorted(os.listdir(versions)) if name.endswith(".py")]
    files += [str(user_rules_path()), __file__]
    parts = []
    for f in files:
        try:
            st = os.stat(f)
        except OSError:
            continue
        parts.append(f"{f}:{st.st_size}:{st.st_mtime_ns}")
    import hashlib

    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


#: The largest snapshot read: an overview with a few hundred children is well under 1 MB.
MAX_BYTES = 8 * 1024 * 1024


def _read(kept: Any, key: SnapshotKey, stamp: tuple[int, str], as_of: dt.date) -> Any:
    """The overview in a parsed file when it was kept for this key, stamp, day and code;
    None when it is another's; :class:`ValueError` when it is not a snapshot."""
    from models.dataclass_json import load
    from models.figures.data import Overview

    if not isinstance(kept, dict) or set(kept) != {"format", "key", "as_of", "stamp", "code", "overview"}:
        raise ValueError("not a snapshot")
    if kept["format"] != FORMAT:
        return None
    same = (kept["key"] == key.digest() and kept["as_of"] == as_of.isoformat()
            and kept["stamp"] == list(stamp) and kept["code"] == code_stamp())
    return load(Overview, kept["overview"]) if same else None


def load(key: SnapshotKey, stamp: tuple[int, str], as_of: dt.date) -> Any:
    """The overview kept for ``key`` when it was read at counter ``stamp`` on ``as_of`` by this
    code; None otherwise. A file that cannot be read is ignored with a warning."""
    path = key.path()
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return None
    except OSError as exc:
        log.warning("snapshot %s not read: %s", path, exc)
        return None
    try:
        if len(data) > MAX_BYTES:
            raise ValueError(f"larger than {MAX_BYTES} bytes")
        return _read(json.loads(data), key, stamp, as_of)
    except (ValueError, TypeError, RecursionError) as exc:  # ShapeError and JSON errors are ValueErrors
        log.warning("snapshot %s ignored, it cannot be read: %s: %s", path, type(exc).__name__, exc)
        return None


def save(key: SnapshotKey, stamp: tuple[int, str], as_of: dt.date, overview: Any) -> None:
    """Keep ``overview``, read at counter ``stamp`` on ``as_of``, for ``key`` (replacing the
    file at once, readable by its owner only). A failure is logged, never raised: the
    dashboard works the same without the file."""
    path = key.path()
    tmp: str | None = None
    try:
        from models.dataclass_json import encode

        kept = {"format": FORMAT, "key": key.digest(), "as_of": as_of.isoformat(), "stamp": list(stamp),
                "code": code_stamp(), "overview": encode(overview)}
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".snapshot-")  # mode 0600
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(kept, out, ensure_ascii=False, allow_nan=False)
        os.replace(tmp, path)
        tmp = None
    except (OSError, TypeError, ValueError) as exc:
        log.warning("snapshot %s not written: %s", path, exc)
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError as exc:  # the write already failed and was logged; say this too
                log.warning("snapshot temporary file %s not removed: %s", tmp, exc)
