"""Safe YAML loading that remembers where every value came from.

PyYAML's own constructors are not used: values are built straight from the
parser's event stream, so that

* no tag can construct a Python object (only the plain YAML types are allowed),
* nesting deeper than ``MAX_DEPTH`` stops the parser at once (libyaml's
  composer would otherwise recurse until the process crashes),
* aliases are counted by the size of what they repeat, so a "billion laughs"
  file fails after a few thousand nodes instead of eating memory,
* duplicate keys are errors, and
* every key and value gets a (line, column) for error messages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from skillcheck.errors import Problem, SkillcheckError
from skillcheck.files import MAX_DEPTH

try:  # libyaml's C parser when present: much faster on big rubrics
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

#: Upper bound on values built from one file, aliases expanded.
MAX_NODES = 200_000

Path = tuple[str | int, ...]

_STD = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_STD}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}
_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


@dataclass
class Located:
    """Parsed data plus the position of each path in the source file."""

    name: str
    data: Any
    marks: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: Path) -> tuple[int, int]:
        """The (line, column) of ``path``, or of its nearest located parent."""
        p = tuple(path)
        while p:
            if p in self.marks:
                return self.marks[p]
            p = p[:-1]
        return self.marks.get((), (1, 1))

    def problem(self, path: Path, message: str) -> Problem:
        """A Problem at ``path``, rendered as ``a.b[0].c``."""
        line, col = self.where(path)
        return Problem(self.name, line, col, format_path(path), message)


def format_path(path: Path) -> str:
    """``("categories", 0, "skills")`` -> ``categories[0].skills``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif not part.isprintable():
            # A key with a line break or control character: quoted, so the
            # problem stays on one line and shows what is really there.
            out += f"[{part!r}]"
        else:
            out += f".{part}" if out else str(part)
    return out


