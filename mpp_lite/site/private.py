"""The instance folder is private to the account that runs the kit: it holds the secret key,
every citizen's NIK and phone number (database, backups, exports) and the sync secrets.

POSIX: folders 0700 and files 0600, whatever the umask the service was started with: the
process's umask becomes 077 (every file the kit writes later, backups, logs and their rotated
copies, SQLite's -wal and -shm files, is born private), and `init` and `serve` repair an existing
folder and say what they changed. Windows: `init` and `serve` give the instance folder an ACL
that only the account running the kit, SYSTEM and Administrators can use, inherited by every file
made in it later (`icacls`); permission bits are not how Windows protects files.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

PRIVATE_UMASK = 0o077
FOLDER_MODE = 0o700
FILE_MODE = 0o600


def make_new_files_private() -> None:
    """Files and folders this process creates from now on get no group or other access."""
    os.umask(PRIVATE_UMASK)


def repair(folder: Path) -> list[str]:
    """Make the instance folder private; answer what was wrong (relative paths), for a report."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    if sys.platform == "win32":
        return _restrict_windows_acl(folder)
    repaired = []
    for path in [folder, *folder.rglob("*")]:
        try:
            info = path.lstat()
        except OSError:
            continue  # removed meanwhile (SQLite's -shm, a rotated log)
        if stat.S_ISLNK(info.st_mode):
            continue  # a link (e.g. backups on another drive) keeps its target's own permissions
        if stat.S_IMODE(info.st_mode) & 0o077:
            wanted = FOLDER_MODE if stat.S_ISDIR(info.st_mode) else FILE_MODE
            try:
                path.chmod(wanted)
            except OSError:
                continue  # another account's file: the report below names what could be fixed
            repaired.append(path.relative_to(folder).as_posix() or ".")
    return repaired


def _restrict_windows_acl(folder: Path) -> list[str]:
    """Replace inherited permissions with: this account, SYSTEM, Administrators (full control)."""
    user = os.environ.get("USERNAME") or ""
    grants = ["*S-1-5-18:(OI)(CI)F", "*S-1-5-32-544:(OI)(CI)F"]  # SYSTEM, Administrators (any language)
    if user:
        grants.insert(0, f"{user}:(OI)(CI)F")
    command = ["icacls", str(folder), "/inheritance:r", *sum((["/grant:r", g] for g in grants), []), "/T", "/C", "/Q"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603  (fixed program)
    except OSError:
        return []
    return ["."] if done.returncode == 0 else []


def report_lines(folder: Path, repaired: list[str]) -> list[str]:
    if not repaired:
        return []
    if sys.platform == "win32":
        return [f"Instance folder {folder}: access limited to this account, SYSTEM and Administrators."]
    shown = ", ".join(repaired[:5]) + (f" and {len(repaired) - 5} more" if len(repaired) > 5 else "")
    return [
        f"Instance folder {folder} was readable by other accounts of this PC; made private "
        f"(folders 0700, files 0600): {shown}."
    ]
