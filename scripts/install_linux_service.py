#!/usr/bin/env python3
"""Install MPP Lite as a systemd service on Linux, with timers for the daily backup and the sync push.

    sudo python3 scripts/install_linux_service.py --user mpp --instance /var/lib/mpp-lite
    python3 scripts/install_linux_service.py --print            # only show the unit files

It writes mpp-lite.service (waitress via `mpp-lite serve`, restarted on failure and at boot),
mpp-lite-backup.service/.timer (daily `mpp-lite backup`) and mpp-lite-sync.service/.timer
(`mpp-lite sync push` every 15 minutes), then runs `systemctl daemon-reload` and enables them.
Run it again after moving the kit; it overwrites its own units only.
"""

from __future__ import annotations

import argparse
import getpass
import os
import pwd
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UNIT_DIR = Path("/etc/systemd/system")

SERVICE = """\
[Unit]
Description=MPP Lite (Mal Pelayanan Publik kit)
Documentation=file://{root}/README.md
After=network-online.target{after_db}
Wants=network-online.target

[Service]
Type=simple
User={user}
Group={group}
WorkingDirectory={root}
Environment=MPP_INSTANCE_PATH={instance}
Environment=PYTHONUNBUFFERED=1
{extra_env}ExecStart={python} -m mpp_lite serve --host {host} --port {port} --threads {threads}
# A power cut or a crash: start again. SQLite in WAL mode with synchronous=FULL recovers itself.
Restart=always
RestartSec=3
TimeoutStopSec=20
# Hardening: the kit writes only to its instance folder (and a backup drive, if one is set).
NoNewPrivileges=true
PrivateTmp=true
ProtectSystem=full
ProtectHome=read-only
ReadWritePaths={instance}{extra_paths}
ProtectKernelTunables=true
ProtectControlGroups=true
RestrictSUIDSGID=true
UMask=0027

[Install]
WantedBy=multi-user.target
"""

ONESHOT = """\
[Unit]
Description=MPP Lite: {description}
After=mpp-lite.service

[Service]
Type=oneshot
User={user}
Group={group}
WorkingDirectory={root}
Environment=MPP_INSTANCE_PATH={instance}
{extra_env}ExecStart={python} -m mpp_lite {command}
{success}NoNewPrivileges=true
PrivateTmp=true
ProtectSystem=full
ReadWritePaths={instance}{extra_paths}
"""

TIMER = """\
[Unit]
Description=MPP Lite: {description} ({when})

[Timer]
OnCalendar={calendar}
Persistent=true
RandomizedDelaySec=60

[Install]
WantedBy=timers.target
"""


def units(args) -> dict[str, str]:
    values = {
        "root": ROOT,
        "user": args.user,
        "group": args.group or args.user,
        "instance": args.instance,
        "python": args.python,
        "host": args.host,
        "port": args.port,
        "threads": args.threads,
        "after_db": " postgresql.service" if args.database_url else "",
        "extra_env": f"Environment=MPP_DATABASE_URL={args.database_url}\n" if args.database_url else "",
        "extra_paths": "".join(f" {path}" for path in args.backup_dir),
    }
    files = {"mpp-lite.service": SERVICE.format(**values)}
    if args.backup_at:
        files["mpp-lite-backup.service"] = ONESHOT.format(
            description="daily backup", command="backup", success="", **values
        )
        files["mpp-lite-backup.timer"] = TIMER.format(
            description="daily backup", when=f"every day at {args.backup_at}", calendar=f"*-*-* {args.backup_at}:00"
        )
    if args.sync_minutes:
        files["mpp-lite-sync.service"] = ONESHOT.format(
            description="sync push",
            command="sync push",
            # 3 = some rows wait for their retry: not a failure of the unit
            success="SuccessExitStatus=3\n",
            **values,
        )
        files["mpp-lite-sync.timer"] = TIMER.format(
            description="sync push", when=f"every {args.sync_minutes} min", calendar=f"*:0/{args.sync_minutes}"
        )
    return files


def parse(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--user",
        default=os.environ.get("SUDO_USER") or getpass.getuser(),
        help="account that runs the kit (not root; default: you)",
    )
    parser.add_argument("--group", default=None)
    parser.add_argument("--instance", default=str(ROOT / "instance"), help="instance folder (data, logs, backups)")
    parser.add_argument(
        "--python", default=str(ROOT / ".venv" / "bin" / "python"), help="the Python of the kit's virtual environment"
    )
    parser.add_argument("--host", default="0.0.0.0")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--database-url", default="", help="PostgreSQL URL, when not SQLite")
    parser.add_argument("--backup-at", default="19:00", help="daily backup time HH:MM ('' for none)")
    parser.add_argument(
        "--backup-dir",
        action="append",
        default=[],
        help="extra folder the kit may write (second backup destination); repeatable",
    )
    parser.add_argument("--sync-minutes", type=int, default=15, help="sync push interval (0 for none)")
    parser.add_argument("--unit-dir", default=str(UNIT_DIR))
    parser.add_argument("--print", action="store_true", help="print the units and change nothing")
    parser.add_argument("--no-enable", action="store_true", help="write the units but do not enable/start them")
    args = parser.parse_args(argv)
    if args.user == "root":
        parser.error("run the kit as an ordinary account (--user NAME), not as root")
    if args.backup_at and not (
        len(args.backup_at) == 5 and args.backup_at[2] == ":" and args.backup_at.replace(":", "").isdigit()
    ):
        parser.error("--backup-at takes HH:MM, e.g. 19:00")
    args.instance = str(Path(args.instance).resolve())
    return args


def main(argv=None) -> int:
    args = parse(argv)
    files = units(args)
    if args.print:
        for name, text in files.items():
            print(f"# --- {name}\n{text}")
        return 0
    unit_dir = Path(args.unit_dir)
    unit_dir.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (unit_dir / name).write_text(text, encoding="utf-8")
        print(f"wrote {unit_dir / name}")
    instance = Path(args.instance)
    instance.mkdir(parents=True, exist_ok=True)
    try:
        pwd.getpwnam(args.user)
    except KeyError:
        print(f"The account {args.user} does not exist yet: sudo useradd --system --create-home {args.user}")
    else:
        if os.geteuid() == 0:
            shutil.chown(instance, args.user, args.group or args.user)
    if args.no_enable or not shutil.which("systemctl"):
        print(
            "Now run: sudo systemctl daemon-reload && sudo systemctl enable --now "
            + " ".join(n for n in files if not n.endswith("-backup.service") and not n.endswith("-sync.service"))
        )
        return 0
    subprocess.run(["systemctl", "daemon-reload"], check=True)
    enable = ["mpp-lite.service"] + [name for name in files if name.endswith(".timer")]
    subprocess.run(["systemctl", "enable", "--now", *enable], check=True)
    print("Enabled: " + ", ".join(enable))
    print(f"Status: systemctl status mpp-lite   Logs: journalctl -u mpp-lite and {instance}/logs/mpp-lite.log")
    print(
        "First run on a new PC: sudo -u "
        + shlex.quote(args.user)
        + f" MPP_INSTANCE_PATH={instance} "
        + f"{args.python} -m mpp_lite init"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
