"""The questionnaire: rubric -> ordered questions -> answers in a document. Pure.

``build_steps`` turns a rubric (limited to some categories) into an ordered list
of question specs: one ``RateStep`` per skill, preceded in an "at least one of
these" category (``scoring: best``) by an ``ApplyStep`` asking which of its
skills apply. ``run_questionnaire`` walks those steps with any ``Prompter``,
records each answer in the document (an ``Assessment`` or a ``Scorecard``) and
calls ``save(doc)`` after every answer, so the caller can write it to disk.

The text of the questions is a parameter (``Wording``): a self-assessment asks
"How would you rate yourself?", an interviewer's scorecard asks what the
candidate demonstrated. Nothing here imports a UI library or touches a file.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from skillcheck.assessment import Document, Rating, utcnow
from skillcheck.errors import SkillcheckError
from skillcheck.limits import RECOMMENDATIONS, Recommendation
from skillcheck.prompting import (
    CheckboxPrompt,
    HeaderLine,
    Option,
    Prompter,
    SelectPrompt,
    TextPrompt,
    ask_name,
)
from skillcheck.rubric.model import Role, Rubric

#: Option values of the actions offered beside the levels.
NOT_ASSESSED = "n/a"
BACK = "back"
NOTE = "note"
QUIT = "quit"
#: The value of "no role" in the role question (cannot be a role id).
NO_ROLE = "<none>"


@dataclass(frozen=True)
class Wording:
    """Everything the questionnaire says, so each command can speak its own way."""

    rate: str = "How would you rate yourself?"
    not_assessed: str = "Not applicable / don't know"
    back: str = "Back to the previous question"
    add_note: str = "Add a note to this skill"
    edit_note: str = "Edit the note on this skill"
    quit: str = "Save and quit (continue later with --resume)"
    note_prompt: str = "Note on {skill} (empty to remove):"
    applies: str = "Which of these do you use?"
    #: ``{back}`` is where ", b: back" goes when there is a question to go back to.
    applies_instruction: str = "(Space ticks, Enter confirms{back}; the rest are n/a)"
    rate_instruction: str = "(Press a digit or use the arrows, then Enter)"
    role_prompt: str = "Which role do you want to compare yourself with?"
    no_role: str = "None: no target role"
    #: Letters for the actions (levels use their digit).
    keys: tuple[str, str, str, str] = ("n", "b", "a", "q")


#: The wording of a self-assessment.
SELF_ASSESSMENT = Wording()

#: The wording of an interviewer's scorecard.
INTERVIEW = Wording(
    rate="What did the candidate demonstrate?",
    not_assessed="Not assessed in this interview",
    add_note="Add an evidence note",
    edit_note="Edit the evidence note",
    note_prompt="Evidence for {skill}: what did the candidate say or do? (empty to remove)",
    applies="Which of these did this interview cover?",
    applies_instruction="(Space ticks, Enter confirms{back}; the rest are not assessed)",
    role_prompt="Which role is the candidate interviewing for?",
)

#: A rating this many levels (or more) from the role's target asks for evidence.
EVIDENCE_DISTANCE = 2
EVIDENCE_PROMPT = "{skill}: rated {level}, the role expects {target}. Evidence? (Enter to skip)"


@dataclass(frozen=True)
class LevelOption:
    """One level as offered for one skill: the scale's label and the skill's own descriptor."""

    level: int
    label: str
    descriptor: str

    @property
    def detail(self) -> str:
        """The descriptor, or "" when it only repeats the label."""
        same = not self.descriptor or self.descriptor.strip() == self.label.strip()
        return "" if same else self.descriptor


@dataclass(frozen=True)
class RateStep:
    """Rate one skill."""

    skill_id: str
    title: str
    description: str
    category_id: str
    category_title: str
    category_number: int  # 1-based among the categories in scope
    category_count: int
    levels: tuple[LevelOption, ...]
    #: The level the document's role expects (None: no role, or not required).
    target: int | None = None
    kind: Literal["rate"] = "rate"


@dataclass(frozen=True)
class ApplyStep:
    """In an "at least one of these" category: which of its skills apply."""

    category_id: str
    category_title: str
    description: str
    category_number: int
    category_count: int
    skills: tuple[tuple[str, str], ...]  # (id, title)
    kind: Literal["apply"] = "apply"

    @property
    def skill_ids(self) -> tuple[str, ...]:
        return tuple(s for s, _ in self.skills)


Step = RateStep | ApplyStep

#: Called after each rating with (step, level, note); returns a message asking
#: for a note (e.g. evidence for a rating far from the target) or None.
AfterRating = Callable[[RateStep, int | None, str | None], str | None]


def check_scope(rubric: Rubric, categories: Sequence[str] | None) -> list[str]:
    """Problems with a list of category ids (``--only``): unknown ids, with the closest one."""
    known = [c.id for c in rubric.categories]
    out = []
    for cid in categories or ():
        if cid not in known:
            close = difflib.get_close_matches(cid, known, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"categories: {', '.join(known)}"
            out.append(f"no category {cid!r} in rubric {rubric.id!r}; {hint}")
    return out


def build_steps(
    rubric: Rubric, categories: Sequence[str] | None = None, role: Role | None = None
) -> list[Step]:
    """The questions for ``rubric``, in rubric order, limited to ``categories`` if given."""
    chosen = [c for c in rubric.categories if categories is None or c.id in categories]
    steps: list[Step] = []
    for number, cat in enumerate(chosen, start=1):
        if cat.scoring == "best" and len(cat.skills) > 1:
            steps.append(
                ApplyStep(
                    category_id=cat.id,
                    category_title=cat.title,
                    description=cat.description,
                    category_number=number,
                    category_count=len(chosen),
                    skills=tuple((s.id, s.title) for s in cat.skills),
                )
            )
        for skill in cat.skills:
            levels = tuple(
                LevelOption(lv, rubric.label(lv), rubric.descriptor(skill.id, lv))
                for lv in rubric.levels
            )
            target = rubric.target(role, skill.id)
            if target is None and cat.scoring == "best":
                target = rubric.category_target(role, cat.id)
            steps.append(
                RateStep(
                    skill_id=skill.id,
                    title=skill.title,
                    description=skill.description,
                    category_id=cat.id,
                    category_title=cat.title,
                    category_number=number,
                    category_count=len(chosen),
                    levels=levels,
                    target=target,
                )
            )
    return steps


def role_of(rubric: Rubric, doc: Document) -> Role | None:
    """The document's role in this rubric (None when it has none or the rubric dropped it)."""
    if doc.role is None:
        return None
    try:
        return rubric.role(doc.role)
    except KeyError:
        return None


