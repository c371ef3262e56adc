"""One sitting of a questionnaire: what ``skillcheck assess`` and ``skillcheck score`` share.

A session fills in one document, a self-assessment or an interview scorecard,
and keeps the promises both commands make:

* a new file never replaces a completed one: the default name is a free one,
  and an existing ``-o FILE`` is replaced only when confirmed (or ``--force``);
* the file is written atomically after every answer, under an exclusive lock;
* ``--resume FILE`` brings the file up to date with the rubric, says what
  changed, and continues at the first unanswered question;
* Ctrl-C and the end of input stop with every answer saved and print the
  command that continues; so do SIGTERM and SIGHUP (``kill``, a closed
  terminal), which also leave the terminal as it was and release the lock;
* ``--answers FILE`` fills the document from a file, asking nothing.

What differs between the two documents (the names asked first, the wording,
the questions after the skills, what is shown at the end) is a ``Kind``:
``ASSESS`` or ``SCORE``. The command line hands over a ``Request``.

pydantic, rich and the rubric are imported only when needed, so the first
question (a name) appears before they are loaded.
"""

from __future__ import annotations

import contextlib
import shlex
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from skillcheck.errors import Interrupted, SkillcheckError, UsageError

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from skillcheck.assessment import Document, Reconciliation, Scorecard
    from skillcheck.prompting import Prompter
    from skillcheck.questionnaire import AfterRating, Outcome, Wording
    from skillcheck.rubric import Rubric

#: The rubric of a new document when ``--rubric`` is left out.
DEFAULT_RUBRIC = "backend"

Stopped = Literal["quit", "interrupted", "end_of_input"] | None
Save = Callable[["Document"], None]


@dataclass(frozen=True)
class NameField:
    """A name the document needs before the first skill; asked when its option is left out."""

    field: str  # the document's field, e.g. "candidate"
    question: str


@dataclass(frozen=True)
class Request:
    """What the command line asked for (None: the option was left out)."""

    rubric: str | None = None
    role: str | None = None
    #: Name field -> the value given on the command line (see ``Kind.names``).
    names: Mapping[str, str | None] = field(default_factory=dict)
    only: tuple[str, ...] = ()
    output: Path | None = None
    resume: Path | None = None
    answers: Path | None = None
    force: bool = False

    def name(self, key: str) -> str:
        """The stripped name given for ``key``, or "" when none was."""
        return (self.names.get(key) or "").strip()


def _texts(doc: Document) -> dict[str, str]:
    """The texts typed into a document: skill id -> note, and "" -> the summary."""
    texts = {sid: r.note for sid, r in doc.ratings.items() if r.note}
    summary = getattr(doc, "summary", None)
    if summary:
        texts[""] = summary
    return texts


def _not_saved(
    rubric: Rubric,
    doc: Document,
    in_file: Mapping[str, str],
    pending: Sequence[tuple[str, str]],
) -> list[str]:
    """A line for each text typed that the file does not hold, to copy it from."""
    typed = _texts(doc)
    notes = {sid: note for sid, note in typed.items() if sid and in_file.get(sid) != note}
    notes.update(pending)
    order = {sid: i for i, sid in enumerate(rubric.skills)}
    lines = []
    for sid in sorted(notes, key=lambda sid: order.get(sid, len(order))):
        title = rubric.skills[sid].title if sid in rubric.skills else sid
        lines.append(f"Your note on {title} was not saved: {notes[sid]}")
    if "" in typed and in_file.get("") != typed[""]:
        lines.append(f"Your summary was not saved: {typed['']}")
    return lines


class _TextsLost(SkillcheckError):
    """An error that ended a run, with the texts typed that the file does not hold."""

    def __init__(self, error: SkillcheckError, lines: list[str]) -> None:
        super().__init__(error.message)
        self.exit_code = error.exit_code
        self._lines = [*error.details(), *lines]

    def details(self) -> list[str]:
        return self._lines


