"""Pure analysis: scores, readiness, gaps, study plans, panels, comparisons.

Nothing in this package does I/O or imports click, rich or questionary.
"""

from skillcheck.analysis.scoring import CategoryScore, Score, SkillScore, score

__all__ = ["CategoryScore", "Score", "SkillScore", "score"]
