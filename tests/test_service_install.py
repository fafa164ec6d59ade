"""The Linux service installer writes valid systemd units for the server, backup and sync."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "install_linux_service.py"


def install(tmp_path, *args):
    return subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--unit-dir",
            str(tmp_path / "units"),
            "--no-enable",
            "--user",
            "mpp",
            "--instance",
            str(tmp_path / "instance"),
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_units_run_the_kit_as_a_restarting_hardened_service(tmp_path):
    done = install(tmp_path, "--backup-dir", "/media/usb", "--port", "8090")
    assert done.returncode == 0, done.stderr
    units = tmp_path / "units"
    service = (units / "mpp-lite.service").read_text()
    assert f"Environment=MPP_INSTANCE_PATH={tmp_path / 'instance'}" in service
    assert "-m mpp_lite serve --host 0.0.0.0 --port 8090" in service
    assert "Restart=always" in service and "User=mpp" in service
    assert f"ReadWritePaths={tmp_path / 'instance'} /media/usb" in service
    assert "ExecStart=" in (units / "mpp-lite-backup.service").read_text()
    assert "-m mpp_lite backup" in (units / "mpp-lite-backup.service").read_text()
    assert "OnCalendar=*-*-* 19:00:00" in (units / "mpp-lite-backup.timer").read_text()
    sync = (units / "mpp-lite-sync.service").read_text()
    assert "-m mpp_lite sync push" in sync and "SuccessExitStatus=3" in sync
    assert "OnCalendar=*:0/15" in (units / "mpp-lite-sync.timer").read_text()
    assert "systemctl enable --now mpp-lite.service mpp-lite-backup.timer mpp-lite-sync.timer" in done.stdout


def test_options_turn_timers_off_and_refuse_root(tmp_path):
    done = install(tmp_path, "--backup-at", "", "--sync-minutes", "0")
    assert done.returncode == 0
    assert sorted(p.name for p in (tmp_path / "units").iterdir()) == ["mpp-lite.service"]
    refused = subprocess.run([sys.executable, str(SCRIPT), "--print", "--user", "root"], capture_output=True, text=True)
    assert refused.returncode == 2 and "not as root" in refused.stderr


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze not installed")
def test_systemd_accepts_the_units(tmp_path):
    assert install(tmp_path).returncode == 0
    units = sorted(str(p) for p in (tmp_path / "units").iterdir())
    done = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *units],
        capture_output=True,
        text=True,
        cwd=tmp_path / "units",
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