class Kind:
    """What differs between the documents a session fills in. See ``ASSESS`` and ``SCORE``."""

    command: str  # the skillcheck command, for the hints printed
    kind: str  # the document's ``kind`` field
    noun: str  # "assessment": file names and messages
    a_noun: str  # "a self-assessment"
    names: tuple[NameField, ...]
    #: Appended to "Saved to FILE" (e.g. who can read it).
    saved_note: str = ""

    @property
    def no_terminal(self) -> str:
        """The one-line error when there is no terminal to ask in."""
        return (
            f"skillcheck {self.command} asks its questions in a terminal, and stdin or stdout "
            "is not one; to answer from a file instead, use --answers FILE"
        )

    def wording(self) -> Wording:
        """What the questionnaire says."""
        raise NotImplementedError

    def after_rating(self) -> AfterRating | None:
        """A hook run after each rating (e.g. asking for evidence); None for none."""
        return None

    def new(
        self, rubric: Rubric, names: Mapping[str, str], role: str | None, only: list[str] | None
    ) -> Document:
        """An empty document; ``only`` limits it to some categories."""
        raise NotImplementedError

    def load(self, path: Path) -> Document:
        """A saved document of this kind (a one-line error for anything else)."""
        raise NotImplementedError

    def from_answers(
        self, path: Path, rubric: Rubric, request: Request, role: str | None
    ) -> Document:
        """The document an answers file describes (``role`` wins when ``request.role`` is set)."""
        raise NotImplementedError

    def headline(self, rubric: Rubric, doc: Document) -> str:
        """How a new document is introduced, before the rubric's title."""
        raise NotImplementedError

    def wants_closing(self, doc: Document, was_complete: bool) -> bool:
        """Whether to ask the questions after the skills (every skill is answered)."""
        return False

    def closing(self, rubric: Rubric, doc: Document, prompter: Prompter, save: Save) -> None:
        """Ask the questions after the skills, saving after each answer."""

    def missing(self, doc: Document) -> str | None:
        """What is still to give once every skill is answered (None: nothing)."""
        return None

    def show(self, rubric: Rubric, doc: Document, console: Console) -> None:
        """The summary at the end of a completed document."""
        raise NotImplementedError

    def next_step(self, path: Path) -> str:
        """The line after "Saved to FILE": what to run next."""
        raise NotImplementedError

    def describe(self, data: object) -> str:
        """What an existing file holds, for the "Replace it?" question."""
        if not isinstance(data, dict) or data.get("kind") != self.kind:
            return f"not {self.a_noun}"
        if data.get("status") == "complete":
            return f"a completed {self.noun}"
        return f"an unfinished {self.noun}; --resume continues it"


class _SelfAssessment(Kind):
    command = "assess"
    kind = "assessment"
    noun = "assessment"
    a_noun = "a self-assessment"
    names = (NameField("name", "Your name:"),)

    def wording(self) -> Wording:
        from skillcheck.questionnaire import SELF_ASSESSMENT

        return SELF_ASSESSMENT

    def new(
        self, rubric: Rubric, names: Mapping[str, str], role: str | None, only: list[str] | None
    ) -> Document:
        from skillcheck.assessment import new_assessment

        return new_assessment(rubric, names["name"], role, only)

    def load(self, path: Path) -> Document:
        from skillcheck.assessment import Assessment, load_document

        return load_document(path, Assessment)

    def from_answers(
        self, path: Path, rubric: Rubric, request: Request, role: str | None
    ) -> Document:
        from skillcheck.answers import apply_ratings, load_assessment_answers
        from skillcheck.assessment import new_assessment

        name = request.name("name")
        given = load_assessment_answers(path, rubric, name_required=not name)
        who = name or given.name
        assert who is not None  # load_assessment_answers requires it otherwise
        chosen = role if request.role is not None else given.role
        doc = new_assessment(rubric, who, chosen, list(request.only) or None)
        apply_ratings(doc, rubric, given.ratings)
        return doc

    def headline(self, rubric: Rubric, doc: Document) -> str:
        return "Self-assessment"

    def show(self, rubric: Rubric, doc: Document, console: Console) -> None:
        console.print()
        console.print(answers_table(rubric, doc, "Your answers"))

    def next_step(self, path: Path) -> str:
        return f"See your report: skillcheck report {shlex.quote(str(path))}"


