"""Install MPP Lite into a virtual environment and start the demo.

    python3 scripts/quickstart.py            (Windows: py scripts\\quickstart.py)

Makes `.venv/` beside this folder, installs the kit, then runs `mpp-lite demo`: the database
and the demo regency are created once, the admin password is printed once, and the server
listens on port 8080 (open http://127.0.0.1:8080/). Extra arguments go to `mpp-lite demo`,
e.g. `--port 9000`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_venv(extras: str = "") -> Path:
    if sys.version_info < (3, 10):  # noqa: UP036  tell users of an old Python plainly
        sys.exit("MPP Lite needs Python 3.10 or newer.")
    python = venv_python()
    if not python.exists():
        print(f"Creating a virtual environment in {VENV} ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    target = f"{ROOT}[{extras}]" if extras else str(ROOT)
    print(f"Installing MPP Lite{' with ' + extras if extras else ''} (first time takes a minute) ...", flush=True)
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", target], check=True
    )
    return python


def rerun_in_venv(extras: str = "test") -> None:
    """Run the calling script again with the kit's `.venv/` Python (made and installed first) when it
    was started with another one, e.g. `python3 scripts/bench.py` on a machine with only Python."""
    if Path(sys.prefix).resolve() == VENV.resolve():
        return
    python = ensure_venv(extras)
    raise SystemExit(subprocess.call([str(python), *sys.argv]))


def main() -> int:
    python = ensure_venv()
    command = [str(python), "-m", "mpp_lite.cli", "demo", *sys.argv[1:]]
    try:
        return subprocess.call(command, cwd=ROOT)
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
