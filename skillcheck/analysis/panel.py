"""Aggregating interview scorecards into a panel: pure functions, no I/O.

Scorecards are fed one at a time into a ``PanelBuilder`` (so memory grows with
the number of candidates, not of files), then ``PanelBuilder.build`` computes, per
candidate, the median and range of each skill, disagreements, coverage gaps,
fit for the role (the report's readiness, on the medians), the tally of
recommendations, and a ranking with its tie-breaks explained.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import NamedTuple

from skillcheck.analysis.scoring import Score, score
from skillcheck.rubric.model import Role, Rubric

#: Ratings that differ by this many levels or more are flagged for the debrief.
DISAGREEMENT = 2
#: A self-rating this far from the panel median is flagged as over/under-estimation.
SELF_GAP = 2
#: How many of the role's most important gaps are listed per candidate.
KEY_GAPS = 5
RECOMMENDATION_ORDER = ("strong_yes", "yes", "no", "strong_no")
_RECOMMENDATION_POINTS = {"strong_yes": 2, "yes": 1, "no": -1, "strong_no": -2}


def candidate_key(name: str) -> str:
    """How names are matched across files: case and spacing do not matter."""
    return " ".join(name.split()).casefold()


class Interview(NamedTuple):
    """One scorecard as the panel uses it (a tuple: panels read thousands)."""

    interviewer: str
    recommendation: str | None
    summary: str | None
    #: Skill id -> level, for the skills this interviewer rated ("not assessed" is left out).
    levels: Mapping[str, int]
    #: Skill id -> evidence note, for rated skills that have one.
    notes: Mapping[str, str]


class Evidence(NamedTuple):
    """One interviewer's rating of one skill."""

    interviewer: str
    level: int
    note: str | None


class SkillPanel(NamedTuple):
    """One skill across a candidate's interviews (build it with ``SkillPanel.of``)."""

    skill_id: str
    rated: int  # how many interviewers rated it
    target: int | None
    median: float | None
    low: int | None
    high: int | None

    @classmethod
    def of(cls, skill_id: str, levels: list[int], target: int | None) -> SkillPanel:
        """Count, median and range of ``levels`` (which this sorts in place)."""
        n = len(levels)
        if not n:
            return cls(skill_id, 0, target, None, None, None)
        levels.sort()
        mid = n // 2
        if n % 2:
            median: float = levels[mid]
        else:
            pair = levels[mid - 1] + levels[mid]
            median = pair // 2 if pair % 2 == 0 else pair / 2  # whole medians stay ints
        # tuple.__new__ directly: a panel makes a hundred thousand of these.
        return tuple.__new__(cls, (skill_id, n, target, median, levels[0], levels[-1]))

    @property
    def disagreement(self) -> bool:
        """True when two interviewers are DISAGREEMENT levels or more apart."""
        return (
            self.low is not None and self.high is not None and self.high - self.low >= DISAGREEMENT
        )


@dataclass(frozen=True)
class SelfRating:
    """A candidate's own rating of a skill against the panel median."""

    skill_id: str
    self_level: int | None
    panel_median: float | None

    @property
    def difference(self) -> float | None:
        if self.self_level is None or self.panel_median is None:
            return None
        return self.self_level - self.panel_median

    @property
    def flag(self) -> str | None:
        """'over' or 'under' when the self-rating is SELF_GAP levels or more off."""
        d = self.difference
        if d is None or abs(d) < SELF_GAP:
            return None
        return "over" if d > 0 else "under"


class KeyGap(NamedTuple):
    """A required skill whose panel median is below the role's target."""

    skill_id: str
    median: float
    target: int
    priority: float


