"""What a saved document may hold: shared by the models (``skillcheck.assessment``)
and the panel's scorecard reader (``skillcheck.scorecards``), which must not
import pydantic."""

from __future__ import annotations

from typing import Literal

#: The schema this version writes. Readers accept every version up to it;
#: a newer file is refused with a message saying so.
SCHEMA_VERSION = 1

Recommendation = Literal["strong_no", "no", "yes", "strong_yes"]
RECOMMENDATIONS: tuple[Recommendation, ...] = ("strong_no", "no", "yes", "strong_yes")
MAX_NAME = 500
MAX_NOTE = 20_000
