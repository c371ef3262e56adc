"""The rubric file format: models, loading with line-numbered errors, lookup."""

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
