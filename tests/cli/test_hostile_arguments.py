"""Out-of-range and malformed arguments: every command gives one line on stderr and exit 1
or 2, never "internal error" (exit 3), and a refused command leaves the database as it was.

The examples named in issue 14 are checked one by one; then hypothesis drives every command
of the tree (found by walking the click groups, so a new command is fuzzed too) with random
values for its options and arguments: huge and negative numbers, days outside 1900-2199,
text that is not valid UTF-8, digits from other scripts, very long text. Examples: 400.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from partnerdesk.cli import COMMANDS, cli, main
from tests.conftest import DEMO_TODAY

HUGE = "1180591620717411303424"
# What a command line can carry: any text without NUL; invalid UTF-8 arrives as lone
# surrogates (Python decodes argv with surrogateescape).
NOT_UTF8 = "caf\udce9"


def _fingerprint(path: Path) -> str:
    digest = hashlib.sha256(path.read_bytes())
    wal = path.with_name(path.name + "-wal")
    if wal.exists():
        digest.update(wal.read_bytes())
    return digest.hexdigest()


def _one_line(err: str) -> str:
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("partnerdesk: error: "), err
    assert "internal error" not in lines[0], err
    return lines[0]


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Module-scoped, so set up before the per-test pinned clock: name the day explicitly.
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    assert main(["--today", DEMO_TODAY.isoformat(), "--db", str(path), "demo"]) == 0
    return path


@pytest.fixture
def work(tmp_path: Path, demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the demo database in an empty working folder (files a command writes land
    there)."""
    monkeypatch.chdir(tmp_path)
    copy = tmp_path / "pd.sqlite3"
    shutil.copyfile(demo_file, copy)
    yield copy