@dataclass(frozen=True)
class Outcome:
    """How a run ended. ``stopped`` is None when every question of the run was answered."""

    stopped: Literal["quit", "interrupted", "end_of_input"] | None
    answered: int  # skills in the document's scope with an answer
    total: int  # skills in the document's scope (those ruled out by an ApplyStep included)
    #: Every question in the document's scope is answered (its status is "complete").
    complete: bool
    #: (skill id, note) for notes typed for a skill that was not rated before the
    #: run stopped: a note is saved with its rating, so these are not in the file.
    unsaved_notes: tuple[tuple[str, str], ...] = ()


class SaveFailed(SkillcheckError):
    """A save failed during a run (the disk is full, say): ``error``, with the
    notes typed for skills not rated yet, which no file holds (``pending_notes``:
    skill id, note)."""

    def __init__(self, error: SkillcheckError, pending_notes: tuple[tuple[str, str], ...]) -> None:
        super().__init__(error.message)
        self.exit_code = error.exit_code
        self.error = error
        self.pending_notes = pending_notes

    def details(self) -> list[str]:
        return self.error.details()


@dataclass
class _Walk:
    """The state of one run: which steps are active and answered, where we are."""

    rubric: Rubric
    doc: Document
    steps: list[Step]
    pending_notes: dict[str, str] = field(default_factory=dict)

    def active(self, i: int) -> bool:
        step = self.steps[i]
        if isinstance(step, ApplyStep):
            return True
        chosen = self.doc.applies.get(step.category_id)
        if chosen is None or not self._has_apply(step.category_id):
            return True
        return step.skill_id in chosen

    def _has_apply(self, category_id: str) -> bool:
        return any(isinstance(s, ApplyStep) and s.category_id == category_id for s in self.steps)

    def answered(self, i: int) -> bool:
        step = self.steps[i]
        if isinstance(step, RateStep):
            return step.skill_id in self.doc.ratings
        chosen = self.doc.applies.get(step.category_id)
        if chosen is None:
            return False
        # A skill added to the rubric since then was never offered: ask again.
        return all(s in chosen or s in self.doc.ratings for s in step.skill_ids)

    def next_unanswered(self, after: int) -> int | None:
        order: list[int] = [*range(after + 1, len(self.steps)), *range(after + 1)]
        for i in order:
            if self.active(i) and not self.answered(i):
                return i
        return None

    def next_active(self, after: int) -> int | None:
        return next((i for i in range(after + 1, len(self.steps)) if self.active(i)), None)

    def previous_active(self, before: int) -> int | None:
        return next((i for i in range(before - 1, -1, -1) if self.active(i)), None)

    def rate_positions(self, i: int) -> tuple[int, int]:
        """(K, total): this skill's 1-based number among the active skill questions."""
        active = [
            j for j in range(len(self.steps)) if self.steps[j].kind == "rate" and self.active(j)
        ]
        number = active.index(i) + 1 if i in active else len(active)
        return number, len(active)

    def unsaved_notes(self) -> tuple[tuple[str, str], ...]:
        """(skill id, note) for the notes typed for skills not rated yet."""
        return tuple(
            (sid, note)
            for sid, note in self.pending_notes.items()
            if note and sid not in self.doc.ratings
        )

    def counts(self) -> tuple[int, int]:
        rate = [s for s in self.steps if isinstance(s, RateStep)]
        return sum(s.skill_id in self.doc.ratings for s in rate), len(rate)


