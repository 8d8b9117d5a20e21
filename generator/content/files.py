"""Reading a project's files safely: only regular files inside the project, never a pipe or a
device (which would block), never more than the size limit; OS errors in plain words."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from .yamlsafe import MAX_BYTES, YamlError


class NotAFile(OSError):
    """The path is a pipe, socket or device: never read (a pipe would block forever)."""


def read_bytes(path: Path) -> bytes:
    """A regular file's bytes, at most one more than the size limit. Pipes and devices are refused
    after an open that cannot block, before anything is read."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    with open(fd, "rb", closefd=True) as handle:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            if stat.S_ISDIR(st.st_mode):
                raise IsADirectoryError(errno.EISDIR, "is a folder, not a file")
            raise NotAFile(file_type(st.st_mode))
        if st.st_size > MAX_BYTES:
            raise YamlError(1, 1, f"file is too large ({st.st_size:,} bytes; the limit is {MAX_BYTES:,})")
        return handle.read(MAX_BYTES + 1)


def file_type(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a file"


def os_reason(exc: OSError) -> str:
    """An OS error in plain words, without the errno number and path."""
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return (exc.strerror or str(exc) or type(exc).__name__).lower()


def inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
        return True
    except ValueError:
        return False


def write_text_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8) in one step: a crash leaves the old file or the new one, never
    half. An existing file keeps its permissions; a new one gets the usual ones (0666 less the umask), not
    the 0600 of a temporary file."""
    import contextlib
    import tempfile

    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
        if path.exists():
            mode = path.stat().st_mode & 0o7777
        else:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def csv_text(path: Path, raw: bytes) -> str:
    """A CSV file's text as Excel and WPS save it: UTF-8 (with or without its mark), UTF-16 ("Unicode
    text") or GB18030; a workbook or any binary file saved under a .csv name is refused in plain words."""
    from .diagnostics import EnablekitError

    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text"
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise EnablekitError(f"{path}: not a CSV file (it starts as UTF-16 text but is not)") from None
    if raw.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")) or b"\x00" in raw[:4096]:
        raise EnablekitError(f"{path}: not a CSV file (it is binary; a workbook saved as .csv?)")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise EnablekitError(f"{path}: not a CSV file (not UTF-8, UTF-16 or GB18030 text)")