@pytest.mark.parametrize(
    "args",
    [
        ["reviews", "--today", "9999-12-31"],
        ["funding", "summary", "--fy", "-1"],
        ["funding", "summary", "--fy", "0"],
        ["funding", "summary", "--fy", "10000"],
        ["funding", "summary", "--fy", HUGE],
        ["funding", "projection", "--today", "9999-12-31"],
        ["funding", "projection", "--today", "0001-01-01"],
        ["funding", "export", "out.xlsx", "--fy", "10000"],
        ["funding", "export", "out.xlsx", "--fy", "1899"],
        ["reviews", "complete", "1", "--date", "9999-12-31", "--outcome", "amended"],
        ["mou", "show", "1000000000000000000000000000000"],
        ["mou", "show", "2147483648"],  # beyond a PostgreSQL integer
        ["mou", "show", "²"],  # a digit Python's int() does not read
        ["training", "status", "--agency", "²"],  # found by the fuzzer after the merge
        ["grants", "obligations", "--source", "²"],
        ["grants", "pack", "9223372036854775808", "--out", "out.xlsx"],  # beyond SQLite
        ["grants", "submit", "²", "--date", "2026-11-20"],
        ["evaluations", "report", HUGE, "--out", "x.docx"],
        ["training", "sign-in", HUGE, "--out", "x.docx"],
        ["mou", "check", HUGE],
        ["mou", "generate", HUGE, "--out", "x.docx"],
        ["reviews", "snooze", HUGE, "--until", "2027-01-01", "--reason", "x"],
        ["contacts", "list", "--group", "1000000000000000000000000000000"],
        ["contacts", "export", "x.csv", "--group", HUGE],
        ["mou", "show", NOT_UTF8],
        ["contacts", "list", "--group", NOT_UTF8],
        ["reviews", "snooze", "1", "--until", "2027-01-01", "--reason", NOT_UTF8],
        ["clauses", "list", "--search", NOT_UTF8],
        ["funding", "export", "out." + "x" * 300],  # a name the file system refuses
        ["restore", "x" * 300, "--yes"],
    ],
)
def test_the_issues_examples_are_one_line_and_change_nothing(
    work: Path, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    before = _fingerprint(work)
    code = main(["--db", str(work), *args])
    line = _one_line(capsys.readouterr().err)
    assert code in (1, 2), line
    assert _fingerprint(work) == before


def test_a_snooze_reason_beyond_its_limit_is_refused_naming_the_limit(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The issue's example: a 100,000-character reason was stored."""
    before = _fingerprint(work)
    args = ["reviews", "snooze", "RIV-CR-01", "--until", "2027-04-01", "--reason", "x" * 100_000]
    assert main(["--db", str(work), *args]) == 1
    line = _one_line(capsys.readouterr().err)
    assert line.endswith("the snooze reason may have at most 500 characters; this one has 100,000")
    assert _fingerprint(work) == before
    args[-1] = "x" * 500
    assert main(["--db", str(work), *args]) == 0


def test_a_fiscal_year_outside_the_range_names_the_range(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(work), "funding", "summary", "--fy", "10000"]) == 2
    assert "1900" in capsys.readouterr().err


# --------------------------------------------------------------------------- the fuzzer


def _commands() -> list[tuple[list[str], click.Command]]:
    """Every runnable command: (its words, the click command)."""
    found: list[tuple[list[str], click.Command]] = []
    context = click.Context(cli)

    def walk(words: list[str], group: click.Group) -> None:
        for name in group.list_commands(context):
            command = group.get_command(context, name)
            assert command is not None
            if isinstance(command, click.Group):
                if command.invoke_without_command:
                    found.append(([*words, name], command))
                walk([*words, name], command)
            else:
                found.append(([*words, name], command))

    walk([], cli)
    return found


COMMAND_TREE = _commands()

# Values for any text: hostile numbers, days, text.
NUMBERS = ["0", "-1", "1", "3", "2147483647", "2147483648", "9223372036854775808", HUGE,
           "1e9", "0x10", " 7 ", "²", "١٢", "1_000"]  # fmt: skip
DAYS = ["2026-11-27", "9999-12-31", "0001-01-01", "1899-12-31", "2200-01-01", "2026-02-30",
        "2026-11-27T10:00", "20261127", "27/11/2026", ""]  # fmt: skip
TEXTS = [NOT_UTF8, "\udcff", "x" * 100_000, "é" * 5000, " ", "--", "'; DROP TABLE mou; --",
         "RIV-CR-01", "working_group", "Working group", "\u202eevil", "{{ 9**9**9 }}"]  # fmt: skip
# Paths stay inside the working folder; schemes that open another database are the storage
# checks' (tests/core/platform/test_hostile_storage.py), not arguments'.
PATHS = ["out.xlsx", "out.csv", "out.vcf", "out.docx", "out.ics", "pd.sqlite3", "missing.csv",
         "no/such/folder/out.xlsx", ".", "out.txt", "out." + "x" * 300,
         NOT_UTF8 + ".csv"]  # fmt: skip


def _text() -> st.SearchStrategy[str]:
    no_nul = st.characters(blacklist_characters="\x00", blacklist_categories=["Cs"])
    return st.one_of(
        st.sampled_from(NUMBERS + DAYS + TEXTS),
        st.text(alphabet=no_nul, max_size=30),
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
    )


def _value(parameter: click.Parameter) -> st.SearchStrategy[str]:
    kind = parameter.type
    if isinstance(kind, click.Choice):
        return st.one_of(st.sampled_from([str(c) for c in kind.choices]), _text())
    if isinstance(kind, click.Path) or parameter.name in ("source", "target", "file"):
        return st.sampled_from(PATHS)
    if parameter.name in ("today", "completed", "until"):
        return st.one_of(st.sampled_from(DAYS), _text())
    return _text()


@st.composite
def invocations(draw: st.DrawFn) -> list[str]:
    words, command = draw(st.sampled_from(COMMAND_TREE))
    args: list[str] = []
    if draw(st.booleans()):
        args += ["--today", draw(st.one_of(st.sampled_from(DAYS), _text()))]
    args += words
    for parameter in command.params:
        if parameter.name == "help" or (parameter.name == "force" and words == ["demo"]):
            continue
        if isinstance(parameter, click.Argument):
            if parameter.required or draw(st.booleans()):
                args.append(draw(_value(parameter)))
            continue
        assert isinstance(parameter, click.Option)
        if not (parameter.required or draw(st.booleans())):
            continue
        option = parameter.opts[0]
        if parameter.is_flag:
            args.append(option)
        else:
            args += [option, draw(_value(parameter))]
    return args


def test_the_fuzzer_reaches_every_command() -> None:
    names = {" ".join(words) for words, _command in COMMAND_TREE}
    assert set(COMMANDS) <= {name.split()[0] for name in names}
    assert {"funding import", "reviews complete", "mou show", "contacts list"} <= names


# The same 400 invocations on every run (derandomize): CI stays reproducible; new seeds are
# tried by hand with --hypothesis-seed (7 seeds x 400 were clean when this was written).
@settings(
    max_examples=400,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(args=invocations())
@pytest.mark.slow
def test_any_arguments_give_a_reason_not_an_internal_error(
    demo_file: Path, tmp_path_factory: pytest.TempPathFactory, args: list[str]
) -> None:
    folder = tmp_path_factory.mktemp("cli")
    database = folder / "pd.sqlite3"
    shutil.copyfile(demo_file, database)
    before = _fingerprint(database)
    err, out = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        patch.setattr(sys, "stdin", io.StringIO(""))  # a question gets no answer, as in cron
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
            code = main(["--db", str(database), *args])
    event(f"exit {code}")
    assert code in (0, 1, 2), err.getvalue()
    if code != 0:
        _one_line(err.getvalue())
        assert _fingerprint(database) == before, args