def run_questionnaire(
    rubric: Rubric,
    doc: Document,
    prompter: Prompter,
    save: Callable[[Document], None],
    *,
    wording: Wording = SELF_ASSESSMENT,
    after_rating: AfterRating | None = None,
    only: Sequence[str] | None = None,
    now: Callable[[], datetime] = utcnow,
) -> Outcome:
    """Ask every unanswered question in ``doc.categories`` (all when None), saving after each.

    Starts at the first unanswered question (so a resumed document continues
    where it stopped); "back" goes to the previous question, and every
    question shows the earlier answer as its default. ``only`` limits this run
    to some of the document's categories without changing its scope. When the
    whole scope is answered the document's status becomes "complete". Ctrl-C
    (KeyboardInterrupt) and the end of input (EOFError) stop the run and are
    reported in the Outcome; every answer given before them is already saved.
    """
    role = role_of(rubric, doc)
    whole = _Walk(rubric, doc, build_steps(rubric, doc.categories, role))
    if only is None:
        walk = whole
    else:
        scope = [c for c in only if doc.categories is None or c in doc.categories]
        walk = _Walk(rubric, doc, build_steps(rubric, scope, role))
    walk.pending_notes = whole.pending_notes
    stopped: Literal["quit", "interrupted", "end_of_input"] | None = None
    try:
        stopped = _walk(walk, prompter, save, wording, after_rating, now)
    except KeyboardInterrupt:
        stopped = "interrupted"
    except EOFError:
        stopped = "end_of_input"
    except SkillcheckError as exc:  # a save failed
        raise SaveFailed(exc, whole.unsaved_notes()) from exc
    complete = whole.next_unanswered(-1) is None
    if complete and doc.status != "complete":
        doc.status = "complete"
        doc.updated = now()
        save(doc)
    elif not complete and doc.status == "complete":
        doc.status = "in_progress"
        save(doc)
    elif stopped is not None and stopped != "quit":
        # The last save may itself have been cut short; write what we hold.
        save(doc)
    answered, total = whole.counts()
    return Outcome(stopped, answered, total, complete, whole.unsaved_notes())