class _Interview(Kind):
    command = "score"
    kind = "scorecard"
    noun = "scorecard"
    a_noun = "an interview scorecard"
    names = (
        NameField("candidate", "Candidate's name:"),
        NameField("interviewer", "Your name (the interviewer):"),
    )
    saved_note = " (readable only by you)"

    def wording(self) -> Wording:
        from skillcheck.questionnaire import INTERVIEW

        return INTERVIEW

    def after_rating(self) -> AfterRating | None:
        from skillcheck.questionnaire import evidence_nudge

        return evidence_nudge()

    def new(
        self, rubric: Rubric, names: Mapping[str, str], role: str | None, only: list[str] | None
    ) -> Document:
        from skillcheck.assessment import new_scorecard

        return new_scorecard(rubric, names["candidate"], names["interviewer"], role, only)

    def load(self, path: Path) -> Document:
        from skillcheck.assessment import Scorecard, load_document

        return load_document(path, Scorecard)

    def from_answers(
        self, path: Path, rubric: Rubric, request: Request, role: str | None
    ) -> Document:
        from skillcheck.answers import apply_ratings, load_scorecard_answers
        from skillcheck.assessment import new_scorecard

        candidate, interviewer = request.name("candidate"), request.name("interviewer")
        on_line = {k for k in ("candidate", "interviewer") if request.name(k)}
        if request.role is not None:
            on_line.add("role")
        given = load_scorecard_answers(path, rubric, given=on_line)
        who, by = candidate or given.candidate, interviewer or given.interviewer
        assert who is not None and by is not None  # required otherwise
        chosen = role if request.role is not None else given.role
        doc = new_scorecard(rubric, who, by, chosen, list(request.only) or None)
        apply_ratings(doc, rubric, given.ratings)
        doc.recommendation = given.recommendation
        doc.summary = given.summary
        return doc

    def headline(self, rubric: Rubric, doc: Document) -> str:
        from skillcheck.questionnaire import role_of
        from skillcheck.render.safe import one_line

        card = _card(doc)
        target = role_of(rubric, card)
        role = f" ({one_line(target.title)})" if target else ""
        return f"Scorecard for {one_line(card.candidate)} by {one_line(card.interviewer)}{role}"

    def wants_closing(self, doc: Document, was_complete: bool) -> bool:
        card = _card(doc)
        return not was_complete or card.recommendation is None or card.summary is None

    def closing(self, rubric: Rubric, doc: Document, prompter: Prompter, save: Save) -> None:
        from skillcheck.assessment import in_scope, utcnow
        from skillcheck.questionnaire import ask_recommendation, ask_summary

        card = _card(doc)
        scope = in_scope(rubric, card)
        rated = sum(card.ratings[s].level is not None for s in scope if s in card.ratings)
        unrated = len(scope) - rated
        context = [f"You rated {rated} of {len(scope)} skills ({unrated} not assessed)."]
        choice = ask_recommendation(prompter, card.candidate, card.recommendation, context)
        if choice != card.recommendation:
            card.recommendation = choice
            card.updated = utcnow()
            save(card)
        summary = ask_summary(prompter, card.summary)
        if summary != card.summary:
            card.summary = summary
            card.updated = utcnow()
            save(card)

    def missing(self, doc: Document) -> str | None:
        return "no recommendation yet" if _card(doc).recommendation is None else None

    def show(self, rubric: Rubric, doc: Document, console: Console) -> None:
        from skillcheck.questionnaire import RECOMMENDATION_TITLES
        from skillcheck.render.safe import one_line, visible

        card = _card(doc)
        console.print()
        console.print(answers_table(rubric, card, f"{one_line(card.candidate)}: ratings"))
        if card.recommendation is not None:
            console.print(
                f"\nRecommendation: {RECOMMENDATION_TITLES[card.recommendation]}",
                markup=False,
                style="bold",
            )
        if card.summary:
            console.print(f"Summary: {visible(card.summary)}", markup=False)

    def next_step(self, path: Path) -> str:
        folder = shlex.quote(str(path.parent))
        return f"Build the panel once every interviewer has scored: skillcheck panel {folder}"


