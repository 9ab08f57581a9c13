"""Finish the Linux bundle after PyInstaller: add the .desktop entry, the icon and the script
that installs both into the bundle folder, then pack it as
dist/PartnerDesk-<version>-linux-<machine>.tar.gz (one top folder, PartnerDesk/).

    .venv/bin/python packaging/linux_tarball.py dist/PartnerDesk
"""

from __future__ import annotations

import platform
import shutil
import sys
import tarfile
from pathlib import Path

from partnerdesk import version
from partnerdesk.ui.app_icon import icon_file

HERE = Path(__file__).resolve().parent


def finish(bundle: Path) -> Path:
    if not (bundle / "partnerdesk").is_file():
        raise SystemExit(f"{bundle} holds no partnerdesk executable: run `make dist`")
    shutil.copy(HERE / "partnerdesk.desktop", bundle / "partnerdesk.desktop")
    shutil.copy(HERE / "install-desktop-entry.sh", bundle / "install-desktop-entry.sh")
    shutil.copy(icon_file(256), bundle / "partnerdesk.png")
    shutil.copy(Path(icon_file(256)).with_name("partnerdesk.svg"), bundle / "partnerdesk.svg")
    for older in bundle.parent.glob("PartnerDesk-*-linux-*.tar.gz"):  # one archive: this one
        older.unlink()
    archive = bundle.parent / f"PartnerDesk-{version()}-linux-{platform.machine()}.tar.gz"
    with tarfile.open(archive, "w:gz", compresslevel=6) as tar:
        tar.add(bundle, arcname="PartnerDesk")
    return archive


if __name__ == "__main__":
    print(f"wrote {finish(Path(sys.argv[1]))}")
