"""The questionnaire session as a library: no click, an injected prompter and console."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from skillcheck.assessment import Assessment, Scorecard, load_document
from skillcheck.errors import Interrupted, UsageError
from skillcheck.prompting import ScriptedPrompter
from skillcheck.rubric import load_rubric_file
from skillcheck.session import ASSESS, SCORE, Request, check_options, run

FIXTURES = Path(__file__).parent / "fixtures"
MINI = str(FIXTURES / "mini.yaml")


class Screen:
    """A console factory that keeps what was printed."""

    def __init__(self) -> None:
        self.buffer = io.StringIO()

    def __call__(self) -> Console:
        return Console(file=self.buffer, width=200, highlight=False, no_color=True)

    @property
    def text(self) -> str:
        return self.buffer.getvalue()


def test_one_session_serves_both_kinds(tmp_path: Path) -> None:
    screen = Screen()
    request = Request(MINI, "mid", {"name": "Jane"}, ("soft",), tmp_path / "me.json")
    run(ASSESS, request, prompter=ScriptedPrompter([2]), console=screen)
    assert load_document(tmp_path / "me.json", Assessment).levels() == {"communication": 2}
    assert "See your report: skillcheck report" in screen.text

    screen = Screen()
    names = {"candidate": "Ann", "interviewer": "Bob"}
    request = Request(MINI, "mid", names, ("soft",), tmp_path / "ann.json")
    prompter = ScriptedPrompter([2, "yes", "Fine."])
    run(SCORE, request, prompter=prompter, console=screen)
    doc = load_document(tmp_path / "ann.json", Scorecard)
    assert doc.levels() == {"communication": 2} and doc.recommendation == "yes"
    assert f"skillcheck panel {tmp_path}" in screen.text


def test_interruptions_carry_the_command_that_continues(tmp_path: Path) -> None:
    names = {"candidate": "Ann", "interviewer": "Bob"}
    request = Request(MINI, "none", names, output=tmp_path / "ann.json")
    with pytest.raises(Interrupted, match=r"skillcheck score --resume .*ann\.json --rubric"):
        run(SCORE, request, prompter=ScriptedPrompter([KeyboardInterrupt()]), console=Screen())


@pytest.mark.parametrize("stop", ["quit", KeyboardInterrupt()], ids=["quit", "ctrl-c"])
def test_a_note_typed_before_its_rating_is_shown_when_the_run_stops(
    tmp_path: Path, stop: object
) -> None:
    screen = Screen()
    request = Request(MINI, "mid", {"name": "Jane"}, ("soft",), tmp_path / "me.json")
    prompter = ScriptedPrompter(["note", "Ran the \x1b[31mpostmortem", stop])
    if isinstance(stop, BaseException):
        with pytest.raises(Interrupted):
            run(ASSESS, request, prompter=prompter, console=screen)
    else:
        run(ASSESS, request, prompter=prompter, console=screen)
    expected = (
        "Your note on Communication was not saved (notes are saved with a rating): "
        "Ran the \\x1b[31mpostmortem"
    )
    assert expected in screen.text


def test_each_kind_names_its_own_files_and_words() -> None:
    assert [n.field for n in ASSESS.names] == ["name"]
    assert [n.field for n in SCORE.names] == ["candidate", "interviewer"]
    assert ASSESS.wording().rate == "How would you rate yourself?"
    assert SCORE.wording().rate == "What did the candidate demonstrate?"
    assert ASSESS.after_rating() is None and SCORE.after_rating() is not None
    assert "skillcheck score" in SCORE.no_terminal and "--answers FILE" in SCORE.no_terminal
    card = {"kind": "scorecard", "status": "complete"}
    assert SCORE.describe(card) == "a completed scorecard"
    assert ASSESS.describe(card) == "not a self-assessment"
    assert SCORE.describe(None) == "not an interview scorecard"
    assert SCORE.describe({"kind": "scorecard"}).endswith("--resume continues it")


def test_check_options() -> None:
    rubric = load_rubric_file(MINI)
    assert check_options(rubric, "mid", ["core"]) == "mid"
    assert check_options(rubric, "None", []) is None
    with pytest.raises(UsageError, match=r"'cor'.*did you mean 'core'.*no role 'mdi'"):
        check_options(rubric, "mdi", ["cor"])
