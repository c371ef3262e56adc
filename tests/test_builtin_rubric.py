"""The built-in backend rubric keeps its structural promises.

These tests guard the product's content: coverage of the source article,
complete level descriptors, study resources, prerequisites and role targets.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from skillcheck.rubric import Rubric, builtin_dir, load_rubric_file

ROLES = ("junior", "mid", "senior")
LANGUAGE_SKILLS = {
    "php-laravel-symfony",
    "python-django-flask",
    "ruby-rails",
    "java-spring-boot",
    "csharp-aspnet-core",
    "nodejs-express",
}

# The article's requirement groups, one entry per item of the list,
# mapped to the skills that cover them.
REQUIREMENT_GROUPS: dict[str, list[str]] = {
    # Fundamental knowledge
    "Data structures and algorithms": ["data-structures-algorithms"],
    "Object-oriented programming (OOP)": ["oop"],
    "Architecture and design patterns": ["system-architecture", "design-patterns"],
    "Relational and NoSQL databases": ["database-design", "nosql"],
    "REST and HTTP/HTTPS": ["rest-api-design", "http"],
    "Web security and error handling": ["web-security", "error-handling"],
    "Git (version control)": ["git"],
    # Programming skills and tools
    "A server-side language and its framework": sorted(LANGUAGE_SKILLS),
    "SQL and database management": ["sql", "database-administration"],
    "Project management and bug tracking (Jira, Trello)": ["issue-tracking"],
    "CI/CD and containers": ["ci-cd", "containers"],
    # Operating systems, hosting and databases
    "Linux/Unix": ["linux"],
    "Web servers (Nginx, Apache)": ["web-servers"],
    "Cloud services": ["cloud"],
    "MySQL/PostgreSQL and MongoDB/Redis": ["database-administration", "nosql"],
    "Caching and message queues": ["caching", "message-queues"],
    # Personal qualities
    "Communication and analytical skills": [
        "communication",
        "problem-solving",
        "decision-making",
        "technical-writing",
    ],
    "Work organisation under pressure": [
        "time-management",
        "independent-work",
        "teamwork",
        "adaptability",
    ],
    "Attention to detail and patience, including continuous learning": [
        "code-review",
        "persistence",
        "continuous-learning",
    ],
}

# The article's finer points inside the personal-quality groups above.
PERSONAL_QUALITIES: dict[str, list[str]] = {
    "Communicating with colleagues and clients": ["communication"],
    "Analytical and problem-solving skills": ["problem-solving"],
    "Logical thinking and decision-making": ["decision-making"],
    "Reading and writing technical documentation": ["technical-writing"],
    "Time management": ["time-management"],
    "Working independently": ["independent-work"],
    "Working in teams": ["teamwork"],
    "Handling several tasks at once": ["time-management"],
    "Flexibility and adaptability to change": ["adaptability"],
    "Care in writing and reviewing code": ["code-review", "clean-code"],
    "Meticulous handling of data and security": ["data-protection", "data-consistency"],
    "Patience when debugging complex issues": ["persistence", "debugging"],
    "A continuous learning mindset": ["continuous-learning"],
}

# The responsibilities the article describes, one entry each.
RESPONSIBILITIES: dict[str, list[str]] = {
    "System architecture": ["system-architecture"],
    "Database design": ["database-design"],
    "Data consistency": ["data-consistency"],
    "APIs for the frontend": ["rest-api-design"],
    "API documentation for the frontend": ["api-documentation"],
    "Business logic": ["business-logic"],
    "Security: authentication": ["authentication"],
    "Security: session management": ["session-management"],
    "Writing clear code to the project's standards": ["clean-code"],
    "Unit tests": ["unit-testing"],
    "Integration tests": ["integration-testing"],
    "Stress tests": ["load-testing"],
    "Bug fixing": ["debugging"],
    "Monitoring response times and resource usage": ["performance-monitoring"],
    "Query optimisation": ["query-optimisation"],
    "Caching": ["caching"],
    "Code optimisation": ["code-optimisation"],
    "Scaling by load balancing": ["load-balancing"],
    "Scaling by sharding": ["sharding"],
    "Reading logs": ["log-analysis"],
    "Debuggers and tracing": ["debugging"],
    "Reproducing bugs": ["debugging"],
    "Temporary fixes": ["incident-response"],
    "Patches": ["incident-response"],
    "Documenting incidents": ["incident-communication"],
    "Informing stakeholders": ["incident-communication"],
}

COVERAGE = {
    "requirement groups": REQUIREMENT_GROUPS,
    "personal qualities": PERSONAL_QUALITIES,
    "responsibilities": RESPONSIBILITIES,
}


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    return load_rubric_file(builtin_dir() / "backend.yaml")


def _sentences(text: str) -> int:
    return len(re.findall(r"[.!?](?=\s|$)", text.strip()))


def test_file_validates_and_has_a_manageable_number_of_skills(rubric: Rubric) -> None:
    assert Path(builtin_dir() / "backend.yaml").is_file()
    assert rubric.id == "backend"
    assert 40 <= len(rubric.skills) <= 60


def test_every_skill_describes_every_level_above_the_lowest(rubric: Rubric) -> None:
    above_lowest = set(rubric.levels[1:])
    for skill in rubric.skills.values():
        assert set(skill.levels) == above_lowest, skill.id
        texts = [skill.levels[level].strip() for level in sorted(above_lowest)]
        assert all(texts), f"{skill.id}: empty descriptor"
        assert len(set(texts)) == len(texts), f"{skill.id}: repeated descriptor"


def test_descriptors_are_specific_to_their_skill(rubric: Rubric) -> None:
    seen: dict[str, str] = {}
    for skill in rubric.skills.values():
        for text in skill.levels.values():
            key = " ".join(text.split()).lower()
            assert key not in seen, f"{skill.id} reuses a descriptor of {seen.get(key)}"
            seen[key] = skill.id


def test_every_skill_has_a_short_description(rubric: Rubric) -> None:
    for skill in rubric.skills.values():
        assert skill.description.strip(), skill.id
        assert 1 <= _sentences(skill.description) <= 2, skill.id


def test_every_skill_has_study_resources(rubric: Rubric) -> None:
    for skill in rubric.skills.values():
        assert skill.resources, skill.id
        for res in skill.resources:
            assert res.title.strip(), skill.id
            assert res.hours > 0, f"{skill.id}: {res.title}"
            assert res.url is None or res.url.startswith("https://"), f"{skill.id}: {res.url}"


def test_prerequisites_exist_and_have_no_cycles(rubric: Rubric) -> None:
    graph = {sid: list(s.prerequisites) for sid, s in rubric.skills.items()}
    for sid, pres in graph.items():
        for pre in pres:
            assert pre in graph, f"{sid} needs unknown skill {pre}"
            assert pre != sid, sid

    done: set[str] = set()

    def visit(sid: str, path: tuple[str, ...]) -> None:
        assert sid not in path, "prerequisite cycle: " + " -> ".join((*path, sid))
        if sid in done:
            return
        for pre in graph[sid]:
            visit(pre, (*path, sid))
        done.add(sid)

    for sid in graph:
        visit(sid, ())


def test_roles_exist_and_target_every_category(rubric: Rubric) -> None:
    assert {r.id for r in rubric.roles} >= set(ROLES)
    category_ids = {c.id for c in rubric.categories}
    for role_id in ROLES:
        targets = rubric.role(role_id).targets
        assert targets.default is not None, role_id
        assert set(targets.categories) == category_ids, role_id


def test_targets_never_drop_from_junior_to_senior(rubric: Rubric) -> None:
    roles = [rubric.role(r) for r in ROLES]
    for sid in rubric.skills:
        found = [rubric.target(role, sid) for role in roles]
        levels = [lv for lv in found if lv is not None]
        assert len(levels) == len(roles), f"{sid}: a role sets no target"
        assert levels == sorted(levels), f"{sid}: {dict(zip(ROLES, levels, strict=True))}"
    for cat in rubric.categories:
        found = [rubric.category_target(role, cat.id) for role in roles]
        levels = [lv for lv in found if lv is not None]
        assert len(levels) == len(roles), f"{cat.id}: a role sets no target"
        assert levels == sorted(levels), cat.id


def test_languages_are_one_at_least_one_of_these_category(rubric: Rubric) -> None:
    languages = next(c for c in rubric.categories if c.id == "languages")
    assert languages.scoring == "best"
    assert {s.id for s in languages.skills} == LANGUAGE_SKILLS
    # A 'best' category is targeted as a whole, never skill by skill.
    for role in rubric.roles:
        assert not set(role.targets.skills) & LANGUAGE_SKILLS, role.id
        assert "languages" in role.targets.categories, role.id


@pytest.mark.parametrize("name", sorted(COVERAGE))
def test_article_is_covered(rubric: Rubric, name: str) -> None:
    for entry, skill_ids in COVERAGE[name].items():
        assert skill_ids, f"{name}: {entry!r} maps to no skill"
        missing = [sid for sid in skill_ids if sid not in rubric.skills]
        assert not missing, f"{name}: {entry!r} maps to unknown skills {missing}"


def test_git_is_one_skill(rubric: Rubric) -> None:
    git = [
        s.id
        for s in rubric.skills.values()
        if re.search(r"\bgit\b", f"{s.id} {s.title}", re.IGNORECASE)
    ]
    assert git == ["git"]


def test_role_targets_match_hiring_expectations(rubric: Rubric) -> None:
    junior, senior = rubric.role("junior"), rubric.role("senior")
    assert (rubric.target(senior, "incident-communication") or 0) >= 3
    for sid in ("sharding", "load-balancing"):
        target = rubric.target(junior, sid)
        assert target is not None and target <= 1, sid