class Standing(NamedTuple):
    """What the ranking shows about a candidate, and what it ranks them by."""

    name: str
    fit: float | None
    coverage: float
    recommendations: tuple[tuple[str, int], ...]  # RECOMMENDATION_ORDER, with counts
    disagreements: int

    @property
    def recommendation_points(self) -> int:
        return sum(_RECOMMENDATION_POINTS[k] * n for k, n in self.recommendations)

    def key(self) -> tuple[float, float, int, int, str]:
        """Sort key: fit, then coverage, recommendations, fewer disagreements, name."""
        fit = -1.0 if self.fit is None else self.fit
        return (
            -round(fit, 6),
            -round(self.coverage, 6),
            -self.recommendation_points,
            self.disagreements,
            candidate_key(self.name),
        )


@dataclass(frozen=True)
class CandidatePanel:
    """Everything the debrief needs about one candidate."""

    name: str
    interviews: tuple[Interview, ...]
    skills: tuple[SkillPanel, ...]  # rubric order, only skills someone rated
    score: Score  # readiness on the medians = fit for the role
    coverage_gaps: tuple[str, ...]  # required skills no interviewer assessed
    key_gaps: tuple[KeyGap, ...]
    recommendations: tuple[tuple[str, int], ...]  # RECOMMENDATION_ORDER, with counts
    #: The skills whose ratings differ by DISAGREEMENT levels or more, in rubric
    #: order: the points to discuss (found as the skills are aggregated).
    disagreements: tuple[SkillPanel, ...]
    self_ratings: tuple[SelfRating, ...] = ()
    #: Required "best" categories (any one skill is enough) in which no
    #: interviewer assessed a single skill: coverage gaps too.
    uncovered_categories: tuple[str, ...] = ()

    @property
    def interviewers(self) -> tuple[str, ...]:
        return tuple(i.interviewer for i in self.interviews)

    @property
    def summaries(self) -> tuple[tuple[str, str], ...]:
        """(interviewer, summary note) for the interviews that have one."""
        return tuple((i.interviewer, i.summary) for i in self.interviews if i.summary)

    @property
    def fit(self) -> float | None:
        return self.score.readiness

    @property
    def standing(self) -> Standing:
        return Standing(
            self.name,
            self.fit,
            self.score.coverage,
            self.recommendations,
            len(self.disagreements),
        )

    def evidence(self, skill_id: str) -> tuple[Evidence, ...]:
        """Each interviewer's rating of a skill, with their note, in interview order."""
        return tuple(
            Evidence(i.interviewer, i.levels[skill_id], i.notes.get(skill_id))
            for i in self.interviews
            if skill_id in i.levels
        )


@dataclass(frozen=True)
class RankedCandidate:
    """A place in the ranking, and why it is there rather than one lower."""

    rank: int
    candidate: CandidatePanel
    tie_break: str | None  # how a tie on fit with the next candidate was broken


class Placing(NamedTuple):
    """A line of the ranking table."""

    rank: int
    standing: Standing
    tie_break: str | None


@dataclass(frozen=True)
class PanelHeader:
    """What a panel shows before its candidates: rubric, role, notes and the ranking."""

    rubric_id: str
    rubric_version: str
    role: Role | None
    placings: tuple[Placing, ...]
    other_versions: tuple[str, ...] = ()
    unknown_skills: tuple[str, ...] = ()
    #: Roles other than the panel's that scorecards named (fit is for one role).
    other_roles: tuple[str, ...] = ()


@dataclass(frozen=True)
class Panel:
    """The whole panel: candidates ranked by fit."""

    rubric_id: str
    rubric_version: str
    role: Role | None
    ranking: tuple[RankedCandidate, ...]
    #: Rubric versions other than the current one that scorecards were made with,
    #: and skill ids they rated that the current rubric no longer has.
    other_versions: tuple[str, ...] = ()
    unknown_skills: tuple[str, ...] = ()
    #: Roles other than the panel's that scorecards named (fit is for one role).
    other_roles: tuple[str, ...] = ()

    @property
    def candidates(self) -> tuple[CandidatePanel, ...]:
        return tuple(r.candidate for r in self.ranking)

    @property
    def header(self) -> PanelHeader:
        return PanelHeader(
            self.rubric_id,
            self.rubric_version,
            self.role,
            tuple(Placing(r.rank, r.candidate.standing, r.tie_break) for r in self.ranking),
            self.other_versions,
            self.unknown_skills,
            self.other_roles,
        )


