"""What keeps the command quick to start: --help from SUMMARIES, and skillcheck.startup."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import click
import pytest

from skillcheck import startup
from skillcheck.cli import COMMANDS, SUMMARIES, SkillcheckGroup, cli


def test_every_command_has_a_summary() -> None:
    # Without one --help still lists the command, but imports its module to do it.
    assert sorted(SUMMARIES) == sorted(COMMANDS)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_each_summary_shortens_as_the_command_help_does(name: str) -> None:
    command = cli.get_command(click.Context(cli), name)
    assert command is not None
    stand_in = click.Command(name, help=SUMMARIES[name])
    for limit in range(0, 160):
        assert stand_in.get_short_help_str(limit) == command.get_short_help_str(limit), limit


@pytest.mark.parametrize("width", [40, 60, 80, 100, 200])
def test_help_lists_the_commands_as_click_would(width: int) -> None:
    def help_text(group_class: type[click.Group]) -> str:
        ctx = click.Context(cli, info_name="skillcheck", terminal_width=width)
        formatter = ctx.make_formatter()
        group_class.format_commands(cli, ctx, formatter)
        return formatter.getvalue()

    ours = help_text(SkillcheckGroup)
    assert "Commands:" in ours
    assert ours == help_text(click.Group)


def test_help_imports_no_command_module() -> None:
    code = (
        "import sys, json\nfrom skillcheck.cli import cli\n"
        "try:\n    cli(['--help'], prog_name='skillcheck')\nexcept SystemExit:\n    pass\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('skillcheck.'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    loaded = set(json.loads(out.stdout.splitlines()[-1]))
    assert loaded <= {"skillcheck.cli", "skillcheck.errors"}, loaded


@pytest.fixture
def restore_gc() -> object:
    was_enabled = gc.isenabled()
    had = os.environ.get("PYDANTIC_DISABLE_PLUGINS")
    yield None
    startup._Collector.paused = False
    gc.unfreeze()
    if was_enabled:
        gc.enable()
    if had is None:
        os.environ.pop("PYDANTIC_DISABLE_PLUGINS", None)
    else:
        os.environ["PYDANTIC_DISABLE_PLUGINS"] = had


def test_prepare_pauses_the_collector_until_resumed(restore_gc: object) -> None:
    gc.enable()
    os.environ.pop("PYDANTIC_DISABLE_PLUGINS", None)
    startup.prepare()
    assert not gc.isenabled()
    assert os.environ["PYDANTIC_DISABLE_PLUGINS"] == "__all__"
    startup.resume_collector()
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0
    startup.resume_collector()  # once only
    assert gc.isenabled()


def test_prepare_respects_the_environment_and_a_disabled_collector(restore_gc: object) -> None:
    os.environ["PYDANTIC_DISABLE_PLUGINS"] = "some-plugin"
    gc.disable()
    startup.prepare()
    startup.resume_collector()  # the collector was off before: it stays off
    assert not gc.isenabled()
    assert os.environ["PYDANTIC_DISABLE_PLUGINS"] == "some-plugin"


def test_importing_skillcheck_changes_nothing() -> None:
    code = (
        "import gc, os\nimport skillcheck.cli, skillcheck.rubric, skillcheck.prompting\n"
        "print(gc.isenabled(), 'PYDANTIC_DISABLE_PLUGINS' in os.environ)"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env
    )
    assert out.stdout.split() == ["True", "False"]


def panel_files(folder: Path) -> tuple[Path, Path, Path]:
    """A good scorecard for Ann, a damaged one, and Ann's own assessment."""
    from skillcheck.assessment import Assessment, RubricRef, Scorecard, save_document
    from skillcheck.rubric import load_rubric

    ref = RubricRef.of(load_rubric("backend"))
    now = datetime(2026, 11, 24, tzinfo=UTC)
    card = Scorecard(rubric=ref, candidate="Ann", interviewer="Bob", started=now, updated=now)
    card.rate("git", 3, None, now)
    save_document(card, folder / "good.json")
    (folder / "bad.json").write_text("{")
    own = Assessment(rubric=ref, name="Ann", started=now, updated=now)
    own.rate("git", 2, None, now)
    save_document(own, folder / "me.json")
    return folder / "good.json", folder / "bad.json", folder / "me.json"


