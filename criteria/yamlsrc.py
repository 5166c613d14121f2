"""Safe YAML reading that keeps file:line:col for every mapping key and list item.

Only a composer is used (no object construction): libyaml's (PyYAML's C extension)
when present, PyYAML's pure-Python one otherwise — the same nodes, marks, values and
errors either way (``ENGINES``; a syntax error from libyaml is re-read by the Python
composer so its message is the same). Plain scalars are read as written
(``yamlscalar.plain``: no octal, sexagesimal, ``.inf``); an explicit tag other than
``!!str`` is refused; text is Unicode NFC. Floats become ``Decimal`` from their source
text, so ``0.1`` is exactly 0.1. Limits stop hostile files early: file size, nesting
depth, and after alias expansion both the text (``MAX_BYTES`` characters of strings)
and the values (``MAX_ALIAS_VALUES`` inside aliases): an alias bomb fails fast, a large
file without aliases is read whole. Every error names the key path where it happened.
"""
from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .diagnostics import MAX_DIAGNOSTICS, Diagnostic, InputError, Loc
from .yamlscalar import BadScalar, plain

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 40
MAX_VALUES = 200_000          # values built inside aliases (a file's own values are bounded by MAX_BYTES)
MAX_ALIAS_VALUES = MAX_VALUES

# tags the composer is told to give untagged nodes: anything else was written explicitly
_PLAIN = "parscore:plain"
_STR = "tag:yaml.org,2002:str"
_SEQ = "parscore:seq"
_MAP = "parscore:map"
_BANG = "parscore:!"


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


def show_path(path: list) -> str:
    """``evidence.ho_so[2].date`` for a key path (keys and list indexes); a long path is shortened."""
    if len(path) > 8:
        return show_path(path[:4]) + "…" + show_path(path[-3:]).lstrip(".")
    out = ""
    for part in path:
        if isinstance(part, int) and not isinstance(part, bool):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


