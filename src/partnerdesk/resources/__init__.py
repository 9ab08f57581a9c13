"""Files the program reads at run time (the default Word template, icons, the user guide,
...), shipped inside the package so that an installed wheel or a desktop bundle finds them
as the source tree does. Read them through :func:`resource`, never by a path relative to
the source tree.

Layout: ``templates/`` (.docx templates), ``icons/``, ``guide/`` (the offline user guide).
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path


def resource(*parts: str) -> Traversable:
    """The packaged file or folder ``parts`` (e.g. ``resource("templates", "x.docx")``)."""
    found = files(__name__)
    for part in parts:
        found = found.joinpath(part)
    return found


def resource_path(*parts: str) -> Path:
    """The packaged file ``parts`` as a path on disk, for code that wants a file name (a
    wheel, the editable install and the desktop bundle all keep these files unzipped)."""
    return Path(str(resource(*parts)))
