"""Hostile and broken files: each is one clear error naming the file, fast, with its position.

Covers the limits in criteria/yamlsrc.py (size, depth, values after alias
expansion), duplicate keys, and files that are not YAML at all, through the
text reader and through the file loaders for criteria, evidence and survey files.
"""
from __future__ import annotations

import time

import pytest

from criteria import InputError, load_scheme, load_scheme_text
from criteria.yamlsrc import MAX_BYTES, MAX_DEPTH, read_yaml, read_yaml_text
from evidence import load_evidence, load_evidence_text, load_survey
from rules import compile_scheme
from scoring import files


def alias_bomb(levels: int = 9) -> str:
    """The "billion laughs": 9 lists of 9 aliases of the level below, 9⁹ values when expanded."""
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    prev = "a"
    for name in "bcdefghijk"[: levels - 1]:
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
        prev = name
    return "\n".join(lines) + "\n"


def nested_lists(depth: int) -> str:
    return "x: " + "[" * depth + "]" * depth + "\n"


TINY_SCHEME = """\
id: nho
title: Nhỏ
level: xa
year: 2024
version: "1"
evidence:
  co: {type: boolean, title: Có}
  hai_long: {type: survey, title: Hài lòng}
areas:
  - {id: "1", title: Một, max: 2, criteria: [{id: "1.1", title: Có, max: 1, rule: {kind: check, evidence: co}},
                                             {id: "1.2", title: KS, max: 1, rule: {kind: survey, evidence: hai_long}}]}
"""


def only_error(exc: pytest.ExceptionInfo) -> object:
    diags = exc.value.diagnostics
    assert len(diags) == 1, [str(d) for d in diags]
    return diags[0]


def test_alias_bomb_fails_fast_with_a_position():
    start = time.perf_counter()
    with pytest.raises(InputError) as exc:
        read_yaml_text(alias_bomb(), "bomb.yaml")
    elapsed = time.perf_counter() - start
    d = only_error(exc)
    assert d.code == "yaml_too_large"
    assert d.loc.file == "bomb.yaml" and d.loc.line >= 1 and d.loc.col >= 1
    assert str(d).startswith(f"bomb.yaml:{d.loc.line}:{d.loc.col}: yaml_too_large: ")
    assert "aliases expanded" in d.message
    assert elapsed < 3, f"took {elapsed:.2f}s to refuse"


def test_small_aliases_are_fine():
    # aliases as such are allowed; only the expanded size is limited
    data = read_yaml_text("a: &x [1, 2]\nb: *x\n", "ok.yaml")
    assert data == {"a": [1, 2], "b": [1, 2]}


@pytest.mark.parametrize("loader", ["criteria", "evidence", "survey"])
def test_alias_bomb_through_every_file_loader(tmp_path, loader):
    path = tmp_path / f"{loader}.yaml"
    path.write_text(alias_bomb(), encoding="utf-8")
    scheme = load_scheme_text(TINY_SCHEME, "tiny.yaml")
    with pytest.raises(InputError) as exc:
        if loader == "criteria":
            load_scheme(path)
        elif loader == "evidence":
            load_evidence(path, scheme)
        else:
            load_survey(path, scheme, "u")
    d = only_error(exc)
    assert (d.code, d.loc.file) == ("yaml_too_large", str(path))
    assert d.loc.line >= 1


def test_nesting_at_the_limit_is_read_and_one_deeper_is_refused():
    assert read_yaml_text(nested_lists(MAX_DEPTH), "ok.yaml") is not None
    with pytest.raises(InputError) as exc:
        read_yaml_text(nested_lists(MAX_DEPTH + 1), "deep.yaml")
    d = only_error(exc)
    assert (d.code, d.loc.file, d.loc.line) == ("yaml_too_deep", "deep.yaml", 1)
    assert d.loc.col == 4 + MAX_DEPTH, "points at the first list too deep"
    assert str(d) == (f"deep.yaml:1:{4 + MAX_DEPTH}: yaml_too_deep: x[0][0][0]…[0][0][0]: "
                      f"nested deeper than {MAX_DEPTH} levels")


def test_deep_block_mappings_are_refused_at_their_line():
    text = "".join("  " * i + f"k{i}:\n" for i in range(MAX_DEPTH + 5)) + "  " * (MAX_DEPTH + 5) + "v\n"
    with pytest.raises(InputError) as exc:
        read_yaml_text(text, "deep.yaml")
    d = only_error(exc)
    assert d.code == "yaml_too_deep"
    assert d.loc.line == MAX_DEPTH + 1 and d.loc.col > 1


def test_nesting_beyond_the_parser_recursion_is_still_one_error():
    # deeper than Python's recursion limit: the parser itself gives up, still one clear error
    with pytest.raises(InputError) as exc:
        read_yaml_text(nested_lists(700), "very-deep.yaml")
    d = only_error(exc)
    assert (d.code, d.loc.file) == ("yaml_too_deep", "very-deep.yaml")