def _card(doc: Document) -> Scorecard:
    from skillcheck.assessment import Scorecard

    assert isinstance(doc, Scorecard)
    return doc


#: A developer rating themselves (``skillcheck assess``).
ASSESS: Kind = _SelfAssessment()
#: An interviewer scoring a candidate (``skillcheck score``).
SCORE: Kind = _Interview()


def run(
    kind: Kind,
    request: Request,
    *,
    prompter: Prompter | None,
    console: Callable[[], Console],
) -> None:
    """Fill in one document as ``request`` says: from an answers file, resumed, or new.

    ``prompter`` None means the terminal (refused at once when there is none).
    ``console`` makes the rich Console for everything printed between questions.
    Failures, Ctrl-C and the end of input are raised as SkillcheckError
    subclasses whose message says how to continue.
    """
    if request.answers is not None and request.resume is not None:
        raise UsageError("--answers and --resume cannot be combined")
    if request.resume is not None and request.output is not None:
        raise UsageError("--resume saves back into FILE; leave out -o/--output")
    if request.answers is not None:
        _Session(kind, request, None, console).from_answers(request.answers)
        return
    if prompter is None:
        from skillcheck.prompting import QuestionaryPrompter

        prompter = QuestionaryPrompter(hint=kind.no_terminal)  # refuses before anything is asked
    session = _Session(kind, request, prompter, console)
    with session.stopped_by_signals():
        if request.resume is not None:
            session.resume(request.resume)
        else:
            session.start()


def check_options(rubric: Rubric, role: str | None, only: Sequence[str]) -> str | None:
    """Validate ``--role`` and ``--only`` against the rubric; return the role (None for 'none')."""
    from skillcheck.questionnaire import check_role, check_scope

    problems = check_scope(rubric, only)
    if role is not None and role.lower() != "none" and (why := check_role(rubric, role)):
        problems.append(why)
    if problems:
        raise UsageError("; ".join(problems))
    return None if role is None or role.lower() == "none" else role


