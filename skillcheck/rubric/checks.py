"""Rules that span a rubric file: unique ids, references, cycles, the scale.

They run on the raw parsed data (not the model) so that they can report
their problems together with the structural ones, even when parts of the
file have the wrong shape.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

Path = tuple[str | int, ...]
Found = tuple[Path, str]


def _items(data: Any, key: str) -> Iterator[tuple[int, dict[str, Any]]]:
    seq = data.get(key) if isinstance(data, dict) else None
    if isinstance(seq, list):
        for i, item in enumerate(seq):
            if isinstance(item, dict):
                yield i, item


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return None


def check_rubric(data: Any) -> list[Found]:
    """Every cross-reference problem of a parsed rubric, as (path, message)."""
    if not isinstance(data, dict):
        return []
    found: list[Found] = []
    levels = _scale_levels(data, found)
    lo = min(levels) if levels else None

    cat_seen: dict[str, Path] = {}
    skill_seen: dict[str, Path] = {}
    best_cats: set[str] = set()
    skill_cat: dict[str, str] = {}
    prereqs: dict[str, list[str]] = {}
    for ci, cat in _items(data, "categories"):
        cpath: Path = ("categories", ci)
        cid = cat.get("id")
        if isinstance(cid, str):
            if cid in cat_seen:
                found.append(((*cpath, "id"), f"duplicate category id {cid!r}"))
            cat_seen.setdefault(cid, cpath)
            if cat.get("scoring") == "best":
                best_cats.add(cid)
        for si, skill in _items(cat, "skills"):
            spath: Path = (*cpath, "skills", si)
            sid = skill.get("id")
            if not isinstance(sid, str):
                continue
            if sid in skill_seen:
                found.append(((*spath, "id"), f"duplicate skill id {sid!r}"))
                continue
            skill_seen[sid] = spath
            if isinstance(cid, str):
                skill_cat[sid] = cid
            pre = skill.get("prerequisites")
            prereqs[sid] = [p for p in pre if isinstance(p, str)] if isinstance(pre, list) else []
            lv = skill.get("levels")
            if isinstance(lv, dict) and levels:
                for key in lv:
                    k = _int(key)
                    if k is not None and k not in levels:
                        found.append(
                            (
                                (*spath, "levels", key),
                                f"level {k} is not on the scale {_span(levels)}",
                            )
                        )
                    elif k is not None and k == lo:
                        found.append(
                            (
                                (*spath, "levels", key),
                                f"level {k} is the lowest level; describe only the levels above it",
                            )
                        )

    for sid, spath in skill_seen.items():
        for i, pre in enumerate(prereqs[sid]):
            where = (*spath, "prerequisites", i)
            if pre == sid:
                found.append((where, f"skill {sid!r} cannot be its own prerequisite"))
            elif pre not in skill_seen:
                found.append((where, f"unknown skill id {pre!r}{_hint(pre, skill_seen)}"))
    for cycle in _cycles(prereqs, set(skill_seen)):
        first = skill_seen[cycle[0]]
        found.append(((*first, "prerequisites"), "prerequisite cycle: " + " -> ".join(cycle)))

    role_seen: set[str] = set()
    for ri, role in _items(data, "roles"):
        rpath: Path = ("roles", ri)
        rid = role.get("id")
        if isinstance(rid, str):
            if rid in role_seen:
                found.append(((*rpath, "id"), f"duplicate role id {rid!r}"))
            role_seen.add(rid)
        targets = role.get("targets")
        if not isinstance(targets, dict):
            continue
        tpath: Path = (*rpath, "targets")
        _check_level(targets.get("default"), (*tpath, "default"), levels, found)
        cats = targets.get("categories")
        if isinstance(cats, dict):
            for key, value in cats.items():
                where = (*tpath, "categories", key)
                if key not in cat_seen:
                    found.append((where, f"unknown category id {key!r}{_hint(str(key), cat_seen)}"))
                _check_level(value, where, levels, found)
        skills = targets.get("skills")
        if isinstance(skills, dict):
            for key, value in skills.items():
                where = (*tpath, "skills", key)
                if key not in skill_seen:
                    found.append((where, f"unknown skill id {key!r}{_hint(str(key), skill_seen)}"))
                elif skill_cat.get(key) in best_cats:
                    found.append(
                        (
                            where,
                            f"skill {key!r} is in the 'best' category {skill_cat[key]!r}: "
                            "set the target on the category",
                        )
                    )
                _check_level(value, where, levels, found)
    return found


def _scale_levels(data: dict[str, Any], found: list[Found]) -> list[int]:
    scale = data.get("scale")
    if scale is None:
        return [0, 1, 2, 3, 4]
    if not isinstance(scale, list):
        return []
    levels: list[int] = []
    for i, step in enumerate(scale):
        if not isinstance(step, dict):
            continue
        lv = _int(step.get("level"))
        if lv is None:
            continue
        if levels and lv <= levels[-1]:
            found.append(
                (("scale", i, "level"), "scale levels must be unique and in increasing order")
            )
        levels.append(lv)
    if levels and levels != list(range(levels[0], levels[0] + len(levels))):
        found.append((("scale",), "scale levels must be consecutive whole numbers (e.g. 1-5)"))
    return levels


def _check_level(value: Any, where: Path, levels: list[int], found: list[Found]) -> None:
    lv = _int(value)
    if lv is not None and levels and lv not in levels:
        found.append((where, f"target {lv} is not on the scale {_span(levels)}"))


def _span(levels: list[int]) -> str:
    return f"{min(levels)}-{max(levels)}"


def _hint(name: str, known: dict[str, Any]) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(known), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _cycles(graph: dict[str, list[str]], nodes: set[str]) -> list[list[str]]:
    """Each prerequisite cycle once, as a closed walk ``a -> b -> a``."""
    white, grey, black = 0, 1, 2
    color = dict.fromkeys(graph, white)
    cycles: list[list[str]] = []
    for start in graph:
        if color[start] != white:
            continue
        # Iterative DFS so a long prerequisite chain cannot hit the recursion limit.
        stack: list[tuple[str, int]] = [(start, 0)]
        trail: list[str] = []
        while stack:
            node, idx = stack.pop()
            if idx == 0:
                color[node] = grey
                trail.append(node)
            nxt = [p for p in graph.get(node, []) if p in nodes and p != node]
            if idx < len(nxt):
                stack.append((node, idx + 1))
                child = nxt[idx]
                if color[child] == grey:
                    cycles.append([*trail[trail.index(child) :], child])
                elif color[child] == white:
                    stack.append((child, 0))
            else:
                color[node] = black
                trail.pop()
    return cycles