def _walk(
    walk: _Walk,
    prompter: Prompter,
    save: Callable[[Document], None],
    wording: Wording,
    after_rating: AfterRating | None,
    now: Callable[[], datetime],
) -> Literal["quit"] | None:
    doc = walk.doc
    i = walk.next_unanswered(-1)
    # The furthest question reached: after going back, "next" walks forward
    # through the answered questions up to here, then jumps to unanswered ones.
    furthest = i if i is not None else -1
    while i is not None:
        step = walk.steps[i]
        if isinstance(step, ApplyStep):
            if not _ask_apply(walk, i, step, prompter, wording, now):
                previous = walk.previous_active(i)
                i = i if previous is None else previous
                continue
            save(doc)
        else:
            action = _ask_rating(walk, i, step, prompter, wording)
            if action == QUIT:
                save(doc)
                return "quit"
            if action == BACK:
                previous = walk.previous_active(i)
                i = i if previous is None else previous
                continue
            if action == NOTE:
                _edit_note(walk, step, prompter, wording, now, save)
                continue
            level = None if action == NOT_ASSESSED else int(action)
            note = _current_note(walk, step.skill_id)
            doc.rate(step.skill_id, level, note, now())
            walk.pending_notes.pop(step.skill_id, None)
            save(doc)
            if after_rating is not None:
                message = after_rating(step, level, note)
                if message:
                    extra = prompter.text(TextPrompt(message, default=note or ""))
                    if extra.strip() != (note or ""):
                        doc.annotate(step.skill_id, extra.strip() or None, now())
                        save(doc)
        furthest = max(furthest, i)
        following = walk.next_active(i)
        if following is not None and following <= furthest and walk.answered(following):
            i = following
        else:
            i = walk.next_unanswered(i)
    return None


def _ask_apply(
    walk: _Walk,
    i: int,
    step: ApplyStep,
    prompter: Prompter,
    wording: Wording,
    now: Callable[[], datetime],
) -> bool:
    """Ask which skills of a "best" category apply; False if the person went back."""
    doc = walk.doc
    before = doc.applies.get(step.category_id)
    if before is not None:
        checked = frozenset(before)
    else:
        # Never asked: tick the skills already rated with a level (answers files, old runs).
        checked = frozenset(
            s for s in step.skill_ids if s in doc.ratings and doc.ratings[s].level is not None
        )
    header = (
        HeaderLine("progress", f"Category {step.category_number} of {step.category_count}"),
        HeaderLine("title", step.category_title),
        *((HeaderLine("text", step.description),) if step.description else ()),
    )
    back_key = wording.keys[1] if walk.previous_active(i) is not None else None
    back = f", {back_key}: back" if back_key else ""
    chosen = prompter.checkbox(
        CheckboxPrompt(
            wording.applies,
            tuple(Option(sid, title) for sid, title in step.skills),
            checked=checked,
            header=header,
            instruction=wording.applies_instruction.format(back=back),
            back_key=back_key,
        )
    )
    if chosen is None:
        return False
    when = now()
    for sid in step.skill_ids:
        old = doc.ratings.get(sid)
        if sid not in chosen:
            # Ruled out: n/a, keeping any note (one typed but not yet saved too).
            doc.rate(sid, None, _current_note(walk, sid), when)
            walk.pending_notes.pop(sid, None)
        elif old is not None and old.level is None and sid not in (before or ()):
            # Ruled out before (or never chosen), chosen now: ask for a level
            # rather than keep the n/a.
            doc.forget(sid, when)
    doc.applies[step.category_id] = list(chosen)
    doc.updated = when
    return True


def _current_note(walk: _Walk, skill_id: str) -> str | None:
    if skill_id in walk.pending_notes:
        return walk.pending_notes[skill_id] or None
    old = walk.doc.ratings.get(skill_id)
    return old.note if old else None


