"""Writing a file a person asked for (an export, the import template, a report): readable by
its owner only, never through a symbolic link, never over an existing file unless asked.

The content goes to a new temporary file in the same directory (``mkstemp``: created
exclusively, mode 0600), which then takes the file's name: by a hard link when nothing may be
replaced (the link fails if the name exists, whatever it is, a dangling symlink included), by
``os.replace`` with ``force`` (which replaces a name, never writes where a link points). A
failure leaves no half-written file behind.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from models import i18n
from models.errors import DomainError

i18n.register(
    {
        "file.exists": (
            "Tệp “{file}” đã có; thêm --force để ghi đè.",
            "The file '{file}' exists; add --force to replace it.",
        ),
        "file.symlink": (
            "“{file}” là liên kết tượng trưng; giaoban không ghi qua liên kết, hãy chọn tên khác.",
            "'{file}' is a symbolic link; giaoban does not write through links, choose another name.",
        ),
        "file.not_regular": (
            "“{file}” không phải tệp thông thường (thư mục, thiết bị hoặc ống); không ghi vào đó.",
            "'{file}' is not a regular file (a directory, a device or a pipe); nothing is written there.",
        ),
        "file.no_directory": (
            "Thư mục “{directory}” không tồn tại; hãy tạo nó trước hoặc chọn nơi khác.",
            "The directory '{directory}' does not exist; create it first or choose another place.",
        ),
        "file.cannot_write": (
            "Không ghi được tệp “{file}”: {detail}",
            "Cannot write the file '{file}': {detail}",
        ),
        "field.output": ("Tệp ghi ra", "output file"),
    }
)


def check_target(path: Path, force: bool) -> None:
    """Refuse, before any work is done, a name that :func:`write_output` would refuse."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise DomainError("file.cannot_write", field="output", file=str(path), detail=exc.strerror or str(exc)) from exc
    if st is not None:
        if stat.S_ISLNK(st.st_mode):
            raise DomainError("file.symlink", field="output", file=str(path))
        if not stat.S_ISREG(st.st_mode):
            raise DomainError("file.not_regular", field="output", file=str(path))
        if not force:
            raise DomainError("file.exists", field="output", file=str(path))
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise DomainError("file.no_directory", field="output", directory=str(parent))


def write_output(path: str | Path, write: Callable[[BinaryIO], object], *, force: bool = False) -> Path:
    """Write ``path`` (mode 0600) with ``write(binary_file)``; see the module's rules."""
    path = Path(path)
    check_target(path, force)
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
        with os.fdopen(fd, "wb") as fh:
            write(fh)
        if force:
            check_target(path, force)  # a link made meanwhile is replaced, never followed; still refuse it
            os.replace(tmp, path)
        else:
            _publish_new(tmp, path)
            os.unlink(tmp)
        tmp = None
    except FileExistsError as exc:
        raise DomainError("file.exists", field="output", file=str(path)) from exc
    except OSError as exc:
        raise DomainError("file.cannot_write", field="output", file=str(path), detail=exc.strerror or str(exc)) from exc
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
    return path


def _publish_new(tmp: str, path: Path) -> None:
    """Give ``tmp``'s content the name ``path``, which must not exist."""
    try:
        os.link(tmp, path, follow_symlinks=False)
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV, errno.EMLINK):
            raise
        # A filesystem without hard links: create the name exclusively, then copy.
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        out = os.open(path, flags, 0o600)
        with os.fdopen(out, "wb") as dst, open(tmp, "rb") as src:
            shutil.copyfileobj(src, dst)


__all__ = ["check_target", "write_output"]