def run_probe(probe: str, argv: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    """``python -c probe *argv`` with its own skillcheck home, unbuffered output off."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    env["SKILLCHECK_HOME"] = str(home)
    return subprocess.run(
        [sys.executable, "-c", probe, *argv], capture_output=True, text=True, env=env, check=False
    )


QUICK_EXIT_PROBE = """
import atexit, os, sys
class Tell:
    def __del__(self, write=os.write):
        write(2, b"heap freed\\n")
keep = Tell()
atexit.register(lambda: print("exit handler ran", file=sys.stderr))
sys.argv = ["skillcheck", *sys.argv[1:]]
from skillcheck.cli import main
main()
"""


@pytest.mark.parametrize(
    ("args", "quick", "code"),
    [
        (["panel", "{good}", "--format", "json"], True, 0),
        (["panel", "{good}", "{bad}", "--format", "json"], True, 1),
        (["rubrics", "list"], False, 0),
    ],
    ids=["panel", "panel-with-a-bad-file", "other-commands"],
)
def test_a_panel_ends_without_freeing_its_heap(
    tmp_path: Path, args: list[str], quick: bool, code: int
) -> None:
    """After a panel, the process ends with os._exit: exit handlers still run,
    everything printed is there, the exit code is kept; only the freeing of
    objects one by one (at interpreter shutdown) is skipped."""
    good, bad, _ = panel_files(tmp_path)
    argv = [a.format(good=good, bad=bad) for a in args]
    out = run_probe(QUICK_EXIT_PROBE, argv, tmp_path / "home")
    assert out.returncode == code, out.stderr
    assert "exit handler ran" in out.stderr
    assert ("heap freed" in out.stderr) is not quick
    if args[0] == "panel":
        assert json.loads(out.stdout)["candidates"][0]["name"] == "Ann"  # all of it, flushed


MODULES_PROBE = """
import atexit, os, sys
atexit.register(lambda: print("pydantic" in sys.modules, "pydantic_core" in sys.modules,
                              "pydantic_core._pydantic_core" in sys.modules, file=sys.stderr))
sys.argv = ["skillcheck", *sys.argv[1:]]
from skillcheck.cli import main
main()
"""


@pytest.mark.parametrize(
    ("extra", "pydantic"),
    [([], False), (["{bad}"], True), (["--self", "{me}"], True)],
    ids=["scorecards", "and-a-damaged-file", "and-a-self-assessment"],
)
def test_a_panel_loads_pydantic_only_for_what_needs_it(
    tmp_path: Path, extra: list[str], pydantic: bool
) -> None:
    """With the rubric in the cache, a panel of good scorecards needs only
    pydantic-core's compiled validator, not even the rest of its package:
    pydantic itself (about 50 ms to import) is for the careful reader of a
    damaged file and for --self assessments, and then reuses the validator's
    module as it is."""
    good, bad, me = panel_files(tmp_path)
    argv = ["panel", str(good), *(a.format(bad=bad, me=me) for a in extra)]
    argv += ["--format", "json", "-o", str(tmp_path / "panel.json")]
    # The first run fills the rubric cache.
    runs = [run_probe(MODULES_PROBE, argv, tmp_path / "home") for _ in range(2)]
    assert runs[0].stderr.splitlines()[-1] == "True True True"  # the rubric was validated
    last = runs[1].stderr.splitlines()[-1]
    assert last == f"{pydantic} {pydantic} True", runs[1].stderr
    assert runs[1].returncode == (1 if "{bad}" in extra else 0), runs[1].stderr
    assert json.loads((tmp_path / "panel.json").read_text())["candidates"][0]["name"] == "Ann"


OPENSSL_PROBE = MODULES_PROBE.replace(
    '"pydantic" in sys.modules, "pydantic_core" in sys.modules,\n'
    '                              "pydantic_core._pydantic_core" in sys.modules',
    '"_hashlib" in sys.modules',
)


def test_a_panel_does_not_load_openssl(tmp_path: Path) -> None:
    """Hashing is for the rubric cache's key (Python's own SHA-256 does it) and
    for --anonymize's order: a plain panel never loads OpenSSL (3 ms)."""
    assert OPENSSL_PROBE != MODULES_PROBE
    good, _, _ = panel_files(tmp_path)
    argv = ["panel", str(good), "--format", "json", "-o", str(tmp_path / "panel.json")]
    # The first run fills the rubric cache.
    out = [run_probe(OPENSSL_PROBE, argv, tmp_path / "home") for _ in range(2)][-1]
    assert out.returncode == 0, out.stderr
    assert out.stderr.splitlines()[-1] == "False", out.stderr
    assert json.loads((tmp_path / "panel.json").read_text())["candidates"][0]["name"] == "Ann"


def test_the_rubric_cache_hashes_as_hashlib_does() -> None:
    import hashlib

    from skillcheck.rubric import cache

    text = "skillcheck ✓".encode()
    assert cache.sha256(text).hexdigest() == hashlib.sha256(text).hexdigest()