def _ask_rating(walk: _Walk, i: int, step: RateStep, prompter: Prompter, wording: Wording) -> str:
    existing: Rating | None = walk.doc.ratings.get(step.skill_id)
    note = _current_note(walk, step.skill_id)
    number, total = walk.rate_positions(i)
    header = [
        HeaderLine(
            "progress",
            f"{step.category_title}  ·  category {step.category_number} of "
            f"{step.category_count}  ·  skill {number} of {total}",
        ),
        HeaderLine("title", step.title),
    ]
    if step.description:
        header.append(HeaderLine("text", step.description))
    if note:
        header.append(HeaderLine("note", f"Note: {note}"))
    # A level's digit is its key; on a scale past 9 the rest get the next free keys.
    options = tuple(
        Option(str(lv.level), lv.label, str(lv.level) if 0 <= lv.level <= 9 else None, lv.detail)
        for lv in step.levels
    )
    na_key, back_key, note_key, quit_key = wording.keys
    extra = [Option(NOT_ASSESSED, wording.not_assessed, na_key)]
    if walk.previous_active(i) is not None:
        extra.append(Option(BACK, wording.back, back_key))
    extra.append(Option(NOTE, wording.edit_note if note else wording.add_note, note_key))
    extra.append(Option(QUIT, wording.quit, quit_key))
    default: str | None = None
    if existing is not None:
        default = NOT_ASSESSED if existing.level is None else str(existing.level)
        if default not in [o.value for o in options] and default != NOT_ASSESSED:
            default = None  # a level the scale no longer has
    return prompter.select(
        SelectPrompt(
            wording.rate,
            options,
            extra=tuple(extra),
            default=default,
            header=tuple(header),
            instruction=wording.rate_instruction,
        )
    )


def _edit_note(
    walk: _Walk,
    step: RateStep,
    prompter: Prompter,
    wording: Wording,
    now: Callable[[], datetime],
    save: Callable[[Document], None],
) -> None:
    current = _current_note(walk, step.skill_id) or ""
    text = prompter.text(
        TextPrompt(wording.note_prompt.format(skill=step.title), default=current)
    ).strip()
    if step.skill_id in walk.doc.ratings:
        walk.doc.annotate(step.skill_id, text or None, now())
        save(walk.doc)
    else:
        # No rating yet to hang it on: it is saved with the rating, next.
        walk.pending_notes[step.skill_id] = text


def note_nudge(distance: int, message: str) -> AfterRating:
    """An ``after_rating`` hook asking for a note when a rating is ``distance``+ levels off target.

    ``message`` may use ``{skill}``, ``{level}`` and ``{target}``. A rating that
    already has a note, is not assessed, or has no target is left alone.
    """

    def hook(step: RateStep, level: int | None, note: str | None) -> str | None:
        if note or level is None or step.target is None:
            return None
        if abs(level - step.target) < distance:
            return None
        return message.format(skill=step.title, level=level, target=step.target)

    return hook


def evidence_nudge() -> AfterRating:
    """The interviewer's hook: evidence for ratings ``EVIDENCE_DISTANCE``+ levels off target."""
    return note_nudge(EVIDENCE_DISTANCE, EVIDENCE_PROMPT)


# --------------------------------------------------------------------------------------
# Questions asked before the skills (``ask_name`` lives in skillcheck.prompting so that
# it can be asked before the rubric, and pydantic, are loaded)

__all__ = [
    "EVIDENCE_DISTANCE",
    "EVIDENCE_PROMPT",
    "INTERVIEW",
    "RECOMMENDATION_TITLES",
    "SELF_ASSESSMENT",
    "AfterRating",
    "ApplyStep",
    "CategorySummary",
    "LevelOption",
    "Outcome",
    "RateStep",
    "SkillAnswer",
    "Step",
    "Wording",
    "ask_name",
    "ask_recommendation",
    "ask_role",
    "ask_summary",
    "build_steps",
    "check_role",
    "check_scope",
    "evidence_nudge",
    "note_nudge",
    "role_of",
    "run_questionnaire",
    "summarize",
]