@pytest.mark.parametrize("text, line, col, key", [
    ("a: 1\nb: 2\na: 3\n", 3, 1, "a"),
    ("top:\n  x: 1\n  y: 2\n  x: 1\n", 4, 3, "top.x"),
    ("list:\n  - {k: 1, k: 2}\n", 2, 12, "list[0].k"),
])
def test_duplicate_keys_are_rejected_where_written(text, line, col, key):
    with pytest.raises(InputError) as exc:
        read_yaml_text(text, "dup.yaml")
    d = only_error(exc)
    assert (d.code, d.loc.line, d.loc.col) == ("yaml_duplicate_key", line, col)
    assert d.message == f'key "{key}" is written twice'


def test_duplicate_evidence_key_rejects_the_evidence_file():
    scheme = load_scheme(files.EXAMPLE_CRITERIA)
    text = ("unit: {id: u, name: U}\ncriteria: mau-xa-2024\nevidence:\n"
            "  chuyen_muc_cchc: true\n  chuyen_muc_cchc: false\n")
    with pytest.raises(InputError) as exc:
        load_evidence_text(text, scheme, "ev.yaml")
    assert str(only_error(exc)) == 'ev.yaml:5:3: yaml_duplicate_key: key "evidence.chuyen_muc_cchc" is written twice'


@pytest.mark.parametrize("text, code, pos", [
    ("a: [1, 2\nb: 3\n", "yaml_syntax", (2, 2)),
    ("a:\n\tb: 1\n", "yaml_syntax", (2, 1)),
    ("%PDF-1.4\n\x00\x01binary", "yaml_syntax", (2, 1)),
    ("a: 1\nb: x\x01y\n", "yaml_syntax", (2, 5)),
    ("a: &x {b: 1}\nc:\n  <<: *x\n", "yaml_merge_key", (3, 3)),
    ("a: !!python/object:os.system ls\n", "yaml_unsupported_tag", (1, 4)),
    ("a: 2024-02-30\n", "bad_date", (1, 4)),
    ("a: .nan\n", "yaml_bad_number", (1, 4)),
])
def test_not_yaml_is_one_located_error(text, code, pos):
    with pytest.raises(InputError) as exc:
        read_yaml_text(text, "x.yaml")
    d = only_error(exc)
    assert (d.code, (d.loc.line, d.loc.col)) == (code, pos), str(d)
    assert "\n" not in d.message and "<unicode string>" not in d.message, "one line, naming no internals"


def test_plain_text_is_not_a_criteria_file():
    with pytest.raises(InputError) as exc:
        load_scheme_text("Đây là một văn bản, không phải bộ tiêu chí.\n", "notes.yaml")
    d = only_error(exc)
    assert str(d) == "notes.yaml: bad_type: a criteria file must be a mapping with id, title, evidence, areas"


@pytest.mark.parametrize("content, code", [
    (b"", "yaml_empty"),
    (b"# only a comment\n", "yaml_empty"),
    (b"id: \xff\xfe bad bytes\n", "file_not_utf8"),
    (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xa1\xc4", "file_not_utf8"),
])
def test_unreadable_files_name_the_file(tmp_path, content, code):
    path = tmp_path / "in.yaml"
    path.write_bytes(content)
    with pytest.raises(InputError) as exc:
        read_yaml(path)
    d = only_error(exc)
    assert (d.code, d.loc.file) == (code, str(path))


def test_missing_file_names_the_file(tmp_path):
    with pytest.raises(InputError) as exc:
        read_yaml(tmp_path / "khong-co.yaml")
    d = only_error(exc)
    assert (d.code, d.loc.file) == ("file_unreadable", str(tmp_path / "khong-co.yaml"))


def test_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufeffa: Xã\n".encode("utf-8"))
    assert read_yaml(path) == {"a": "Xã"}


def test_huge_file_is_refused_before_parsing(tmp_path):
    path = tmp_path / "huge.yaml"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("a: ")
        fh.write("x" * MAX_BYTES)
    start = time.perf_counter()
    with pytest.raises(InputError) as exc:
        load_scheme(path)
    d = only_error(exc)
    assert (d.code, d.loc.file) == ("yaml_too_large", str(path))
    assert str(d) == f"{path}: yaml_too_large: file is larger than {MAX_BYTES} bytes"
    assert time.perf_counter() - start < 1


def test_huge_text_is_refused():
    with pytest.raises(InputError) as exc:
        read_yaml_text("a: " + "x" * MAX_BYTES, "huge.yaml")
    assert only_error(exc).code == "yaml_too_large"


def test_a_file_just_under_the_limits_still_loads():
    # the limits are limits, not a ban on ordinary files: the example passes all of them
    scheme = load_scheme(files.EXAMPLE_CRITERIA)
    assert compile_scheme(scheme).rules


def test_errors_carry_file_line_col_in_their_text():
    with pytest.raises(InputError) as exc:
        read_yaml_text("a: 1\na: 2\n", "criteria/x.yaml")
    d = only_error(exc)
    assert str(d) == 'criteria/x.yaml:2:1: yaml_duplicate_key: key "a" is written twice'
    assert str(exc.value) == str(d)
    assert d.to_json() == {"code": "yaml_duplicate_key", "file": "criteria/x.yaml", "line": 2, "col": 1,
                           "cell": None, "message": 'key "a" is written twice'}
