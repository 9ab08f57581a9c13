"""Work a user's text controls runs in a helper process with hard limits on time and memory;
breaking one is a one-line reason, and the next job runs in a fresh helper."""

from __future__ import annotations

import resource
import time
from collections.abc import Iterator

import pytest

from partnerdesk.core.platform import limited
from partnerdesk.core.platform.errors import ValidationError
from partnerdesk.core.platform.limited import LimitExceeded, run_limited


# Jobs: module-level, so that the helper process can import them.
def add(a: int, b: int) -> int:
    return a + b


def refuse(message: str) -> None:
    raise ValidationError(message)


def break_down() -> None:
    raise KeyError("a bug")


def spin() -> None:
    while True:
        pass


def hoard() -> int:
    blocks = [bytearray(64 * 2**20) for _ in range(64)]  # 4 GB, 64 MB at a time
    return len(blocks)


def helper_pid() -> int:
    import os

    return os.getpid()


@pytest.fixture(autouse=True)
def fresh_helpers() -> Iterator[None]:
    limited._stop_helpers()
    yield
    limited._stop_helpers()


def test_a_job_runs_in_another_process_and_returns_its_result() -> None:
    import os

    assert run_limited(add, 2, 3, what="the sum") == 5
    assert run_limited(helper_pid, what="the pid") != os.getpid()


def test_a_users_mistake_comes_back_as_it_was_raised_and_a_bug_as_a_bug() -> None:
    with pytest.raises(ValidationError, match="no such variable"):
        run_limited(refuse, "no such variable", what="the job")
    with pytest.raises(RuntimeError, match="KeyError"):
        run_limited(break_down, what="the job")
    assert run_limited(add, 1, 1, what="the sum") == 2  # the same helper goes on


def test_a_job_that_runs_too_long_is_stopped_and_the_next_one_runs() -> None:
    first = run_limited(helper_pid, what="the pid")
    started = time.monotonic()
    with pytest.raises(LimitExceeded) as caught:
        run_limited(spin, what="the template spin.docx", seconds=0.5)
    assert time.monotonic() - started < 10  # 0.5 s, and the helper is killed, not waited on
    assert caught.value.kind == "time"
    assert caught.value.message.startswith("the template spin.docx needs more than 0.5 seconds")
    assert run_limited(helper_pid, what="the pid") != first  # a fresh helper


def test_a_job_that_wants_too_much_memory_is_stopped_and_this_process_stays_small() -> None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(LimitExceeded) as caught:
        run_limited(hoard, what="the template hoard.docx")
    assert caught.value.kind == "memory"
    assert "needs more than 400 MB of memory" in caught.value.message
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kb < 100 * 1024
    assert run_limited(add, 2, 2, what="the sum") == 4
