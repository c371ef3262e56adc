"""The questionary adapter with real key presses (prompt_toolkit pipe input), in-process."""

from __future__ import annotations

import io
import os
import re
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.input.ansi_escape_sequences import REVERSE_ANSI_SEQUENCES
from prompt_toolkit.keys import Keys
from prompt_toolkit.output import DummyOutput
from prompt_toolkit.output.plain_text import PlainTextOutput

from skillcheck.errors import NotATerminalError
from skillcheck.prompting import (
    CheckboxPrompt,
    ConfirmPrompt,
    HeaderLine,
    Option,
    QuestionaryPrompter,
    ScriptedPrompter,
    SelectPrompt,
    TextPrompt,
    ask_name,
    is_interactive,
    require_terminal,
)

DOWN = REVERSE_ANSI_SEQUENCES[Keys.Down]
ENTER = "\r"
CTRL_C = "\x03"

LEVELS = SelectPrompt(
    "How would you rate yourself?",
    tuple(Option(str(n), f"Level {n}", str(n)) for n in range(5)),
    extra=(Option("n/a", "Not applicable", "n"), Option("quit", "Save and quit", "q")),
    header=(HeaderLine("progress", "Core · skill 1 of 6"), HeaderLine("title", "SQL")),
)


@contextmanager
def keys(text: str, output: Any = None) -> Iterator[QuestionaryPrompter]:
    """A prompter reading ``text`` as key presses (the pipe is closed after them)."""
    with create_pipe_input() as pipe:
        pipe.send_text(text)
        pipe.close()
        with create_app_session(input=pipe, output=output or DummyOutput()):
            yield QuestionaryPrompter(check_terminal=False)


def test_a_digit_then_enter_picks_that_level() -> None:
    with keys("3" + ENTER) as p:
        assert p.select(LEVELS) == "3"


def test_enter_alone_keeps_the_preselected_answer() -> None:
    with keys(ENTER) as p:
        assert p.select(LEVELS.__class__(**{**LEVELS.__dict__, "default": "2"})) == "2"


def test_arrow_keys_move_and_letters_pick_actions() -> None:
    with keys(DOWN + DOWN + ENTER) as p:
        assert p.select(LEVELS) == "2"
    with keys("n" + ENTER) as p:
        assert p.select(LEVELS) == "n/a"
    with keys("q" + ENTER) as p:
        assert p.select(LEVELS) == "quit"


def test_options_without_a_key_get_the_next_free_one() -> None:
    prompt = SelectPrompt("Role?", (Option("junior", "Junior"), Option("mid", "Mid")))
    with keys("2" + ENTER) as p:
        assert p.select(prompt) == "mid"


def test_ctrl_c_raises_keyboard_interrupt() -> None:
    with keys(CTRL_C) as p, pytest.raises(KeyboardInterrupt):
        p.select(LEVELS)


def test_end_of_input_raises_eof_error() -> None:
    with keys("3") as p, pytest.raises(EOFError):
        p.select(LEVELS)


def test_a_real_sigint_during_a_question_raises_keyboard_interrupt() -> None:
    # The pipe stays open and silent: only the signal can end the question (if
    # the signal were ignored, closing the pipe later ends it with EOFError).
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        prompter = QuestionaryPrompter(check_terminal=False)
        timers = [
            threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT)),
            threading.Timer(3.0, pipe.close),
        ]
        for timer in timers:
            timer.start()
        try:
            with pytest.raises(KeyboardInterrupt):
                prompter.select(LEVELS)
        finally:
            for timer in timers:
                timer.cancel()


def test_checkbox_space_ticks_and_keeps_option_order() -> None:
    prompt = CheckboxPrompt(
        "Which of these do you use?",
        (Option("python", "Python"), Option("java", "Java"), Option("go", "Go")),
        checked=frozenset({"go"}),
    )
    with keys(DOWN + " " + ENTER) as p:
        assert p.checkbox(prompt) == ["java", "go"]
    with keys(" " + DOWN + DOWN + " " + ENTER) as p:
        assert p.checkbox(prompt) == ["python"]


def test_checkbox_back_key_goes_back_and_is_only_a_key_when_offered() -> None:
    options = (Option("python", "Python"), Option("java", "Java"))
    with keys(" b") as p:
        assert p.checkbox(CheckboxPrompt("?", options, back_key="b")) is None
    with keys(" b" + ENTER) as p:  # no way back offered: b does nothing
        assert p.checkbox(CheckboxPrompt("?", options)) == ["python"]


def test_going_back_from_a_checkbox_takes_it_off_the_screen() -> None:
    """The question was not answered: it must not stay on screen above the
    question asked again (an answered one stays, with its answer)."""
    from prompt_toolkit.data_structures import Size
    from prompt_toolkit.output.vt100 import Vt100_Output

    def last_screen(typed: str) -> str:
        out = io.StringIO()
        terminal = Vt100_Output(out, lambda: Size(rows=20, columns=60), term="xterm")
        prompt = CheckboxPrompt("Which languages?", options, back_key="b")
        with keys(typed, terminal) as p:
            p.checkbox(prompt)
        # The last redraw starts by moving the cursor up to the prompt's first line.
        return re.split(r"\x1b\[\d*A", out.getvalue())[-1]

    options = (Option("python", "Python"), Option("java", "Java"))
    assert "Which languages?" in last_screen(" " + ENTER)
    assert "Which languages?" not in last_screen(" b")


