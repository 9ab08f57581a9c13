"""Wheels of PartnerDesk's run-time dependencies, packed from the project's own venv, so that
the wheel test can install into a fresh venv with ``pip install --no-index`` (no download:
fast, and the same on a machine without a package index).

Each installed distribution is written back as the wheel it came from: its files as listed
in its RECORD, its dist-info, a fresh RECORD with hashes, and the tags of its WHEEL file.
Scripts outside site-packages are left out (pip writes console scripts again from
entry_points.txt). The wheels are kept in ``.venv/wheelhouse/`` between runs, by name and
version, so only the first run pays for packing (about 800 MB of Qt, stored uncompressed).
"""

from __future__ import annotations

import base64
import hashlib
import zipfile
from collections.abc import Iterator
from importlib.metadata import Distribution, distribution
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

_NOT_PACKED = {"RECORD", "INSTALLER", "REQUESTED", "direct_url.json"}


def runtime_closure(project: str) -> list[Distribution]:
    """The installed distributions ``project`` needs at run time (no extras), itself excluded."""
    seen: dict[str, Distribution] = {}
    pending = list(_runtime_requirements(distribution(project)))
    while pending:
        name = canonicalize_name(pending.pop().name)
        if name in seen:
            continue
        seen[name] = distribution(name)
        pending.extend(_runtime_requirements(seen[name]))
    return sorted(seen.values(), key=lambda d: canonicalize_name(d.metadata["Name"]))


def _runtime_requirements(dist: Distribution) -> Iterator[Requirement]:
    for text in dist.requires or []:
        requirement = Requirement(text)
        if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
            yield requirement


def wheel_name(dist: Distribution) -> str:
    tags = [
        line.split(":", 1)[1].strip()
        for line in (dist.read_text("WHEEL") or "").splitlines()
        if line.startswith("Tag:")
    ]
    parts = [sorted({tag.split("-")[index] for tag in tags}) for index in range(3)]
    name = canonicalize_name(dist.metadata["Name"]).replace("-", "_")
    return f"{name}-{dist.version}-" + "-".join(".".join(part) for part in parts) + ".whl"


def pack(dist: Distribution, folder: Path) -> Path:
    """``dist`` as a wheel in ``folder`` (reused when already packed)."""
    target = folder / wheel_name(dist)
    if target.exists():
        return target
    record: list[str] = []
    partial = target.with_suffix(".part")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_STORED) as wheel:
        for file in dist.files or []:
            name = file.as_posix()
            if name.startswith("..") or "__pycache__" in file.parts:
                continue
            if file.parts[0].endswith(".dist-info") and file.name in _NOT_PACKED:
                continue
            data = file.locate().read_bytes()  # type: ignore[attr-defined]
            wheel.writestr(name, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
            record.append(f"{name},sha256={digest.decode()},{len(data)}")
        info = next(p for p in (dist.files or []) if p.parts[0].endswith(".dist-info"))
        record_name = f"{info.parts[0]}/RECORD"
        wheel.writestr(record_name, "\n".join([*record, f"{record_name},,"]) + "\n")
    partial.replace(target)
    return target


def build_wheelhouse(project: str, folder: Path) -> list[Path]:
    """Wheels of everything ``project`` needs at run time, packed into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    return [pack(dist, folder) for dist in runtime_closure(project)]