class PanelBuilder:
    """Collects scorecards one at a time; call ``build`` when all are in.

    Memory grows with the candidates and their ratings; nothing is kept per
    file beyond what the panel shows (levels, notes, recommendation, summary).
    """

    def __init__(self, rubric: Rubric) -> None:
        self.rubric = rubric
        self._known = frozenset(rubric.skills)
        #: candidate key -> (name as first written, interviews)
        self._candidates: dict[str, tuple[str, list[Interview]]] = {}
        self.versions: set[str] = set()
        self.unknown: set[str] = set()

    def add(
        self,
        candidate: str,
        interviewer: str,
        ratings: Mapping[str, tuple[int | None, str | None]],
        recommendation: str | None = None,
        summary: str | None = None,
        rubric_version: str | None = None,
    ) -> None:
        """Add one scorecard: ``ratings`` maps skill id -> (level or None, note)."""
        levels = {k: lv for k, (lv, _) in ratings.items() if lv is not None}
        notes = {k: n for k, (lv, n) in ratings.items() if lv is not None and n}
        self.add_interview(
            candidate,
            Interview(interviewer, recommendation, summary, levels, notes),
            rubric_version,
        )

    def add_interview(
        self, candidate: str, interview: Interview, rubric_version: str | None = None
    ) -> str:
        """Add one scorecard already in the panel's shape; returns the candidate's key."""
        if rubric_version is not None and rubric_version != self.rubric.version:
            self.versions.add(rubric_version)
        if not self._known.issuperset(interview.levels):
            gone = interview.levels.keys() - self._known
            self.unknown |= gone
            interview = interview._replace(
                levels={k: v for k, v in interview.levels.items() if k not in gone},
                notes={k: v for k, v in interview.notes.items() if k not in gone},
            )
        key = candidate_key(candidate)
        entry = self._candidates.get(key)
        if entry is None:
            self._candidates[key] = (candidate, [interview])
        else:
            entry[1].append(interview)
        return key

    @property
    def keyed_names(self) -> list[tuple[str, str]]:
        """Each candidate's key (``candidate_key``) and name as first written."""
        return [(key, name) for key, (name, _) in self._candidates.items()]

    def take(self, key: str) -> tuple[str, list[Interview]]:
        """Remove a candidate (by key): their name as first written and their
        interviews, to hand them over."""
        return self._candidates.pop(key)

    def put(self, key: str, name: str, interviews: list[Interview]) -> None:
        """Set a candidate's name and interviews (by key): interviews handed
        over from another builder, already checked."""
        self._candidates[key] = (name, interviews)

    @property
    def interviewers(self) -> set[str]:
        return {i.interviewer for _, interviews in self._candidates.values() for i in interviews}

    def candidates(
        self,
        role: Role | None,
        self_assessments: Mapping[str, Mapping[str, int | None]] | None = None,
    ) -> list[CandidatePanel]:
        """Each candidate aggregated, in the order they were first seen.

        ``self_assessments`` maps candidate name -> own ratings.
        """
        own = {candidate_key(k): v for k, v in (self_assessments or {}).items()}
        rubric = self.rubric
        targets = {sid: rubric.target(role, sid) for sid in rubric.skills}
        singles: _Singles = {sid: {} for sid in rubric.skills}
        return [
            _candidate(rubric, role, targets, singles, name, interviews, own.get(key))
            for key, (name, interviews) in self._candidates.items()
        ]

    def build(
        self,
        role: Role | None,
        self_assessments: Mapping[str, Mapping[str, int | None]] | None = None,
    ) -> Panel:
        """Aggregate and rank; ``self_assessments`` maps candidate name -> own ratings."""
        return Panel(
            self.rubric.id,
            self.rubric.version,
            role,
            rank(self.candidates(role, self_assessments)),
            tuple(sorted(self.versions)),
            tuple(sorted(self.unknown)),
        )


