"""Safe YAML reading that keeps file:line:col for every mapping key and list item.

Only PyYAML's safe composer is used (no object construction, no tags beyond the
core schema). Floats become ``Decimal`` from their source text, so ``0.1`` is
exactly 0.1. Limits stop hostile files early: file size, nesting depth and the
number of values after alias expansion (an alias bomb fails fast).
"""
from __future__ import annotations

import datetime as _dt
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .diagnostics import Diagnostic, InputError, Loc

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 40
MAX_VALUES = 200_000

_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_TS = "tag:yaml.org,2002:timestamp"
_STR = "tag:yaml.org,2002:str"
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class YDict(dict):
    """A mapping that remembers where it and each of its keys were written."""

    loc: Loc
    key_locs: dict

    def where(self, key: Any) -> Loc:
        return self.key_locs.get(key, self.loc)


class YList(list):
    """A sequence that remembers where it and each of its items were written."""

    loc: Loc
    item_locs: list

    def where(self, index: int) -> Loc:
        if 0 <= index < len(self.item_locs):
            return self.item_locs[index]
        return self.loc


def where(container: Any, key: Any, fallback: Loc) -> Loc:
    """Location of ``container[key]`` when the container came from YAML."""
    if isinstance(container, YDict):
        return container.where(key)
    if isinstance(container, YList) and isinstance(key, int):
        return container.where(key)
    return getattr(container, "loc", fallback)


def locate(root: Any, path: tuple, fallback: Loc) -> Loc:
    """Follow ``path`` (keys and indexes) as far as it exists; the deepest location."""
    loc = getattr(root, "loc", fallback)
    node = root
    for part in path:
        try:
            loc = where(node, part, loc)
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
    return loc


class _Builder:
    def __init__(self, file: str):
        self.file = file
        self.count = 0

    def loc(self, node: Node) -> Loc:
        m = node.start_mark
        return Loc(self.file, m.line + 1, m.column + 1)

    def fail(self, node: Node | None, code: str, msg: str) -> InputError:
        loc = self.loc(node) if node is not None else Loc(self.file)
        return InputError([Diagnostic(code, loc, msg)])

    def build(self, node: Node, depth: int = 0) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            raise self.fail(node, "yaml_too_large",
                            f"more than {MAX_VALUES} values (aliases expanded); refusing to read")
        if depth > MAX_DEPTH:
            raise self.fail(node, "yaml_too_deep", f"nested deeper than {MAX_DEPTH} levels")
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if isinstance(node, SequenceNode):
            out = YList()
            out.loc = self.loc(node)
            out.item_locs = []
            for item in node.value:
                out.item_locs.append(self.loc(item))
                out.append(self.build(item, depth + 1))
            return out
        if isinstance(node, MappingNode):
            out = YDict()
            out.loc = self.loc(node)
            out.key_locs = {}
            for knode, vnode in node.value:
                if knode.tag == "tag:yaml.org,2002:merge":
                    raise self.fail(knode, "yaml_merge_key", "merge keys (<<) are not supported")
                key = self.build(knode, depth + 1)
                if isinstance(key, (YDict, YList)):
                    raise self.fail(knode, "yaml_bad_key", "a mapping key must be a plain value")
                if key in out:
                    raise self.fail(knode, "yaml_duplicate_key", f'key "{key}" is written twice')
                out.key_locs[key] = self.loc(knode)
                out[key] = self.build(vnode, depth + 1)
            return out
        raise self.fail(node, "yaml_unsupported", "unsupported YAML node")

    def scalar(self, node: ScalarNode) -> Any:
        tag, text = node.tag, node.value
        if tag == _STR:
            return text
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return text.lower() in ("true", "yes", "on")
        if tag == _INT:
            return yaml.constructor.SafeConstructor.construct_yaml_int(_CTOR, node)
        if tag == _FLOAT:
            try:
                value = Decimal(text.replace("_", ""))
            except InvalidOperation:
                value = None
            if value is None or not value.is_finite():
                raise self.fail(node, "yaml_bad_number", f'"{text}" is not a finite decimal number')
            return value
        if tag == _TS:
            if _DATE_RE.match(text):
                try:
                    return _dt.date.fromisoformat(text)
                except ValueError:
                    raise self.fail(node, "bad_date", f'"{text}" is not a real date') from None
            return text  # a timestamp with a time: left as text, callers reject it
        raise self.fail(node, "yaml_unsupported_tag", f"tag {tag} is not allowed")


_CTOR = yaml.constructor.SafeConstructor()
# libyaml's composer when PyYAML has it (10× faster, same nodes and line/column marks)
_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TAGS: dict = {}


class _LOADER(_BASE_LOADER):  # type: ignore[misc, valid-type]
    """The safe loader, with the tag of each plain scalar text remembered.

    The composer asks the (Python) resolver for every value's tag, by regular
    expressions; a batch of evidence files repeats the same keys and many values,
    so the answer is kept (the safe resolver has no path rules: the tag depends on
    the node kind, the text and whether it was quoted only). Bounded.
    """

    def resolve(self, kind, value, implicit):
        if self.yaml_path_resolvers:                 # never for the safe loader; then no cache
            return super().resolve(kind, value, implicit)
        key = (kind, value, implicit)
        tag = _TAGS.get(key)
        if tag is None:
            tag = super().resolve(kind, value, implicit)
            if len(_TAGS) < 100_000 and (value is None or len(value) < 200):
                _TAGS[key] = tag
        return tag


def read_yaml_text(text: str, file: str) -> Any:
    """Parse YAML text; raise ``InputError`` naming ``file`` on any problem."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise InputError([Diagnostic("yaml_too_large", Loc(file), f"file is larger than {MAX_BYTES} bytes")])
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.reader.ReaderError as exc:
        # a control character (binary data): one line with its position, not PyYAML's two-line text
        pos = min(max(exc.position, 0), len(text))
        loc = Loc(file, text.count("\n", 0, pos) + 1, pos - text.rfind("\n", 0, pos))
        raise InputError([Diagnostic("yaml_syntax", loc, f"not valid YAML: character #x{exc.character:04x} "
                                     "is not allowed (is this a YAML text file?)")]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = Loc(file, mark.line + 1, mark.column + 1) if mark else Loc(file)
        raise InputError([Diagnostic("yaml_syntax", loc, f"not valid YAML: {exc.problem or exc}")]) from None
    except yaml.YAMLError as exc:
        raise InputError([Diagnostic("yaml_syntax", Loc(file), f"not valid YAML: {exc}")]) from None
    except RecursionError:
        raise InputError([Diagnostic("yaml_too_deep", Loc(file), "nested too deeply")]) from None
    if node is None:
        raise InputError([Diagnostic("yaml_empty", Loc(file), "file is empty")])
    return _Builder(file).build(node)


def read_yaml(path: str | Path) -> Any:
    """Read and parse a YAML file with the limits above."""
    p = Path(path)
    name = str(path)
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise InputError([Diagnostic("yaml_too_large", Loc(name), f"file is larger than {MAX_BYTES} bytes")])
        raw = p.read_bytes()
    except OSError as exc:
        raise InputError([Diagnostic("file_unreadable", Loc(name), exc.strerror or str(exc))]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError([Diagnostic("file_not_utf8", Loc(name), f"not UTF-8 text (byte {exc.start})")]) from None
    return read_yaml_text(text, name)
