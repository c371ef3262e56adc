"""Asking questions: the Prompter protocol, the one questionary adapter, a scripted prompter.

The questionnaire (``skillcheck.questionnaire``) describes each question as
data (``SelectPrompt``, ``CheckboxPrompt``, ``TextPrompt``, ``ConfirmPrompt``)
and hands it to a ``Prompter``. Two prompters exist:

* ``QuestionaryPrompter`` shows the question in the terminal with questionary.
  It is the only place in skillcheck that imports questionary, and it does so
  inside its methods, so importing this module stays cheap.
* ``ScriptedPrompter`` answers from a list, for tests and for callers that
  already know the answers.

Every prompter raises ``KeyboardInterrupt`` when the person presses Ctrl-C (or
the process gets SIGINT) and ``EOFError`` when the input ends; the caller
decides what that means.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol

from skillcheck.errors import NotATerminalError
from skillcheck.render.safe import one_line, visible

if TYPE_CHECKING:
    from prompt_toolkit.formatted_text import StyleAndTextTuples

HeaderKind = Literal["progress", "title", "text", "note"]


@dataclass(frozen=True)
class HeaderLine:
    """A line shown above a question: where you are, what the skill is, your note."""

    kind: HeaderKind
    text: str


@dataclass(frozen=True)
class Option:
    """One choice. ``key`` is its shortcut key (a digit for levels); None: the next free one.

    ``detail`` explains the choice (a level's descriptor for this skill). The
    terminal shows it beside the title when every line fits, else as a
    wrapped list above the choices.
    """

    value: str
    title: str
    key: str | None = None
    detail: str = ""


@dataclass(frozen=True)
class SelectPrompt:
    """Pick one option. ``extra`` options are shown after a separator."""

    message: str
    options: tuple[Option, ...]
    extra: tuple[Option, ...] = ()
    default: str | None = None
    header: tuple[HeaderLine, ...] = ()
    instruction: str | None = None

    def values(self) -> list[str]:
        return [o.value for o in (*self.options, *self.extra)]


@dataclass(frozen=True)
class CheckboxPrompt:
    """Tick any number of options; ``checked`` are ticked at the start."""

    message: str
    options: tuple[Option, ...]
    checked: frozenset[str] = frozenset()
    header: tuple[HeaderLine, ...] = ()
    instruction: str | None = None
    #: A key that goes back to the previous question instead of answering.
    back_key: str | None = None


@dataclass(frozen=True)
class TextPrompt:
    """Type a line of text, starting from ``default``."""

    message: str
    default: str = ""
    required: bool = False
    max_length: int = 20_000


@dataclass(frozen=True)
class ConfirmPrompt:
    """Answer yes or no."""

    message: str
    default: bool = False


Prompt = SelectPrompt | CheckboxPrompt | TextPrompt | ConfirmPrompt


class Prompter(Protocol):
    """Something that answers questions. Raises KeyboardInterrupt or EOFError to stop."""

    def select(self, prompt: SelectPrompt) -> str:
        """Return the value of the chosen option."""
        ...

    def checkbox(self, prompt: CheckboxPrompt) -> list[str] | None:
        """Return the values of the ticked options, in option order; None when
        the person pressed ``prompt.back_key`` to go back."""
        ...

    def text(self, prompt: TextPrompt) -> str:
        """Return the text typed (``prompt.default`` if nothing was changed)."""
        ...

    def confirm(self, prompt: ConfirmPrompt) -> bool:
        """Return the yes/no answer."""
        ...


def validate_text(prompt: TextPrompt, value: str) -> str | None:
    """Why ``value`` is not an acceptable answer to ``prompt``, or None when it is."""
    if prompt.required and not value.strip():
        return "Please type something (Ctrl-C to stop)."
    if len(value) > prompt.max_length:
        return f"Too long: at most {prompt.max_length} characters."
    return None


def ask_name(prompter: Prompter, message: str, default: str = "") -> str:
    """Ask for a non-empty name (at most 500 characters), stripped."""
    while True:
        name = prompter.text(TextPrompt(message, default=default, required=True, max_length=500))
        if name.strip():
            return name.strip()


# --------------------------------------------------------------------------------------
# The terminal


def is_interactive() -> bool:
    """True when both stdin and stdout are terminals (closed stdin counts as no)."""
    stdin, stdout = sys.stdin, sys.stdout
    return bool(stdin is not None and stdout is not None and _isatty(stdin) and _isatty(stdout))


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):  # closed or detached streams
        return False


def require_terminal(hint: str) -> None:
    """Raise NotATerminalError (exit 2) unless stdin and stdout are terminals."""
    if not is_interactive():
        raise NotATerminalError(hint)


#: Styles for questionary's own parts and for our header lines. Colour is
#: dropped by prompt_toolkit when NO_COLOR is set; bold and italics remain.
STYLE_RULES: list[tuple[str, str]] = [
    ("qmark", "fg:ansicyan bold"),
    ("question", "bold"),
    ("answer", "fg:ansigreen bold"),
    ("pointer", "fg:ansicyan bold"),
    ("highlighted", "fg:ansicyan bold"),
    ("selected", "fg:ansigreen"),
    ("separator", "fg:ansibrightblack"),
    ("instruction", "fg:ansibrightblack"),
    ("progress", "fg:ansicyan"),
    ("title", "bold"),
    ("text", ""),
    ("note", "italic fg:ansiyellow"),
]


class QuestionaryPrompter:
    """The terminal prompter: questionary with digit shortcuts and a working SIGINT.

    ``check_terminal`` refuses to start without a terminal (``hint`` is the
    message, which should name the non-interactive alternative). Tests that
    feed keys through a prompt_toolkit pipe input pass ``check_terminal=False``.
    """

    def __init__(self, *, check_terminal: bool = True, hint: str = "") -> None:
        if check_terminal:
            require_terminal(hint or "this command needs a terminal to ask questions")

    # The four prompt kinds -------------------------------------------------------

    def select(self, prompt: SelectPrompt) -> str:
        import questionary

        self._header(prompt.header)
        width = _columns()
        inline = all(len(_inline_title(o)) + 8 <= width for o in prompt.options if o.detail)
        if not inline:
            self._details(prompt.options, width, blank_first=not prompt.header)
        choices: list[Any] = [_choice(questionary, o, inline) for o in prompt.options]
        if prompt.extra:
            choices.append(questionary.Separator("   ─────"))
            choices.extend(_choice(questionary, o, inline) for o in prompt.extra)
        question = questionary.select(
            one_line(prompt.message),
            choices=choices,
            default=prompt.default if prompt.default in prompt.values() else None,
            use_shortcuts=True,
            use_jk_keys=False,
            use_arrow_keys=True,
            instruction=prompt.instruction,
            style=_style(),
        )
        return str(self._ask(question))

    def checkbox(self, prompt: CheckboxPrompt) -> list[str] | None:
        import questionary

        self._header(prompt.header)
        question = questionary.checkbox(
            one_line(prompt.message),
            choices=[
                questionary.Choice(
                    title=one_line(o.title), value=o.value, checked=o.value in prompt.checked
                )
                for o in prompt.options
            ],
            instruction=prompt.instruction,
            style=_style(),
        )
        answer = self._ask(question, back_key=prompt.back_key)
        if answer is _WENT_BACK:
            return None
        ticked = set(answer or [])
        return [o.value for o in prompt.options if o.value in ticked]

    def text(self, prompt: TextPrompt) -> str:
        import questionary

        def check(value: str) -> bool | str:
            return validate_text(prompt, value) or True

        question = questionary.text(
            one_line(prompt.message),
            default=prompt.default,
            validate=check,
            style=_style(),
        )
        return str(self._ask(question))

    def confirm(self, prompt: ConfirmPrompt) -> bool:
        import questionary

        question = questionary.confirm(
            one_line(prompt.message), default=prompt.default, style=_style()
        )
        return bool(self._ask(question))

    # Plumbing --------------------------------------------------------------------

    def _ask(self, question: Any, *, back_key: str | None = None) -> Any:
        from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

        # A real SIGINT (kill -INT, or Ctrl-C when the terminal sends a signal)
        # reaches prompt_toolkit as the <sigint> key; questionary binds only
        # the Ctrl-C key press, so without this the signal would be ignored.
        extra = KeyBindings()

        @extra.add("<sigint>")
        def _interrupt(event: Any) -> None:
            event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

        if back_key is not None:

            @extra.add(back_key)
            def _back(event: Any) -> None:
                # The question is left unanswered: take it off the screen, as
                # the one before it is about to be asked again below.
                event.app.erase_when_done = True
                event.app.exit(result=_WENT_BACK)

        app = question.application
        bindings = [b for b in (app.key_bindings, extra) if b is not None]
        app.key_bindings = merge_key_bindings(bindings)
        sys.stdout.flush()
        # From here the process waits for a person, maybe for long: collect
        # garbage again if start-up paused the collector.
        from skillcheck.startup import resume_collector

        resume_collector()
        return question.unsafe_ask()

    def _details(self, options: Sequence[Option], width: int, *, blank_first: bool) -> None:
        """Long details as a wrapped list: ``  3  Independent: what that means...``."""
        import textwrap

        from prompt_toolkit import print_formatted_text
        from prompt_toolkit.formatted_text import FormattedText

        fragments: StyleAndTextTuples = [("", "\n")] if blank_first else []
        for o in options:
            key = f"  {o.key or '-'}  "
            title = one_line(o.title)
            body = textwrap.fill(
                f"{title}: {one_line(o.detail)}" if o.detail else title,
                width=width - 1,
                initial_indent=key,
                subsequent_indent=" " * len(key),
                break_on_hyphens=False,
            )
            head, rest = body[: len(key) + len(title)], body[len(key) + len(title) :]
            fragments += [("class:title", head), ("class:text", rest), ("", "\n")]
        print_formatted_text(FormattedText(fragments[:-1]), style=_style())

    def _header(self, lines: Sequence[HeaderLine]) -> None:
        if not lines:
            return
        from prompt_toolkit import print_formatted_text
        from prompt_toolkit.formatted_text import FormattedText

        fragments: StyleAndTextTuples = [("", "\n")]
        for line in lines:
            fragments.append((f"class:{line.kind}", _header_text(line, _columns())))
            fragments.append(("", "\n"))
        print_formatted_text(FormattedText(fragments), style=_style())


#: What a prompt returns when its back key was pressed.
_WENT_BACK = object()


def _columns() -> int:
    from prompt_toolkit.application.current import get_app_session

    try:
        return max(20, get_app_session().output.get_size().columns)
    except Exception:  # pragma: no cover - an output that cannot tell
        return 80


def _inline_title(option: Option) -> str:
    return f"{option.title} — {option.detail}" if option.detail else option.title


def _header_text(line: HeaderLine, width: int) -> str:
    import textwrap

    if line.kind in ("text", "note"):
        # Paragraphs keep their breaks; long lines wrap at a word, not mid-word.
        return "\n".join(
            textwrap.fill(visible(part), width=width - 1, break_on_hyphens=False) or ""
            for part in line.text.strip().splitlines()
        )
    return one_line(line.text)


def _choice(questionary: Any, option: Option, inline: bool) -> Any:
    return questionary.Choice(
        title=one_line(_inline_title(option) if inline else option.title),
        value=option.value,
        shortcut_key=option.key if option.key else True,
    )


def _style() -> Any:
    from prompt_toolkit.styles import Style

    return Style(STYLE_RULES)


# --------------------------------------------------------------------------------------
# Answers from a script


Answer = str | int | list[str] | bool | BaseException


@dataclass
class ScriptedPrompter:
    """Answers prompts from ``answers``, in order, and records every prompt it was given.

    An answer is the option value for a select (an int is turned into its text,
    so ``3`` picks level 3), a list of values for a checkbox (or ``"back"``), a string for a
    text prompt, a bool for a confirm, or an exception instance to raise (e.g.
    ``KeyboardInterrupt()``). When the answers run out it raises ``EOFError``,
    like a terminal whose input ended. A select answer that is not one of the
    options raises ``AssertionError``, so a test script cannot silently drift
    from the questions.
    """

    answers: list[Answer]
    asked: list[Prompt] = field(default_factory=list)

    def __init__(self, answers: Iterable[Answer] = ()) -> None:
        self.answers = list(answers)
        self.asked = []

    def _next(self, prompt: Prompt) -> Answer:
        self.asked.append(prompt)
        if not self.answers:
            raise EOFError("the script has no more answers")
        answer = self.answers.pop(0)
        if isinstance(answer, BaseException):
            raise answer
        return answer

    def select(self, prompt: SelectPrompt) -> str:
        answer = self._next(prompt)
        value = str(answer) if isinstance(answer, int) and not isinstance(answer, bool) else answer
        assert isinstance(value, str), f"select {prompt.message!r} got {answer!r}"
        assert value in prompt.values(), f"{value!r} is not one of {prompt.values()}"
        return value

    def checkbox(self, prompt: CheckboxPrompt) -> list[str] | None:
        answer = self._next(prompt)
        if answer == "back":
            assert prompt.back_key is not None, f"checkbox {prompt.message!r} has no way back"
            return None
        assert isinstance(answer, list), f"checkbox {prompt.message!r} got {answer!r}"
        known = {o.value for o in prompt.options}
        assert set(answer) <= known, f"{answer} is not a subset of {sorted(known)}"
        return [o.value for o in prompt.options if o.value in answer]

    def text(self, prompt: TextPrompt) -> str:
        answer = self._next(prompt)
        assert isinstance(answer, str), f"text {prompt.message!r} got {answer!r}"
        problem = validate_text(prompt, answer)
        assert problem is None, problem
        return answer

    def confirm(self, prompt: ConfirmPrompt) -> bool:
        answer = self._next(prompt)
        assert isinstance(answer, bool), f"confirm {prompt.message!r} got {answer!r}"
        return answer

    @property
    def remaining(self) -> int:
        return len(self.answers)
