"""Terminal views of rubrics: the list of rubrics and one rubric as a tree."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from skillcheck.render.safe import one_line
from skillcheck.rubric import Rubric, RubricInfo


def rubric_table(infos: Sequence[RubricInfo]) -> Table:
    """One row per rubric: id, title, version, skills, source."""
    table = Table(title="Rubrics", title_justify="left")
    for column in ("id", "title", "version", "skills", "source"):
        table.add_column(column, justify="right" if column == "skills" else "left")
    for info in infos:
        title = Text(one_line(info.title)) if not info.error else Text("invalid: ", "red")
        if info.error:
            title.append(one_line(info.error))
        table.add_row(
            Text(one_line(info.id)),  # a file name in the user's folder when invalid
            title,
            Text(one_line(info.version)),
            str(info.skills),
            Text(one_line(f"{info.source}: {info.path}")),
        )
    return table


def rubric_tree(rubric: Rubric) -> RenderableType:
    """Categories and skills as a tree, then the scale and the roles."""
    head = Text(f"{one_line(rubric.title)} ", style="bold")
    head.append(f"({rubric.id} {one_line(rubric.version)}, {len(rubric.skills)} skills)", "dim")
    tree = Tree(head)
    for cat in rubric.categories:
        label = Text(one_line(cat.title), style="bold")
        extra = [f"id {cat.id}"]
        if cat.weight != 1:
            extra.append(f"weight {cat.weight:g}")
        if cat.scoring == "best":
            extra.append("at least one of these")
        label.append(f"  ({', '.join(extra)})", "dim")
        branch = tree.add(label)
        for skill in cat.skills:
            line = Text(one_line(skill.title))
            bits = [skill.id]
            if skill.weight != 1:
                bits.append(f"weight {skill.weight:g}")
            if skill.prerequisites:
                bits.append("needs " + ", ".join(skill.prerequisites))
            hours = sum(r.hours for r in skill.resources)
            if hours:
                bits.append(f"{hours:g} h of study")
            line.append(f"  ({'; '.join(bits)})", "dim")
            branch.add(line)
    scale = Text("Scale: ", style="bold")
    scale.append(", ".join(f"{s.level} {one_line(s.label)}" for s in rubric.scale))
    parts: list[RenderableType] = [tree, scale]
    if rubric.roles:
        roles = Table(title="Roles", title_justify="left", show_edge=False)
        roles.add_column("id")
        roles.add_column("title")
        roles.add_column("default target", justify="right")
        for role in rubric.roles:
            default = role.targets.default
            roles.add_row(
                Text(role.id),
                Text(one_line(role.title)),
                "-" if default is None else f"{default} {rubric.label(default)}",
            )
        parts.append(roles)
    return Group(*parts)