#: tuple.__new__ directly: a panel makes a hundred thousand SkillPanels.
_new = tuple.__new__
#: Skill id -> level -> the SkillPanel of that skill rated once at that level:
#: most skills of a candidate are, so candidates share these.
_Singles = dict[str, dict[int, SkillPanel]]


def _candidate(
    rubric: Rubric,
    role: Role | None,
    targets: Mapping[str, int | None],
    singles: _Singles,
    name: str,
    interviews: list[Interview],
    own: Mapping[str, int | None] | None,
) -> CandidatePanel:
    by_skill: dict[str, list[int]] = {}
    for interview in interviews:
        for sid, level in interview.levels.items():
            got = by_skill.get(sid)
            if got is None:
                by_skill[sid] = [level]
            else:
                got.append(level)
    of = SkillPanel.of
    listed: list[SkillPanel] = []
    disagreements: list[SkillPanel] = []
    medians: dict[str, float | None] = {}
    for sid in rubric.skills:
        levels = by_skill.get(sid)
        if levels is None:
            continue
        if len(levels) == 1:  # the usual case, without a call: what SkillPanel.of makes of it
            level = levels[0]
            known = singles[sid]
            single = known.get(level)
            if single is None:
                single = known[level] = _new(
                    SkillPanel, (sid, 1, targets[sid], level, level, level)
                )
            listed.append(single)
            medians[sid] = level
        else:
            skill = of(sid, levels, targets[sid])
            listed.append(skill)
            medians[sid] = skill.median
            if skill.high - skill.low >= DISAGREEMENT:  # type: ignore[operator]
                disagreements.append(skill)  # SkillPanel.disagreement, unrolled
    skills = tuple(listed)
    sc = score(rubric, role, medians)
    lo = rubric.min_level
    # In a "best" category one assessed skill covers the requirement; with none
    # assessed, the category is the gap (not each of its skills).
    covered = {c.category_id for c in sc.categories if c.scoring == "best" and c.assessed}
    uncovered = tuple(
        c.category_id
        for c in sc.categories
        if c.scoring == "best" and not c.assessed and c.target is not None and c.target > lo
    )
    coverage_gaps = tuple(
        s.skill_id
        for s in sc.skills
        if s.level is None
        and s.counts
        and s.target is not None
        and s.target > lo
        and s.category_id not in covered
    )
    # Highest priority (SkillScore.priority: gap x weight) first, then rubric
    # order; unpacked rather than through properties, for thousands of candidates.
    below = [
        (-(target - level) * weight, i, sid, level, target)
        for i, (sid, _, level, target, weight, counts) in enumerate(sc.skills)
        if counts and level is not None and target is not None and level < target
    ]
    below.sort()
    key_gaps = tuple(
        KeyGap(sid, float(level), int(target), -priority)
        for priority, _, sid, level, target in below[:KEY_GAPS]
    )
    said = [i.recommendation for i in interviews]
    recommendations = tuple((k, said.count(k)) for k in RECOMMENDATION_ORDER)
    self_ratings: tuple[SelfRating, ...] = ()
    if own is not None:
        self_ratings = tuple(
            SelfRating(sid, own.get(sid), medians.get(sid))
            for sid in rubric.skills
            if own.get(sid) is not None or sid in medians
        )
    return CandidatePanel(
        name,
        tuple(interviews),
        skills,
        sc,
        coverage_gaps,
        key_gaps,
        recommendations,
        tuple(disagreements),
        self_ratings,
        uncovered,
    )


def order(standings: Iterable[Standing]) -> list[tuple[int, str | None]]:
    """Ranking order: (index into ``standings``, tie-break) from first to last.

    By fit; ties are broken by coverage, then recommendations, then fewer
    disagreements, then name, and each tie-break says which of these decided it.
    """
    keyed = sorted((s.key(), i) for i, s in enumerate(standings))
    out = []
    for n, (k, i) in enumerate(keyed):
        note = _tie_break(k, keyed[n + 1][0]) if n + 1 < len(keyed) else None
        out.append((i, note))
    return out


