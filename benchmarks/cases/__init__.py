"""Every benchmark case, registered on import, in the order they run.

To add a case: in one of these modules (or a new one added to ``MODULES``), write a
function taking the :class:`~benchmarks.harness.BenchContext` and returning a list of
:class:`~benchmarks.harness.Figure`, decorated with ``@case("area.name", "what it
measures")``. Cases run in module order, then in definition order within a module.
"""

import importlib

MODULES = (
    "storage",
    "gui",
    "cli",
    "memory",
    "funding",
    "grants",
    "mous",
    "documents",
    "team",
    "contacts",
    "reliability",
    "outcomes",
    "training",
)

for _module in MODULES:
    importlib.import_module(f"{__name__}.{_module}")
