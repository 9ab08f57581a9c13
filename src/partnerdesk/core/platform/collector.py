"""The cycle collector, paused around work that allocates many small, acyclic objects."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cycle collector while a job builds many small records, restored however
    it ends.

    Reading or writing 200,000 spreadsheet rows allocates a million small containers and
    nothing cyclic; the collector would walk the growing heap again and again (a quarter of
    an import's reading time), and its full passes, 100-170 ms each with the GIL held, froze
    the window during an export (benchmarks/cases/reliability.py). Listing the 20,000 people
    of a directory spent 40% of its time in the collector."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # Everything the job allocated is still in the young generation: the first
        # collection after re-enabling would scan all of it at once (~115 ms for 600,000
        # objects, GIL held: the window froze as an import ended). Moved to the oldest
        # generation, it waits for a full pass like any long-lived object.
        gc.freeze()
        gc.unfreeze()
        if was_enabled:
            gc.enable()