class _Builder:
    """Nodes → YDict/YList/values, counting what aliases expand to.

    An alias of a collection is the node already built: the same object is returned
    (nothing is copied, so an alias bomb costs nothing to refuse) and what it holds is
    added to the counts as if it were written out, so every later reader is bounded too.
    """

    def __init__(self, file: str):
        self.file = file
        self.path: list = []          # the key path being built (for messages)
        self.chars = 0                # string characters built, aliases expanded
        self.values = 0               # values built, aliases expanded
        self.alias_values = 0         # values that aliases stand for
        self.built: dict = {}         # id(collection node) → (object, values, chars) once built
        self.errors: list = []        # value-level problems: every one is reported, then the file is refused

    def note(self, error: InputError) -> None:
        if len(self.errors) < MAX_DIAGNOSTICS:
            self.errors.extend(error.diagnostics)

    def loc(self, node: Node) -> Loc:
        m = node.start_mark
        return Loc(self.file, m.line + 1, m.column + 1)

    def fail(self, node: Node | None, code: str, msg: str, vi: str = "", named: bool = False) -> InputError:
        """The error at ``node``, prefixed with the key path (unless the message ``named`` it)."""
        loc = self.loc(node) if node is not None else Loc(self.file)
        at = "" if named else show_path(self.path)
        if at:
            msg, vi = f"{at}: {msg}", (f"{at}: {vi}" if vi else "")
        return InputError([Diagnostic(code, loc, msg, vi)])

    def build(self, node: Node, depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            raise self.fail(node, "yaml_too_deep", f"nested deeper than {MAX_DEPTH} levels",
                            f"lồng sâu quá {MAX_DEPTH} cấp")
        self.values += 1
        if type(node) is ScalarNode:
            return self.scalar(node)
        nid = id(node)
        done = self.built.get(nid)
        if done is not None:
            obj, values, chars = done
            if obj is None:            # an alias of a node being built: a cycle
                raise self.fail(node, "yaml_too_deep", "an alias refers to the value that contains it",
                                "một bí danh (alias) trỏ tới chính giá trị chứa nó")
            self.values += values
            self.alias_values += values + 1
            self.chars += chars
            if self.alias_values > MAX_ALIAS_VALUES:
                raise self.fail(node, "yaml_too_large",
                                f"more than {MAX_ALIAS_VALUES} values inside aliases (aliases expanded); "
                                "refusing to read", f"quá {MAX_ALIAS_VALUES} giá trị khi mở các bí danh (alias); "
                                "không đọc tệp này")
            self._check_chars(node)
            return obj
        self.built[nid] = (None, 0, 0)
        values, chars = self.values, self.chars
        if isinstance(node, SequenceNode):
            obj = self.sequence(node, depth)
        elif isinstance(node, MappingNode):
            obj = self.mapping(node, depth)
        else:
            raise self.fail(node, "yaml_unsupported", "unsupported YAML node", "nội dung YAML không được hỗ trợ")
        self.built[nid] = (obj, self.values - values, self.chars - chars)
        return obj

    def _check_chars(self, node: Node) -> None:
        if self.chars > MAX_BYTES:
            raise self.fail(node, "yaml_too_large",
                            f"more than {MAX_BYTES} characters of text (aliases expanded); refusing to read",
                            f"quá {MAX_BYTES} ký tự văn bản khi mở các bí danh (alias); không đọc tệp này")

    def sequence(self, node: SequenceNode, depth: int) -> YList:
        if node.tag != _SEQ:
            self.note(self._tag(node))
        out = YList()
        out.loc = self.loc(node)
        out.item_locs = locs = []
        path = self.path
        for i, item in enumerate(node.value):
            locs.append(self.loc(item))
            path.append(i)
            out.append(self.build(item, depth + 1))
            path.pop()
        return out

    def mapping(self, node: MappingNode, depth: int) -> YDict:
        if node.tag != _MAP:
            self.note(self._tag(node))
        out = YDict()
        out.loc = self.loc(node)
        out.key_locs = key_locs = {}
        path = self.path
        for knode, vnode in node.value:
            if type(knode) is ScalarNode and knode.tag == _PLAIN and knode.value == "<<":
                raise self.fail(knode, "yaml_merge_key", "merge keys (<<) are not supported",
                                "không hỗ trợ khóa gộp (<<)")
            key = self.build(knode, depth + 1)
            if isinstance(key, (YDict, YList)):
                raise self.fail(knode, "yaml_bad_key", "a mapping key must be a plain value",
                                "khóa phải là một giá trị đơn")
            if key in out:
                full = show_path(path + [key])
                self.note(self.fail(knode, "yaml_duplicate_key", f'key "{full}" is written twice',
                                    f"khóa «{full}» được khai hai lần", named=True))
                continue
            key_locs[key] = self.loc(knode)
            path.append(key)
            out[key] = self.build(vnode, depth + 1)
            path.pop()
        return out

    def scalar(self, node: ScalarNode) -> Any:
        tag, text = node.tag, node.value
        self.chars += len(text)
        if self.chars > MAX_BYTES:
            self._check_chars(node)
        if tag == _PLAIN:
            try:
                value = plain(text)
            except BadScalar as exc:
                self.note(self.fail(node, exc.code, str(exc), exc.vi))
                return text
            if type(value) is str and not value.isascii():
                return unicodedata.normalize("NFC", value)
            return value
        if tag == _STR:
            return text if text.isascii() else unicodedata.normalize("NFC", text)
        self.note(self._tag(node))
        return text

    def _tag(self, node: Node) -> InputError:
        tag = "!" if node.tag == _BANG else node.tag.replace("tag:yaml.org,2002:", "!!")
        shown = node.value if isinstance(node, ScalarNode) else ("[…]" if isinstance(node, SequenceNode) else "{…}")
        shown = shown if len(shown) <= 40 else shown[:37] + "…"
        return self.fail(node, "yaml_unsupported_tag",
                         f'tag {tag} is not allowed (on "{shown}"): write the value without a tag '
                         '(only !!str, on a single value, is accepted)',
                         f"không được dùng thẻ {tag} (trên «{shown}»): ghi giá trị không kèm thẻ "
                         "(chỉ chấp nhận !!str)")


def _resolve(self, kind, value, implicit):
    """Tags for untagged nodes without any per-scalar regex: the builder reads plain text."""
    if kind is ScalarNode:
        if implicit[0]:
            return _PLAIN
        return _STR if implicit[1] else _BANG       # neither: the non-specific tag "!"
    return _SEQ if kind is SequenceNode else _MAP     # untagged or "!": both composers ask only then


class _PyLoader(yaml.SafeLoader):
    resolve = _resolve


ENGINES: dict[str, type] = {"python": _PyLoader}
if getattr(yaml, "CSafeLoader", None) is not None:
    class _CLoader(yaml.CSafeLoader):  # type: ignore[misc, valid-type, name-defined]
        resolve = _resolve
    ENGINES["libyaml"] = _CLoader
# PARSCORE_YAML=python forces the pure-Python composer (tests compare the two)
DEFAULT_ENGINE = os.environ.get("PARSCORE_YAML") or ("libyaml" if "libyaml" in ENGINES else "python")
if DEFAULT_ENGINE not in ENGINES:
    DEFAULT_ENGINE = "python"


def _compose(text: str, file: str, engine: str) -> Node | None:
    try:
        return yaml.compose(text, Loader=ENGINES[engine])
    except yaml.YAMLError as exc:
        if engine != "python":
            # the error as the Python composer words and places it (same messages from both engines)
            _compose(text, file, "python")
        raise _syntax(exc, text, file) from None
    except RecursionError:
        raise InputError([Diagnostic("yaml_too_deep", Loc(file), "nested too deeply", "lồng quá nhiều cấp")]) from None


def _syntax(exc: yaml.YAMLError, text: str, file: str) -> InputError:
    if isinstance(exc, yaml.reader.ReaderError):
        # a control character (binary data): one line with its position, not PyYAML's two-line text
        pos = min(max(exc.position, 0), len(text))
        line, col = text.count("\n", 0, pos) + 1, pos - text.rfind("\n", 0, pos)
        ch = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        return InputError([Diagnostic("yaml_syntax", Loc(file, line, col),
                                      f"not valid YAML: character #x{ch:04x} is not allowed (is this a YAML text file?)",
                                      f"không đúng cú pháp YAML: ký tự #x{ch:04x} không được phép "
                                      "(tệp này có phải tệp văn bản YAML?)")])
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or str(exc)
        if mark is None:
            return InputError([Diagnostic("yaml_syntax", Loc(file), f"not valid YAML: {problem}",
                                          f"không đúng cú pháp YAML: {problem}")])
        near = key_near(text, mark.line)
        hint, hint_vi = (f' (near key "{near}")', f" (gần khóa «{near}»)") if near else ("", "")
        return InputError([Diagnostic("yaml_syntax", Loc(file, mark.line + 1, mark.column + 1),
                                      f"not valid YAML: {problem}{hint}",
                                      f"không đúng cú pháp YAML: {problem}{hint_vi}")])
    return InputError([Diagnostic("yaml_syntax", Loc(file), f"not valid YAML: {exc}",
                                  f"không đúng cú pháp YAML: {exc}")])


_KEY_LINE = re.compile(r"""^( *)(?:- +)*("[^"]*"|'[^']*'|[^\s#'"\[\]{},:&*!|>-][^#:]*?) *:(?: |$)""")


def key_near(text: str, line: int) -> str:
    """The key path (by indentation) of the block key at or above 0-based ``line``; '' if none."""
    lines = text.split("\n", line + 1)[: line + 1]
    parts: list[str] = []
    indent = None
    for raw in reversed(lines[-400:]):
        m = _KEY_LINE.match(raw.rstrip("\r"))
        if m is None:
            continue
        width = len(m.group(1))
        if indent is None or width < indent:
            parts.append(m.group(2).strip("\"'"))
            indent = width
            if width == 0:
                break
    return ".".join(reversed(parts))


def read_yaml_text(text: str, file: str, engine: str | None = None) -> Any:
    """Parse YAML text; raise ``InputError`` naming ``file`` (and the key) on any problem."""
    if len(text) > MAX_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise InputError([Diagnostic("yaml_too_large", Loc(file), f"file is larger than {MAX_BYTES} bytes",
                                     f"tệp lớn hơn {MAX_BYTES} byte")])
    node = _compose(text, file, engine or DEFAULT_ENGINE)
    if node is None:
        raise InputError([Diagnostic("yaml_empty", Loc(file), "file is empty", "tệp rỗng")])
    builder = _Builder(file)
    root = builder.build(node)
    if builder.errors:
        raise InputError(builder.errors)
    return root


def read_yaml(path: str | Path, engine: str | None = None) -> Any:
    """Read and parse a YAML file with the limits above (a UTF-8 BOM is allowed)."""
    p = Path(path)
    name = str(path)
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise InputError([Diagnostic("yaml_too_large", Loc(name), f"file is larger than {MAX_BYTES} bytes",
                                         f"tệp lớn hơn {MAX_BYTES} byte")])
        with p.open("rb") as fh:             # bounded: a FIFO or a growing file cannot make us read more
            raw = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise InputError([Diagnostic("file_unreadable", Loc(name), exc.strerror or str(exc))]) from None
    if len(raw) > MAX_BYTES:
        raise InputError([Diagnostic("yaml_too_large", Loc(name), f"file is larger than {MAX_BYTES} bytes",
                                     f"tệp lớn hơn {MAX_BYTES} byte")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError([Diagnostic("file_not_utf8", Loc(name), f"not UTF-8 text (byte {exc.start})",
                                     f"tệp không phải văn bản UTF-8 (byte {exc.start})")]) from None
    return read_yaml_text(text, name, engine)
