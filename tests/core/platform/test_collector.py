"""The cycle collector paused around jobs that make many small records."""

from __future__ import annotations

import gc

import pytest

from partnerdesk.core.platform.collector import collector_paused


def test_the_cycle_collector_is_paused_and_restored_however_the_job_ends() -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector_paused():
        assert not gc.isenabled()
        raise RuntimeError("the job failed")
    assert gc.isenabled()


def test_what_the_job_made_is_not_left_for_one_long_collection_at_its_end() -> None:
    """The rows a long job keeps leave the young generation when it ends: otherwise the
    first collection afterwards scans all of them in one go, with the GIL held."""
    with collector_paused():
        rows = [(i, str(i), [i]) for i in range(50_000)]
    last = rows[-1]
    young = gc.get_objects(generation=0) + gc.get_objects(generation=1)
    assert len(young) < 10_000  # not scanned (nor about to be) by a young collection
    assert any(item is last for item in gc.get_objects(generation=2))  # but still collectable
