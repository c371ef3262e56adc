"""The questionnaire session as a library: no click, an injected prompter and console."""

from __future__ import annotations

import io
import os
import re
import signal
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from skillcheck.assessment import Assessment, Scorecard, load_document
from skillcheck.errors import Interrupted, SkillcheckError, UsageError
from skillcheck.prompting import Answer, Prompt, ScriptedPrompter
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
    tmp_path: Path, stop: str | BaseException
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


class SignalledPrompter(ScriptedPrompter):
    """Answers from a script; the process receives ``signum`` at question ``at`` (0-based)."""

    def __init__(self, answers: list[object], signum: int, at: int) -> None:
        super().__init__(answers)  # type: ignore[arg-type]
        self.signum, self.at = signum, at

    def _next(self, prompt: Prompt) -> Answer:
        if len(self.asked) == self.at:
            os.kill(os.getpid(), self.signum)  # handled before os.kill returns
        return super()._next(prompt)


@pytest.mark.parametrize("kind", [ASSESS, SCORE], ids=["assess", "score"])
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_sigterm_or_sighup_at_a_question_stops_as_ctrl_c_does(
    tmp_path: Path, kind: Any, signum: int
) -> None:
    names = {"name": "Jane", "candidate": "Ann", "interviewer": "Bob"}
    path = tmp_path / "doc.json"
    request = Request(MINI, "mid", names, ("core",), path)
    prompter = SignalledPrompter([3, 2, 1], signum, at=1)
    with pytest.raises(Interrupted) as stopped:
        run(kind, request, prompter=prompter, console=Screen())
    name = signal.Signals(signum).name
    assert stopped.value.exit_code == 128 + signum
    assert stopped.value.message.startswith(f"stopped by {name}; 1 of ")
    assert f"continue with: skillcheck {kind.command} --resume" in stopped.value.message
    document = load_document(path, Scorecard) if kind is SCORE else load_document(path, Assessment)
    assert list(document.ratings) == ["sql"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.json"]  # no lock, no temp file
    assert signal.getsignal(signum) is signal.SIG_DFL  # put back


def test_a_signal_before_the_first_answer_saves_nothing(tmp_path: Path) -> None:
    request = Request(MINI, "mid", {}, (), tmp_path / "me.json")
    with pytest.raises(Interrupted, match=r"^stopped by SIGTERM before the first answer") as e:
        run(ASSESS, request, prompter=SignalledPrompter([], signal.SIGTERM, 0), console=Screen())
    assert e.value.exit_code == 143
    assert list(tmp_path.iterdir()) == []


def test_an_ignored_hangup_stays_ignored_at_a_question(tmp_path: Path) -> None:
    request = Request(MINI, "mid", {"name": "Jane"}, ("soft",), tmp_path / "me.json")
    previous = signal.signal(signal.SIGHUP, signal.SIG_IGN)  # as under nohup
    try:
        run(ASSESS, request, prompter=SignalledPrompter([2], signal.SIGHUP, 0), console=Screen())
        assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGHUP, previous)
    assert load_document(tmp_path / "me.json", Assessment).levels() == {"communication": 2}


def test_a_signal_during_the_save_of_the_recommendation_keeps_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import skillcheck.assessment

    real_save = skillcheck.assessment.save_document

    def save(doc: Any, path: Any) -> None:
        if getattr(doc, "recommendation", None) == "yes" and not saves:
            saves.append(doc.recommendation)
            os.kill(os.getpid(), signal.SIGTERM)  # stops this save before it writes
        real_save(doc, path)

    saves: list[str] = []
    monkeypatch.setattr(skillcheck.assessment, "save_document", save)
    names = {"candidate": "Ann", "interviewer": "Bob"}
    request = Request(MINI, "mid", names, ("soft",), tmp_path / "ann.json")
    with pytest.raises(Interrupted, match=r"^stopped by SIGTERM; 1 of 1 answers") as stopped:
        run(SCORE, request, prompter=ScriptedPrompter([2, "yes", "Fine."]), console=Screen())
    assert stopped.value.exit_code == 143 and saves == ["yes"]
    assert load_document(tmp_path / "ann.json", Scorecard).recommendation == "yes"