def rank(candidates: Iterable[CandidatePanel]) -> tuple[RankedCandidate, ...]:
    """The candidates in ranking order (see ``order``)."""
    listed = list(candidates)
    return tuple(
        RankedCandidate(n + 1, listed[i], note)
        for n, (i, note) in enumerate(order(c.standing for c in listed))
    )


_TIE_REASONS = (
    None,
    "same fit; ranked higher on coverage (more of the role assessed)",
    "same fit and coverage; ranked higher on interviewers' recommendations",
    "same fit, coverage and recommendations; ranked higher for fewer disagreements",
    "tied on fit, coverage, recommendations and disagreements; listed by name",
)


def _tie_break(a: tuple[object, ...], b: tuple[object, ...]) -> str | None:
    if a[0] != b[0]:
        return None
    for i in range(1, len(a)):
        if a[i] != b[i]:
            return _TIE_REASONS[i]
    return _TIE_REASONS[-1]


def pseudonyms(names: Iterable[str], prefix: str, letters: bool) -> dict[str, str]:
    """Stable pseudonyms, keyed by ``candidate_key(name)``: the same set of names
    always maps the same way, in an order that follows a hash of each name, not
    the alphabet or the order of the files."""
    import hashlib  # here: 3 ms to import (OpenSSL), for --anonymize only

    keys = {candidate_key(n) for n in names}
    ordered = sorted(keys, key=lambda k: hashlib.sha256(k.encode("utf-8")).hexdigest())
    return {k: f"{prefix} {_letters(i) if letters else i + 1}" for i, k in enumerate(ordered)}


def _letters(i: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA, like spreadsheet columns."""
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


class Anonymizer:
    """Replaces candidate and interviewer names with pseudonyms, also where a
    full name appears inside a note or summary. Built from every name in the
    panel, so that each candidate gets the same pseudonym whatever else is read."""

    def __init__(self, candidates: Iterable[str], interviewers: Iterable[str]) -> None:
        candidates, interviewers = list(candidates), list(interviewers)
        self.candidates = pseudonyms(candidates, "Candidate", letters=True)
        self.people = pseudonyms(interviewers, "Interviewer", letters=False)
        spelled = {n: self.candidates[candidate_key(n)] for n in candidates}
        spelled |= {i: self.people[candidate_key(i)] for i in interviewers}
        # Longest names first, so "Ann Lee" is replaced before "Ann".
        self._pattern = (
            re.compile("|".join(re.escape(n) for n in sorted(spelled, key=len, reverse=True)), re.I)
            if spelled
            else None
        )
        self._by_key = {candidate_key(n): p for n, p in spelled.items()}

    def scrub(self, text: str) -> str:
        if self._pattern is None:
            return text
        by_key = self._by_key
        return self._pattern.sub(lambda m: by_key.get(candidate_key(m.group()), m.group()), text)

    def who(self, name: str) -> str:
        return self.people.get(candidate_key(name), name)

    def candidate(self, c: CandidatePanel) -> CandidatePanel:
        scrub = self.scrub
        interviews = tuple(
            Interview(
                self.who(i.interviewer),
                i.recommendation,
                scrub(i.summary) if i.summary else i.summary,
                i.levels,
                {k: scrub(v) for k, v in i.notes.items()},
            )
            for i in c.interviews
        )
        return replace(c, name=self.candidates[candidate_key(c.name)], interviews=interviews)


def anonymize(panel: Panel) -> Panel:
    """The same panel with candidate and interviewer names replaced by pseudonyms."""
    hide = Anonymizer(
        (c.name for c in panel.candidates),
        (i for c in panel.candidates for i in c.interviewers),
    )
    # Ranked again so that a full tie is ordered by pseudonym, not by real name.
    return replace(panel, ranking=rank(hide.candidate(c) for c in panel.candidates))