def test_text_starts_from_the_default() -> None:
    with keys(" and MySQL" + ENTER) as p:
        assert p.text(TextPrompt("Note:", default="Postgres")) == "Postgres and MySQL"


def test_a_required_text_refuses_empty_answers() -> None:
    # The first Enter is refused by validation; then the name is typed.
    with keys(ENTER + "Jane" + ENTER) as p:
        assert ask_name(p, "Your name:") == "Jane"


def test_confirm() -> None:
    with keys("y") as p:
        assert p.confirm(ConfirmPrompt("Replace it?")) is True
    with keys(ENTER) as p:
        assert p.confirm(ConfirmPrompt("Replace it?")) is False


def test_the_header_is_shown_with_control_characters_made_visible() -> None:
    out = io.StringIO()
    prompt = SelectPrompt(
        "Rate?",
        (Option("1", "One", "1"),),
        header=(
            HeaderLine("progress", "Core · skill 1 of 6"),
            HeaderLine("title", "SQL\x1b[31m"),
            HeaderLine("text", "Line one\nLine two"),
            HeaderLine("note", "Note: mine"),
        ),
    )
    with keys("1" + ENTER, PlainTextOutput(out)) as p:
        assert p.select(prompt) == "1"
    shown = out.getvalue().replace("\r\n", "\n")
    assert "Core · skill 1 of 6" in shown
    assert "SQL\\x1b[31m" in shown and "\x1b[31m" not in shown
    assert "Line one\nLine two" in shown
    assert "Note: mine" in shown


def test_no_terminal_is_refused_with_the_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", None)
    assert not is_interactive()
    with pytest.raises(NotATerminalError, match="use --answers"):
        require_terminal("no terminal; use --answers FILE")
    with pytest.raises(NotATerminalError):
        QuestionaryPrompter(hint="no terminal; use --answers FILE")


def test_a_redirected_stdout_is_no_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    class FakeTty(io.StringIO):
        def isatty(self) -> bool:
            if self.closed:
                raise ValueError("I/O operation on closed file")
            return True

    monkeypatch.setattr(sys, "stdin", FakeTty())
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    assert not is_interactive()
    monkeypatch.setattr(sys, "stdout", FakeTty())
    assert is_interactive()
    closed = FakeTty()
    closed.close()
    monkeypatch.setattr(sys, "stdin", closed)
    assert not is_interactive()


def test_scripted_prompter_records_prompts_and_raises_at_the_end() -> None:
    p = ScriptedPrompter([3, ["python"], "note", True, KeyboardInterrupt()])
    assert p.select(LEVELS) == "3"
    assert p.checkbox(CheckboxPrompt("?", (Option("python", "Python"),))) == ["python"]
    assert p.text(TextPrompt("Note:")) == "note"
    assert p.confirm(ConfirmPrompt("Sure?")) is True
    with pytest.raises(KeyboardInterrupt):
        p.select(LEVELS)
    with pytest.raises(EOFError):
        p.select(LEVELS)
    assert len(p.asked) == 6


def test_importing_prompting_does_not_import_questionary() -> None:
    import subprocess

    code = "import skillcheck.prompting, sys; print('questionary' in sys.modules, 'prompt_toolkit' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def shown_by(prompt: SelectPrompt, answer: str) -> str:
    out = io.StringIO()
    with keys(answer + ENTER, PlainTextOutput(out)) as p:
        p.select(prompt)
    return out.getvalue().replace("\r\n", "\n")


def test_short_descriptors_are_shown_beside_each_level() -> None:
    prompt = SelectPrompt(
        "Rate?",
        (Option("1", "Aware", "1", "Reads a SELECT"), Option("2", "Guided", "2", "Writes joins")),
    )
    shown = shown_by(prompt, "2")
    assert "1) Aware — Reads a SELECT" in shown
    assert "2) Guided — Writes joins" in shown


def test_long_descriptors_are_listed_above_the_choices_wrapped_at_a_word() -> None:
    long = "Designs schemas for a whole product, " * 4
    prompt = SelectPrompt(
        "Rate?",
        (Option("1", "Aware", "1", "Reads a SELECT"), Option("3", "Independent", "3", long)),
    )
    shown = shown_by(prompt, "3")
    listed = shown.split("? Rate?")[0]
    assert "  1  Aware: Reads a SELECT" in listed
    assert "  3  Independent: Designs schemas" in listed
    lines = listed.splitlines()
    assert all(len(line) < 80 for line in lines)
    # Wrapped at a word and indented under the title.
    assert any(line.startswith("     ") and "product" in line for line in lines)
    # The choices themselves are short, so the answer line is short too.
    assert "3) Independent\n" in shown and "? Rate? Independent" in shown
