"""Aggregating interview scorecards into a panel: pure functions, no I/O.

Scorecards are fed one at a time into a ``PanelBuilder`` (so memory grows with
the number of candidates, not of files), then ``build_panel`` computes, per
candidate, the median and range of each skill, disagreements, coverage gaps,
fit for the role (the report's readiness, on the medians), the tally of
recommendations, and a ranking with its tie-breaks explained.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
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


class Evidence(NamedTuple):
    """One interviewer's rating of one skill (a tuple: panels create many)."""

    interviewer: str
    level: int
    note: str | None


@dataclass(frozen=True)
class SkillPanel:
    """One skill across a candidate's interviews (build it with ``SkillPanel.of``)."""

    skill_id: str
    ratings: tuple[Evidence, ...]
    target: int | None
    median: float | None
    low: int | None
    high: int | None

    @classmethod
    def of(cls, skill_id: str, ratings: tuple[Evidence, ...], target: int | None) -> SkillPanel:
        """Compute the summary once: large panels read it many times."""
        levels = sorted(r.level for r in ratings)
        if not levels:
            return cls(skill_id, ratings, target, None, None, None)
        mid = len(levels) // 2
        median = levels[mid] if len(levels) % 2 else (levels[mid - 1] + levels[mid]) / 2
        return cls(skill_id, ratings, target, median, levels[0], levels[-1])

    @property
    def count(self) -> int:
        return len(self.ratings)

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


@dataclass(frozen=True)
class KeyGap:
    """A required skill whose panel median is below the role's target."""

    skill_id: str
    median: float
    target: int
    priority: float


@dataclass(frozen=True)
class CandidatePanel:
    """Everything the debrief needs about one candidate."""

    name: str
    interviewers: tuple[str, ...]
    skills: tuple[SkillPanel, ...]  # rubric order, only skills someone rated
    score: Score  # readiness on the medians = fit for the role
    coverage_gaps: tuple[str, ...]  # required skills no interviewer assessed
    key_gaps: tuple[KeyGap, ...]
    recommendations: tuple[tuple[str, int], ...]  # RECOMMENDATION_ORDER, with counts
    summaries: tuple[tuple[str, str], ...]  # (interviewer, summary note)
    self_ratings: tuple[SelfRating, ...] = ()

    @property
    def fit(self) -> float | None:
        return self.score.readiness

    @property
    def disagreements(self) -> tuple[SkillPanel, ...]:
        return tuple(s for s in self.skills if s.disagreement)

    @property
    def recommendation_points(self) -> int:
        return sum(_RECOMMENDATION_POINTS[k] * n for k, n in self.recommendations)


@dataclass(frozen=True)
class RankedCandidate:
    """A place in the ranking, and why it is there rather than one lower."""

    rank: int
    candidate: CandidatePanel
    tie_break: str | None  # how a tie on fit with the next candidate was broken


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

    @property
    def candidates(self) -> tuple[CandidatePanel, ...]:
        return tuple(r.candidate for r in self.ranking)


@dataclass
class _Collected:
    name: str
    interviewers: list[str] = field(default_factory=list)
    ratings: dict[str, list[Evidence]] = field(default_factory=dict)
    recommendations: Counter[str] = field(default_factory=Counter)
    summaries: list[tuple[str, str]] = field(default_factory=list)


class PanelBuilder:
    """Collects scorecards one at a time; call ``build`` when all are in."""

    def __init__(self, rubric: Rubric) -> None:
        self.rubric = rubric
        self._candidates: dict[str, _Collected] = {}
        self._versions: set[str] = set()
        self._unknown: set[str] = set()

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
        if rubric_version is not None and rubric_version != self.rubric.version:
            self._versions.add(rubric_version)
        entry = self._candidates.setdefault(candidate_key(candidate), _Collected(candidate))
        entry.interviewers.append(interviewer)
        known = self.rubric.skills
        for skill_id, (level, note) in ratings.items():
            if skill_id not in known:
                self._unknown.add(skill_id)
                continue
            if level is not None:
                entry.ratings.setdefault(skill_id, []).append(Evidence(interviewer, level, note))
        if recommendation is not None:
            entry.recommendations[recommendation] += 1
        if summary:
            entry.summaries.append((interviewer, summary))

    def build(
        self,
        role: Role | None,
        self_assessments: Mapping[str, Mapping[str, int | None]] | None = None,
    ) -> Panel:
        """Aggregate; ``self_assessments`` maps candidate name -> own ratings."""
        own = {candidate_key(k): v for k, v in (self_assessments or {}).items()}
        panels = [
            _candidate(self.rubric, role, c, own.get(key)) for key, c in self._candidates.items()
        ]
        return Panel(
            self.rubric.id,
            self.rubric.version,
            role,
            rank(panels),
            tuple(sorted(self._versions)),
            tuple(sorted(self._unknown)),
        )