class _Builder:
    def __init__(self, name: str) -> None:
        self.name = name
        self.marks: dict[Path, tuple[int, int]] = {}
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.nodes = 0

    def fail(self, mark: Any, message: str) -> SkillcheckError:
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        return SkillcheckError(f"{self.name}:{line}:{col}: {message}")

    def count(self, n: int, mark: Any) -> None:
        self.nodes += n
        if self.nodes > MAX_NODES:
            raise self.fail(mark, f"too many values (aliases expand past {MAX_NODES})")

    def scalar(self, ev: yaml.ScalarEvent) -> Any:
        tag = ev.tag
        if tag is None or tag == "!":
            tag = _RESOLVER.resolve(yaml.ScalarNode, ev.value, ev.implicit)  # type: ignore[no-untyped-call]
        if tag not in _SCALAR_TAGS:
            raise self.fail(ev.start_mark, f"YAML tag {_short(tag)} is not allowed")
        if tag.endswith(":str") or tag.endswith(":timestamp"):
            # Dates stay text: "2024-01-01" is a string to every field we have.
            return ev.value
        node = yaml.ScalarNode(tag, ev.value)
        try:
            return _CONSTRUCTOR.construct_object(node)
        except (yaml.YAMLError, ValueError):
            text = ev.value
            shown = repr(text) if len(text) <= 40 else f"{text[:37]!r}... ({len(text)} characters)"
            raise self.fail(ev.start_mark, f"bad {tag.rsplit(':', 1)[-1]} {shown}") from None

    def build(self, events: Any) -> Any:
        # Each frame: [container, path, pending_key, size, anchor, key_mark]
        stack: list[list[Any]] = []
        root: Any = None
        have_root = False
        for ev in events:
            if isinstance(ev, (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)):
                continue
            if isinstance(ev, yaml.DocumentStartEvent):
                if have_root:
                    raise self.fail(ev.start_mark, "more than one YAML document in the file")
                continue
            if isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                value, _, _, size, anchor, _ = stack.pop()
                if anchor:
                    self.anchors[anchor] = (value, size)
                self._attach(stack, value, size, ev)
                if not stack:
                    root, have_root = value, True
                continue
            path = self._child_path(stack)
            if isinstance(ev, yaml.AliasEvent):
                if ev.anchor not in self.anchors:
                    raise self.fail(ev.start_mark, f"unknown alias *{ev.anchor}")
                value, size = self.anchors[ev.anchor]
                self.count(size, ev.start_mark)
                self._record(stack, path, ev)
                self._attach(stack, value, size, ev)
                if not stack:
                    root, have_root = value, True
                continue
            if isinstance(ev, yaml.ScalarEvent):
                is_key = bool(stack) and isinstance(stack[-1][0], dict) and stack[-1][2] is _NO_KEY
                value = self.scalar(ev)
                self.count(1, ev.start_mark)
                if not is_key:
                    self._record(stack, path, ev)
                if ev.anchor:
                    self.anchors[ev.anchor] = (value, 1)
                self._attach(stack, value, 1, ev)
                if not stack:
                    root, have_root = value, True
                continue
            if isinstance(ev, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if stack and isinstance(stack[-1][0], dict) and stack[-1][2] is _NO_KEY:
                    raise self.fail(ev.start_mark, "a mapping key must be plain text")
                if len(stack) >= MAX_DEPTH:
                    raise self.fail(ev.start_mark, f"nested more than {MAX_DEPTH} levels deep")
                tag = ev.tag
                wanted = f"{_STD}map" if isinstance(ev, yaml.MappingStartEvent) else f"{_STD}seq"
                if tag not in (None, "!", wanted):
                    raise self.fail(ev.start_mark, f"YAML tag {_short(tag)} is not allowed")
                self.count(1, ev.start_mark)
                self._record(stack, path, ev)
                container: Any = {} if isinstance(ev, yaml.MappingStartEvent) else []
                stack.append([container, path, _NO_KEY, 1, ev.anchor, None])
                continue
            raise self.fail(
                getattr(ev, "start_mark", None), "unexpected YAML content"
            )  # pragma: no cover
        return root if have_root else None

    def _child_path(self, stack: list[list[Any]]) -> Path:
        if not stack:
            return ()
        container, path, key, _, _, _ = stack[-1]
        parent: Path = path
        if isinstance(container, list):
            return (*parent, len(container))
        if key is _NO_KEY:
            return parent
        return (*parent, key)

    def _record(self, stack: list[list[Any]], path: Path, ev: Any) -> None:
        frame_key_mark = stack[-1][5] if stack and isinstance(stack[-1][0], dict) else None
        mark = frame_key_mark or ev.start_mark
        self.marks.setdefault(path, (mark.line + 1, mark.column + 1))

    def _attach(self, stack: list[list[Any]], value: Any, size: int, ev: Any) -> None:
        if not stack:
            return
        frame = stack[-1]
        frame[3] += size
        container = frame[0]
        if isinstance(container, list):
            container.append(value)
            return
        if frame[2] is _NO_KEY:
            if isinstance(value, (dict, list)):  # pragma: no cover - refused earlier
                raise self.fail(ev.start_mark, "a mapping key must be plain text")
            key = (
                value
                if isinstance(value, (str, int)) and not isinstance(value, bool)
                else str(value)
            )
            if key in container:
                raise self.fail(ev.start_mark, f"duplicate key {key!r}")
            frame[2] = key
            frame[5] = ev.start_mark
            return
        container[frame[2]] = value
        frame[2] = _NO_KEY
        frame[5] = None


def _short(tag: str) -> str:
    return "!!" + tag[len(_STD) :] if tag.startswith(_STD) else tag


class _NoKey:
    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return "<no key>"


_NO_KEY: Any = _NoKey()


# A character beyond U+FFFF written the JSON way, as an escaped surrogate pair
# ("\ud83d\ude00", what json.dumps writes by default): YAML refuses these.
_SURROGATE_PAIR = re.compile(
    r"(?<!\\)((?:\\\\)*)\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})", re.IGNORECASE
)


def _join_surrogates(text: str) -> str:
    def joined(m: re.Match[str]) -> str:
        high, low = int(m.group(2), 16), int(m.group(3), 16)
        return f"{m.group(1)}\\U{0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00):08X}"

    return _SURROGATE_PAIR.sub(joined, text)


def load_yaml(text: str, name: str) -> Located:
    """Parse one YAML document safely; raise SkillcheckError on anything odd."""
    if not text.strip():
        raise SkillcheckError(f"{name}: empty file")
    try:
        return _load(text, name)
    except SkillcheckError:
        # JSON's surrogate-pair escapes are valid JSON but not YAML: try again
        # with each pair as one YAML escape (only when there is one, so plain
        # YAML is never rewritten).
        joined = _join_surrogates(text)
        if joined == text:
            raise
        return _load(joined, name)


def _load(text: str, name: str) -> Located:
    builder = _Builder(name)
    try:
        data = builder.build(yaml.parse(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        reason = exc.problem or exc.context or "syntax error"
        raise builder.fail(mark, f"YAML syntax error: {reason}") from None
    except yaml.reader.ReaderError:
        # A character YAML does not allow raw; PyYAML's message spans lines and
        # libyaml's position counts bytes, so find it in the text ourselves.
        found = yaml.reader.Reader.NON_PRINTABLE.search(text)
        if found is None:  # pragma: no cover - the reader refused something else
            raise SkillcheckError(f"{name}: YAML error: a character that is not allowed") from None
        line = text.count("\n", 0, found.start()) + 1
        col = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
        raise SkillcheckError(
            f"{name}:{line}:{col}: YAML does not allow the control character "
            f"U+{ord(found.group()):04X} here (write it as an escape in a double-quoted string)"
        ) from None
    except yaml.YAMLError as exc:
        first = str(exc).splitlines()[0] if str(exc).strip() else "syntax error"
        raise SkillcheckError(f"{name}: YAML error: {first}") from None
    return Located(name, data, builder.marks)