class _Session:
    def __init__(
        self,
        kind: Kind,
        request: Request,
        prompter: Prompter | None,
        console: Callable[[], Console],
    ) -> None:
        self.kind = kind
        self.request = request
        self._prompter = prompter
        self._make_console = console
        self._console: Console | None = None
        #: The SIGTERM or SIGHUP that stopped the run, if one did.
        self._signal: int | None = None

    @property
    def prompter(self) -> Prompter:
        assert self._prompter is not None
        return self._prompter

    @property
    def console(self) -> Console:
        if self._console is None:
            self._console = self._make_console()
        return self._console

    def say(self, text: str) -> None:
        self.console.print(text, markup=False, soft_wrap=True)

    @contextlib.contextmanager
    def stopped_by_signals(self) -> Iterator[None]:
        """While questions are asked, SIGTERM and SIGHUP stop the run as Ctrl-C does.

        The signal is raised as KeyboardInterrupt where the program is: at a
        question, the prompt puts the terminal back as it was (dying at once
        would leave it in raw mode); the answers are saved as after Ctrl-C;
        the lock is released; and the message says how to continue (exit
        128 + N for the first signal, as a process killed by it). A second
        signal is raised again, so nothing can make the process deaf to them.
        A signal someone chose to ignore (``nohup``) stays ignored.
        """
        import logging

        from skillcheck.files import stop_signals_call

        asyncio_log = logging.getLogger("asyncio")
        quiet = asyncio_log.disabled

        def stop(signum: int, frame: object) -> None:
            if self._signal is None:
                self._signal = signum
            # A closed terminal (SIGHUP) makes the prompt's own clean-up
            # fail, which asyncio would log with a traceback on stderr.
            asyncio_log.disabled = True
            raise KeyboardInterrupt

        try:
            with stop_signals_call(stop):
                yield
        except KeyboardInterrupt:
            if self._signal is None:
                raise
            # Stopped between questions (while printing, say).
            raise self._interrupted("") from None
        finally:
            asyncio_log.disabled = quiet

    def _interrupted(self, rest: str) -> Interrupted:
        """The error for Ctrl-C, or for the signal that stopped the run."""
        if self._signal is None:
            return Interrupted(f"interrupted{rest}")
        import signal

        name = signal.Signals(self._signal).name
        return Interrupted(f"stopped by {name}{rest}", self._signal)

    # The three ways in ------------------------------------------------------------

    def start(self) -> None:
        """A new document: names, rubric, role, then the skills."""
        from skillcheck.prompting import ask_name

        req, kind = self.request, self.kind
        rubric: Rubric | None = None
        role: str | None = None
        if req.role is not None or req.only:
            # Check the options before asking anything.
            rubric = _load(req.rubric or DEFAULT_RUBRIC)
            role = check_options(rubric, req.role, req.only)
        try:
            # Names come first: they need no rubric, so the first question
            # appears before pydantic and the rubric are loaded.
            names = {
                f.field: req.name(f.field) or ask_name(self.prompter, f.question)
                for f in kind.names
            }
            if rubric is None:
                rubric = _load(req.rubric or DEFAULT_RUBRIC)
            if req.role is None:
                from skillcheck.questionnaire import ask_role

                role = ask_role(rubric, self.prompter, kind.wording())
        except KeyboardInterrupt:
            raise self._interrupted(" before the first answer; nothing was saved") from None
        except EOFError:
            raise SkillcheckError(
                "input ended before the first answer; nothing was saved"
            ) from None
        from skillcheck.assessment import default_filename, free_path
        from skillcheck.files import exclusive

        path = req.output or free_path(Path(default_filename(kind.noun, *names.values())))
        with exclusive(path):
            if req.output is not None and req.output.exists() and not req.force:
                self._confirm_replace(req.output)
            doc = kind.new(rubric, names, role, list(req.only) or None)
            self._intro(rubric, doc, path, resumed=False)
            self._run(rubric, doc, path)

    def resume(self, path: Path) -> None:
        """Continue a saved document at its first unanswered question."""
        from skillcheck.assessment import reconcile
        from skillcheck.files import exclusive

        req = self.request
        with exclusive(path):
            doc = self.kind.load(path)
            try:
                rubric = _load(req.rubric or doc.rubric.id)
            except SkillcheckError as exc:
                if req.rubric:
                    raise
                raise SkillcheckError(
                    f"{exc.message} (the file was made with rubric {doc.rubric.id!r}: "
                    "pass it with --rubric ID_OR_PATH)"
                ) from None
            changes = reconcile(doc, rubric)
            if req.role is not None:
                doc.role = check_options(rubric, req.role, [])
            if req.only:
                # This run only: the file keeps its own scope.
                check_options(rubric, None, req.only)
            for name in self.kind.names:
                if req.name(name.field):
                    setattr(doc, name.field, req.name(name.field))
            self._intro(rubric, doc, path, resumed=True)
            self._say_changes(changes)
            self._run(rubric, doc, path, list(req.only) or None)

    def from_answers(self, answers: Path) -> None:
        """The whole document from an answers file; nothing is asked."""
        from skillcheck.assessment import default_filename, in_scope, save_document
        from skillcheck.files import exclusive
        from skillcheck.render.safe import visible

        req, kind = self.request, self.kind
        rubric = _load(req.rubric or DEFAULT_RUBRIC)
        role = check_options(rubric, req.role, req.only)
        doc = kind.from_answers(answers, rubric, req, role)
        names = [str(getattr(doc, f.field)) for f in kind.names]
        path = req.output or Path(default_filename(kind.noun, *names))
        with exclusive(path):
            if path.exists() and not req.force:
                raise SkillcheckError(
                    f"{path} already exists; use --force to replace it, "
                    "or -o to choose another file"
                )
            save_document(doc, path)
        if doc.status == "complete":
            self._done(rubric, doc, path)
            return
        scope = in_scope(rubric, doc)
        done = sum(s in doc.ratings for s in scope)
        self.say(
            f"Saved {visible(str(path))}{kind.saved_note}: {done} of {len(scope)} skills "
            f"answered.\nAnswer the rest with: {self._again(path, doc)}"
        )

    # Asking and saving ------------------------------------------------------------

    def _run(
        self, rubric: Rubric, doc: Document, path: Path, only: list[str] | None = None
    ) -> None:
        from skillcheck.assessment import in_scope, save_document
        from skillcheck.questionnaire import SaveFailed, run_questionnaire

        in_file = _texts(doc)  # the texts typed that the file holds

        def save(d: Document) -> None:
            nonlocal in_file
            save_document(d, path)
            in_file = _texts(d)

        scope = in_scope(rubric, doc)
        was_complete = all(s in doc.ratings for s in scope)
        try:
            save(doc)  # the file exists from the start: --resume works even before an answer
        except KeyboardInterrupt:
            # Stopped as the file was first written, which is atomic: it is
            # there as it was (or now is), or not at all.
            if not path.exists():
                raise self._interrupted(" before the first answer; nothing was saved") from None
            answered = sum(s in doc.ratings for s in scope)
            raise self._interrupted(
                f"; {self._progress(path, answered, len(scope))}; "
                f"continue with: {self._again(path, doc)}"
            ) from None
        try:
            outcome = run_questionnaire(
                rubric,
                doc,
                self.prompter,
                save,
                wording=self.kind.wording(),
                after_rating=self.kind.after_rating(),
                only=only,
            )
            stopped: Stopped = outcome.stopped
            if stopped is None and outcome.complete and self.kind.wants_closing(doc, was_complete):
                try:
                    self.kind.closing(rubric, doc, self.prompter, save)
                except KeyboardInterrupt:
                    stopped = "interrupted"
                    save(doc)  # the save of the last answer may itself have been cut short
                except EOFError:
                    stopped = "end_of_input"
        except SkillcheckError as exc:  # a save failed: show what was typed and not saved
            pending = exc.pending_notes if isinstance(exc, SaveFailed) else ()
            lost = _not_saved(rubric, doc, in_file, pending)
            if not lost:
                raise
            raise _TextsLost(exc, lost) from None
        self._finish(outcome, stopped, rubric, doc, path)

    def _finish(
        self, outcome: Outcome, stopped: Stopped, rubric: Rubric, doc: Document, path: Path
    ) -> None:
        from skillcheck.render.safe import visible

        try:
            for skill_id, note in outcome.unsaved_notes:
                # Shown so that it can be copied: the file has no place for it yet.
                title = rubric.skills[skill_id].title if skill_id in rubric.skills else skill_id
                self.say(
                    f"Your note on {visible(title)} was not saved (notes are saved with a "
                    f"rating): {visible(note)}"
                )
        except OSError:
            if stopped is None:
                raise
            # The terminal is gone (its window was closed): the error below
            # still ends the run with the right exit code.
        again = self._again(path, doc)
        counts = f"{outcome.answered} of {outcome.total} answers"
        progress = self._progress(path, outcome.answered, outcome.total)
        missing = self.kind.missing(doc) if outcome.complete else None
        if missing:
            progress += f" ({missing})"
        if stopped == "interrupted":
            raise self._interrupted(f"; {progress}; continue with: {again}")
        if stopped == "end_of_input":
            raise SkillcheckError(f"input ended; {progress}; continue with: {again}")
        if not outcome.complete:
            self.say(f"\nSaved {counts} in {visible(str(path))}.")
            self.say(f"Continue with: {again}")
            return
        self._done(rubric, doc, path)

    def _done(self, rubric: Rubric, doc: Document, path: Path) -> None:
        from skillcheck.render.safe import visible

        self.kind.show(rubric, doc, self.console)
        self.say(f"\nSaved to {visible(str(path))}{self.kind.saved_note}")
        self.say(self.kind.next_step(path))

    @staticmethod
    def _progress(path: Path, answered: int, total: int) -> str:
        from skillcheck.render.safe import visible

        return f"{answered} of {total} answers saved in {visible(str(path))}"

    def _again(self, path: Path, doc: Document) -> str:
        """The command that continues ``path``."""
        ref = self.request.rubric
        rubric_arg = f" --rubric {shlex.quote(ref)}" if ref and ref != doc.rubric.id else ""
        return f"skillcheck {self.kind.command} --resume {shlex.quote(str(path))}{rubric_arg}"

    def _confirm_replace(self, output: Path) -> None:
        from skillcheck.files import parse_json, read_text
        from skillcheck.prompting import ConfirmPrompt

        try:
            data = parse_json(read_text(output), str(output))
        except SkillcheckError:
            data = None
        question = ConfirmPrompt(
            f"{output} already exists ({self.kind.describe(data)}). Replace it?"
        )
        try:
            replace = self.prompter.confirm(question)
        except KeyboardInterrupt:
            raise self._interrupted(f"; {output} was kept as it was") from None
        except EOFError:
            replace = False
        if not replace:
            raise SkillcheckError(
                f"kept {output} as it was; choose another file with -o, "
                f"or continue it with --resume {shlex.quote(str(output))}"
            )

    # What is printed between questions --------------------------------------------

    def _intro(self, rubric: Rubric, doc: Document, path: Path, *, resumed: bool) -> None:
        from skillcheck.assessment import in_scope
        from skillcheck.render.safe import one_line, visible

        scope = in_scope(rubric, doc)
        done = sum(s in doc.ratings for s in scope)
        title = f"{one_line(rubric.title)} (rubric {rubric.id} {one_line(rubric.version)})"
        if resumed:
            head = f"Resuming {visible(str(path))}: {done} of {len(scope)} skills answered. {title}"
        else:
            cats = sum(
                1 for c in rubric.categories if doc.categories is None or c.id in doc.categories
            )
            head = (
                f"{self.kind.headline(rubric, doc)}: {title}, {_count(len(scope), 'skill')} in "
                f"{_count(cats, 'category', 'categories')}.\nSaved to {visible(str(path))}"
                f"{self.kind.saved_note} after every answer; Ctrl-C stops and keeps them."
            )
        self.console.print(head, markup=False, style="bold")

    def _say_changes(self, changes: Reconciliation) -> None:
        if changes.changed:
            self.say(
                f"The rubric changed since this file was started (version "
                f"{changes.old_version} -> {changes.new_version}); your answers to the skills "
                "it still has are kept."
            )
        if changes.gone:
            self.say(
                "Answers for skills no longer in the rubric stay in the file but are not used: "
                f"{', '.join(changes.gone)}"
            )
        if changes.gone_role:
            self.say(
                f"The role {changes.gone_role!r} is no longer in the rubric; "
                "choose one with --role."
            )
        if changes.gone_categories:
            self.say(f"Categories no longer in the rubric: {', '.join(changes.gone_categories)}")


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def _load(ref: str) -> Rubric:
    from skillcheck.rubric import load_rubric

    return load_rubric(ref)


def answers_table(rubric: Rubric, doc: Document, title: str) -> Table:
    """A rich Table: per category in scope, how many skills are answered and their levels."""
    from rich.table import Table
    from rich.text import Text

    from skillcheck.questionnaire import summarize
    from skillcheck.render.safe import one_line

    table = Table(
        title=Text(one_line(title)), title_justify="left", show_edge=False, pad_edge=False
    )
    table.add_column("Category")
    table.add_column("Answered", justify="right")
    table.add_column("Levels")
    for cat in summarize(rubric, doc):
        parts = [
            f"{one_line(s.title)} {s.level if s.level is not None else 'n/a'}"
            for s in cat.skills
            if s.answered
        ]
        table.add_row(
            Text(one_line(cat.title)),
            f"{cat.answered}/{len(cat.skills)}",
            Text(", ".join(parts) or "-"),
        )
    return table