def _candidate(
    rubric: Rubric,
    role: Role | None,
    c: _Collected,
    own: Mapping[str, int | None] | None,
) -> CandidatePanel:
    skills = tuple(
        SkillPanel.of(sid, tuple(c.ratings[sid]), rubric.target(role, sid))
        for sid in rubric.skills
        if sid in c.ratings
    )
    medians = {s.skill_id: s.median for s in skills}
    sc = score(rubric, role, medians)
    lo = rubric.min_level
    coverage_gaps = tuple(
        s.skill_id
        for s in sc.skills
        if s.counts
        and s.target is not None
        and s.target > lo
        and s.level is None
        and not _best_category_covered(sc, s.category_id)
    )
    order = {sid: i for i, sid in enumerate(rubric.skills)}
    gaps = sorted(
        (s for s in sc.skills if s.gap > 0), key=lambda s: (-s.priority, order[s.skill_id])
    )
    key_gaps = tuple(
        KeyGap(s.skill_id, float(s.level or 0), int(s.target or 0), s.priority)
        for s in gaps[:KEY_GAPS]
    )
    tally = tuple((k, c.recommendations.get(k, 0)) for k in RECOMMENDATION_ORDER)
    self_ratings: tuple[SelfRating, ...] = ()
    if own is not None:
        self_ratings = tuple(
            SelfRating(sid, own.get(sid), medians.get(sid))
            for sid in rubric.skills
            if own.get(sid) is not None or sid in medians
        )
    return CandidatePanel(
        c.name,
        tuple(c.interviewers),
        skills,
        sc,
        coverage_gaps,
        key_gaps,
        tally,
        tuple(c.summaries),
        self_ratings,
    )


def _best_category_covered(sc: Score, category_id: str) -> bool:
    # In a "best" category one assessed skill covers the requirement.
    for cat in sc.categories:
        if cat.category_id == category_id:
            return cat.scoring == "best" and cat.assessed > 0
    return False


def rank(candidates: Iterable[CandidatePanel]) -> tuple[RankedCandidate, ...]:
    """Order by fit; ties are broken by coverage, then recommendations, then fewer
    disagreements, then name, and each tie-break says which of these decided it."""

    def key(c: CandidatePanel) -> tuple[float, float, int, int, str]:
        fit = -1.0 if c.fit is None else c.fit
        return (
            -round(fit, 6),
            -round(c.score.coverage, 6),
            -c.recommendation_points,
            len(c.disagreements),
            candidate_key(c.name),
        )

    ordered = sorted(candidates, key=key)
    out = []
    for i, c in enumerate(ordered):
        note = None
        if i + 1 < len(ordered):
            note = _tie_break(key(c), key(ordered[i + 1]))
        out.append(RankedCandidate(i + 1, c, note))
    return tuple(out)


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


def anonymize(panel: Panel) -> Panel:
    """The same panel with candidate and interviewer names replaced by pseudonyms,
    also where a full name appears inside a note or summary."""
    cands = pseudonyms((c.name for c in panel.candidates), "Candidate", letters=True)
    people = pseudonyms(
        (i for c in panel.candidates for i in c.interviewers), "Interviewer", letters=False
    )
    spelled = {n: cands[candidate_key(n)] for n in (c.name for c in panel.candidates)}
    spelled |= {i: people[candidate_key(i)] for c in panel.candidates for i in c.interviewers}
    # Longest names first, so "Ann Lee" is replaced before "Ann".
    pattern = (
        re.compile("|".join(re.escape(n) for n in sorted(spelled, key=len, reverse=True)), re.I)
        if spelled
        else None
    )
    by_key = {candidate_key(n): p for n, p in spelled.items()}

    def scrub(text: str | None) -> str | None:
        if text is None or pattern is None:
            return text
        return pattern.sub(lambda m: by_key.get(candidate_key(m.group()), m.group()), text)

    def who(name: str) -> str:
        return people.get(candidate_key(name), name)

    anonymous = []
    for c in panel.candidates:
        skills = tuple(
            SkillPanel.of(
                s.skill_id,
                tuple(Evidence(who(e.interviewer), e.level, scrub(e.note)) for e in s.ratings),
                s.target,
            )
            for s in c.skills
        )
        anonymous.append(
            CandidatePanel(
                cands[candidate_key(c.name)],
                tuple(who(i) for i in c.interviewers),
                skills,
                c.score,
                c.coverage_gaps,
                c.key_gaps,
                c.recommendations,
                tuple((who(i), scrub(text) or "") for i, text in c.summaries),
                c.self_ratings,
            )
        )
    # Ranked again so that a full tie is ordered by pseudonym, not by real name.
    return Panel(
        panel.rubric_id,
        panel.rubric_version,
        panel.role,
        rank(anonymous),
        panel.other_versions,
        panel.unknown_skills,
    )
