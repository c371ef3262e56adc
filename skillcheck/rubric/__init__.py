"""The rubric file format: models, loading with line-numbered errors, lookup.

Names are loaded on first use (as in ``skillcheck.analysis``): importing
``skillcheck.rubric.model`` for the types must not pay for the loader, which
brings in YAML, the file checks and the validation messages.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from skillcheck.rubric.loader import (
        RubricInfo,
        RubricSource,
        builtin_dir,
        list_rubrics,
        load_rubric,
        load_rubric_file,
        load_rubric_id,
        locate_rubric,
        parse_rubric,
        rubric_json_schema,
        user_dir,
    )
    from skillcheck.rubric.model import (
        DEFAULT_SCALE,
        Category,
        Resource,
        Role,
        Rubric,
        ScaleLevel,
        Skill,
        Targets,
    )

_MODULES = {
    "loader": (
        "RubricInfo",
        "RubricSource",
        "builtin_dir",
        "list_rubrics",
        "load_rubric",
        "load_rubric_file",
        "load_rubric_id",
        "locate_rubric",
        "parse_rubric",
        "rubric_json_schema",
        "user_dir",
    ),
    "model": (
        "DEFAULT_SCALE",
        "Category",
        "Resource",
        "Role",
        "Rubric",
        "ScaleLevel",
        "Skill",
        "Targets",
    ),
}
_WHERE = {name: module for module, names in _MODULES.items() for name in names}

__all__ = [
    "DEFAULT_SCALE",
    "Category",
    "Resource",
    "Role",
    "Rubric",
    "RubricInfo",
    "RubricSource",
    "ScaleLevel",
    "Skill",
    "Targets",
    "builtin_dir",
    "list_rubrics",
    "load_rubric",
    "load_rubric_file",
    "load_rubric_id",
    "locate_rubric",
    "parse_rubric",
    "rubric_json_schema",
    "user_dir",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
