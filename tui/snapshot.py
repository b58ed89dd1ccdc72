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

One file per database, user, organisation asked for and period; its name is a hash, and the
database's URL is hashed without its password. SQLite only: a PostgreSQL counter cannot be read
without a driver, and loading one costs what the snapshot saves.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
import pickle
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

#: Changed whenever what the file holds changes shape.
FORMAT = 1
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
        return (directory or snapshot_dir()) / f"{self.digest()[:40]}.pickle"


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


#: The only classes a snapshot may hold (a restricted unpickler refuses anything else).
_ALLOWED_MODULES = ("models.figures.data", "models.org_info", "models.enums")
_ALLOWED = {("datetime", "date"), ("datetime", "datetime"), ("builtins", "frozenset"), ("builtins", "set")}


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if module in _ALLOWED_MODULES or (module, name) in _ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a snapshot")


def load(key: SnapshotKey, stamp: tuple[int, str], as_of: dt.date) -> Any:
    """The overview kept for ``key`` when it was read at counter ``stamp`` on ``as_of`` by this
    code; None otherwise. A file that cannot be read is ignored with a warning."""
    path = key.path()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        log.warning("snapshot %s not read: %s", path, exc)
        return None
    try:
        kept = _Unpickler(io.BytesIO(data)).load()
        if not isinstance(kept, dict):
            raise ValueError(f"a {type(kept).__name__}, not a snapshot")
        from models.figures.data import Overview

        overview = kept["overview"]
        if not isinstance(overview, Overview):
            raise ValueError(f"a {type(overview).__name__}, not an overview")
        same = (kept["format"] == FORMAT and kept["key"] == key.digest() and kept["as_of"] == as_of
                and tuple(kept["stamp"]) == tuple(stamp) and kept["code"] == code_stamp())
    except Exception as exc:  # noqa: BLE001 - any broken file: ignored, said in the log, never a crash
        log.warning("snapshot %s ignored, it cannot be read: %s: %s", path, type(exc).__name__, exc)
        return None
    return overview if same else None


def save(key: SnapshotKey, stamp: tuple[int, str], as_of: dt.date, overview: Any) -> None:
    """Keep ``overview``, read at counter ``stamp`` on ``as_of``, for ``key`` (replacing the
    file at once, readable by its owner only). A failure is logged, never raised: the
    dashboard works the same without the file."""
    path = key.path()
    kept = {"format": FORMAT, "key": key.digest(), "as_of": as_of, "stamp": tuple(stamp), "code": code_stamp(),
            "overview": overview}
    tmp: str | None = None
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".snapshot-")  # mode 0600
        with os.fdopen(fd, "wb") as out:
            pickle.dump(kept, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        tmp = None
    except (OSError, pickle.PicklingError) as exc:
        log.warning("snapshot %s not written: %s", path, exc)
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError as exc:  # the write already failed and was logged; say this too
                log.warning("snapshot temporary file %s not removed: %s", tmp, exc)
