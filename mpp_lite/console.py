"""What the `mpp-lite` commands share: how a command fails, and this PC's addresses on the LAN
(the commands print them for kiosks and screens to open, and so does the device page)."""

from __future__ import annotations

import socket
import sys

import click


def fail(message: str, code: int = 1):
    click.echo(click.style(message, fg="red"), err=True)
    sys.exit(code)


def lan_addresses() -> list[str]:
    addresses = set()
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.255.255.255", 1))  # no packet is sent; picks the LAN interface
            addresses.add(probe.getsockname()[0])
    except OSError:
        pass
    try:
        addresses.update(socket.gethostbyname_ex(socket.gethostname())[2])
    except OSError:
        pass
    return sorted(a for a in addresses if not a.startswith("127."))