def ask_role(rubric: Rubric, prompter: Prompter, wording: Wording = SELF_ASSESSMENT) -> str | None:
    """Ask which of the rubric's roles to compare against; None for no role (or none exist)."""
    if not rubric.roles:
        return None
    options = tuple(
        Option(r.id, r.title, str(n) if n <= 9 else None, " ".join(r.description.split()))
        for n, r in enumerate(rubric.roles, start=1)
    )
    answer = prompter.select(
        SelectPrompt(
            wording.role_prompt,
            options,
            extra=(Option(NO_ROLE, wording.no_role, "0"),),
            default=options[0].value,
        )
    )
    return None if answer == NO_ROLE else answer


#: How the recommendations read, in the order they are offered.
RECOMMENDATION_TITLES: dict[Recommendation, str] = {
    "strong_no": "Strong no",
    "no": "No",
    "yes": "Yes",
    "strong_yes": "Strong yes",
}


def ask_recommendation(
    prompter: Prompter,
    candidate: str,
    default: Recommendation | None = None,
    context: Sequence[str] = (),
) -> Recommendation:
    """Ask the interviewer's overall recommendation (keys 1-4); ``context`` lines go above it."""
    options = tuple(
        Option(rec, RECOMMENDATION_TITLES[rec], str(n))
        for n, rec in enumerate(RECOMMENDATIONS, start=1)
    )
    header = (
        HeaderLine("progress", "Overall"),
        HeaderLine("title", f"Recommendation for {candidate}"),
        *(HeaderLine("text", line) for line in context),
    )
    answer = prompter.select(
        SelectPrompt(
            "Your overall recommendation?",
            options,
            default=default,
            header=header,
            instruction="(Press 1-4, then Enter)",
        )
    )
    return next(r for r in RECOMMENDATIONS if r == answer)


def ask_summary(prompter: Prompter, default: str | None = None) -> str | None:
    """Ask for the interviewer's summary note (empty for none)."""
    text = prompter.text(
        TextPrompt("Summary for the panel (optional, Enter to skip):", default=default or "")
    )
    return text.strip() or None


def check_role(rubric: Rubric, role: str | None) -> str | None:
    """Why ``role`` is not a role of ``rubric`` (with the closest id), or None when it is."""
    if role is None:
        return None
    known = [r.id for r in rubric.roles]
    if role in known:
        return None
    if not known:
        return f"rubric {rubric.id!r} defines no roles (leave out --role)"
    close = difflib.get_close_matches(role, known, n=1)
    hint = f"did you mean {close[0]!r}?" if close else f"roles: {', '.join(known)}"
    return f"no role {role!r} in rubric {rubric.id!r}; {hint}"


# --------------------------------------------------------------------------------------
# The summary at the end


@dataclass(frozen=True)
class SkillAnswer:
    """One skill's answer as shown in the summary."""

    skill_id: str
    title: str
    level: int | None
    label: str  # the scale label, or the not-assessed wording
    answered: bool


@dataclass(frozen=True)
class CategorySummary:
    """One category's answers."""

    category_id: str
    title: str
    skills: tuple[SkillAnswer, ...]

    @property
    def answered(self) -> int:
        return sum(s.answered for s in self.skills)

    @property
    def assessed(self) -> int:
        return sum(s.level is not None for s in self.skills)


def summarize(
    rubric: Rubric, doc: Document, wording: Wording = SELF_ASSESSMENT
) -> list[CategorySummary]:
    """Per category in scope: each skill's level and label (or not assessed / unanswered)."""
    out = []
    for cat in rubric.categories:
        if doc.categories is not None and cat.id not in doc.categories:
            continue
        skills = []
        for skill in cat.skills:
            rating = doc.ratings.get(skill.id)
            level = rating.level if rating else None
            if rating is None:
                label = "not answered"
            elif level is None:
                label = wording.not_assessed
            else:
                label = rubric.label(level)
            skills.append(SkillAnswer(skill.id, skill.title, level, label, rating is not None))
        out.append(CategorySummary(cat.id, cat.title, tuple(skills)))
    return out