@pytest.mark.parametrize("resumed", [False, True], ids=["new", "resumed"])
def test_a_signal_as_the_file_is_first_written_says_what_it_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, resumed: bool
) -> None:
    """The file is written once before the first question: stopped there, a
    new document has nothing saved, and a resumed one is as it was, with the
    message saying how many answers it holds and how to continue."""
    import skillcheck.assessment

    path = tmp_path / "me.json"
    start = Request(MINI, "mid", {"name": "Jane"}, ("core",), path)
    if resumed:
        run(ASSESS, start, prompter=ScriptedPrompter([3, "quit"]), console=Screen())
    real_save = skillcheck.assessment.save_document
    signalled: list[int] = []

    def save(doc: Any, where: Any) -> None:
        if not signalled:
            signalled.append(signal.SIGTERM)
            os.kill(os.getpid(), signal.SIGTERM)  # stops this save before it writes
        real_save(doc, where)

    monkeypatch.setattr(skillcheck.assessment, "save_document", save)
    request = Request(MINI, resume=path) if resumed else start
    with pytest.raises(Interrupted) as stopped:
        run(ASSESS, request, prompter=ScriptedPrompter([2]), console=Screen())
    assert stopped.value.exit_code == 143
    if resumed:
        assert re.fullmatch(
            rf"stopped by SIGTERM; 1 of \d+ answers saved in {re.escape(str(path))}; "
            rf"continue with: skillcheck assess --resume {re.escape(str(path))} --rubric .*",
            stopped.value.message,
        )
        assert load_document(path, Assessment).levels() == {"sql": 3}
        assert [p.name for p in tmp_path.iterdir()] == ["me.json"]
    else:
        assert (
            stopped.value.message == "stopped by SIGTERM before the first answer; nothing was saved"
        )
        assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("kind", "only", "answers", "fail_at", "lost"),
    [
        (
            ASSESS,
            "core",
            [3, "note", "Only EXPLAIN so far", "back", "note", "Joins too"],
            3,  # the save of SQL's new note
            [
                "Your note on SQL was not saved: Joins too",
                "Your note on Query tuning was not saved: Only EXPLAIN so far",
            ],
        ),
        (
            SCORE,
            "soft",
            [2, "yes", "Listens \x1b[1mwell"],
            5,  # after the rating, the completed status and the recommendation
            ["Your summary was not saved: Listens \x1b[1mwell"],
        ),
        (ASSESS, "soft", [2], 2, []),  # no text typed: the error alone
    ],
    ids=["notes", "summary", "nothing-typed"],
)
def test_a_failed_save_shows_what_was_typed_and_not_saved(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    kind: Any,
    only: str,
    answers: list[Answer],
    fail_at: int,
    lost: list[str],
) -> None:
    """A save that fails mid-run (the disk is full) ends it with one error; the
    notes and summary typed that the file does not hold are listed before it,
    so that they can be copied."""
    import skillcheck.assessment

    real_save = skillcheck.assessment.save_document
    calls: list[Path] = []

    def save(doc: Any, path: Path) -> None:
        calls.append(path)
        if len(calls) == fail_at:
            raise SkillcheckError(f"cannot write {path.name}: No space left on device")
        real_save(doc, path)

    monkeypatch.setattr(skillcheck.assessment, "save_document", save)
    names = {"name": "Jane", "candidate": "Ann", "interviewer": "Bob"}
    request = Request(MINI, "mid", names, (only,), tmp_path / "doc.json")
    with pytest.raises(SkillcheckError) as failed:
        run(kind, request, prompter=ScriptedPrompter(answers), console=Screen())
    assert failed.value.message == "cannot write doc.json: No space left on device"
    assert failed.value.exit_code == 1
    assert failed.value.details() == lost
    assert len(calls) == fail_at


def test_a_second_signal_is_raised_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Stopping is never made deaf: a signal during the last save stops that too."""
    import skillcheck.assessment

    real_save = skillcheck.assessment.save_document
    calls: list[int] = []

    def save(doc: Any, path: Any) -> None:
        calls.append(len(doc.ratings))
        if len(calls) == 3:  # the save after the first signal
            os.kill(os.getpid(), signal.SIGHUP)
        real_save(doc, path)

    monkeypatch.setattr(skillcheck.assessment, "save_document", save)
    request = Request(MINI, "mid", {"name": "Jane"}, ("core",), tmp_path / "me.json")
    prompter = SignalledPrompter([3, 2], signal.SIGTERM, at=1)
    with pytest.raises(Interrupted, match=r"^stopped by SIGTERM$") as stopped:
        run(ASSESS, request, prompter=prompter, console=Screen())
    assert stopped.value.exit_code == 143  # the first signal's
    assert calls == [0, 1, 1]
    assert load_document(tmp_path / "me.json", Assessment).levels() == {"sql": 3}
    assert [p.name for p in tmp_path.iterdir()] == ["me.json"]
