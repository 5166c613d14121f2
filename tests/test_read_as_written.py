"""Values are read as written in every YAML file: no octal, base 60, .inf, tags; bounded numbers; NFC.

Regressions from the hostile-input issue: `01456` read as 814, `24:58` as 1498, `!!bool "có"`
as false, `1.0e-99999999` stalling a batch, `per: 1.0e-9999999` passing validate.
"""
from __future__ import annotations

import datetime as dt
import time
import unicodedata
from decimal import Decimal

import pytest

from criteria import InputError
from criteria.yamlsrc import ENGINES, MAX_BYTES, read_yaml_text
from evidence import load_evidence_text, load_survey_text
from scoring import cli, files

SCHEME = files.open_scheme(files.EXAMPLE_CRITERIA)
EVIDENCE = files.EXAMPLE_EVIDENCE.read_text(encoding="utf-8")


def errors(text: str, file: str = "f.yaml") -> list:
    with pytest.raises(InputError) as exc:
        read_yaml_text(text, file)
    return list(exc.value.diagnostics)


@pytest.mark.parametrize("written, code, shown", [
    ("01456", "yaml_bad_number", "01456"),
    ("-007.5", "yaml_bad_number", "-007.5"),
    ("24:58", "yaml_bad_number", "24:58"),
    ("1:30:00", "yaml_bad_number", "1:30:00"),
    ("0x1F", "yaml_bad_number", "0x1F"),
    ("0o17", "yaml_bad_number", "0o17"),
    ("1_000", "yaml_bad_number", "1_000"),
    (".inf", "yaml_bad_number", ".inf"),
    ("-.inf", "yaml_bad_number", "-.inf"),
    (".nan", "yaml_bad_number", ".nan"),
    ("2025-02-29", "bad_date", "2025-02-29"),
    ("-1.0e-99999999", "yaml_number_limit", "-1.0e-99999999"),
    ("1.0e+999999999999", "yaml_number_limit", "1.0e+999999999999"),
    ("1" * 30, "yaml_number_limit", "1" * 30),
    ("0." + "0" * 30 + "1", "yaml_number_limit", "0.000"),
    ('!!bool "có"', "yaml_unsupported_tag", "!!bool"),
    ("!!int 12", "yaml_unsupported_tag", "!!int"),
    ("!!python/name:os.system x", "yaml_unsupported_tag", "!!python/name:os.system"),
    ("!!binary aGk=", "yaml_unsupported_tag", "!!binary"),
    ("!!map {a: 1}", "yaml_unsupported_tag", "!!map"),
    ("!custom 1", "yaml_unsupported_tag", "!custom"),
])
def test_odd_values_are_errors_naming_line_key_and_value(written, code, shown):
    (d,) = errors(f"unit: u\nevidence:\n  ho_so_dung_han: {written}\n")
    assert d.code == code
    assert (d.loc.file, d.loc.line, d.loc.col) == ("f.yaml", 3, 19)
    assert d.message.startswith("evidence.ho_so_dung_han: ")
    assert shown in d.message and shown in d.vi


def test_the_limits_are_checked_on_the_text_before_any_arithmetic():
    start = time.perf_counter()
    for text in ("a: 1" + "0" * 100_000, "a: 1.0e-" + "9" * 100_000, "a: 1e99999999999999999999"):
        (d,) = errors(text)
        assert d.code == "yaml_number_limit"
    assert time.perf_counter() - start < 2


@pytest.mark.parametrize("written, value", [
    ("1456", 1456), ("0", 0), ("-3", -3), ("+5", 5), ("2.50", Decimal("2.50")), ("0.1", Decimal("0.1")),
    ("1e3", Decimal("1E+3")), ("1.5E-2", Decimal("0.015")), (".5", Decimal("0.5")), ("5.", Decimal("5")),
    ("9" * 24, int("9" * 24)), ("0." + "0" * 23 + "1", Decimal("1E-24")),
    ('"01456"', "01456"), ("'24:58'", "24:58"), ("!!str 01456", "01456"),
    ("2024-02-29", dt.date(2024, 2, 29)), ("2024-1-5", "2024-1-5"), ("true", True), ("no", False),
    ("~", None), ("", None), ("1.2.3", "1.2.3"), ("v1", "v1"), ("=", "="), ("-x", "-x"), ("! [1]", [1]),
])
def test_ordinary_values_are_read_as_written(written, value):
    got = read_yaml_text(f"k: {written}\n", "f.yaml")["k"]
    assert got == value and (type(got) is type(value) or isinstance(value, list) and isinstance(got, list))


def test_every_value_error_in_a_file_is_listed():
    diags = errors("a: 01\nb: [24:58, .nan]\nc: {d: !!bool x}\n")
    assert [(d.loc.line, d.code, d.message.split(":")[0]) for d in diags] == [
        (1, "yaml_bad_number", "a"), (2, "yaml_bad_number", "b[0]"), (2, "yaml_bad_number", "b[1]"),
        (3, "yaml_unsupported_tag", "c.d")]


def test_evidence_with_a_leading_zero_is_refused_not_read_as_octal():
    text = EVIDENCE.replace("ho_so_tre_han: 22", "ho_so_tre_han: 022")
    assert text != EVIDENCE
    with pytest.raises(InputError) as exc:
        load_evidence_text(text, SCHEME.scheme, "ev.yaml")
    (d,) = exc.value.diagnostics
    assert d.code == "yaml_bad_number" and "evidence.ho_so_tre_han" in d.message and "022" in d.message


def test_a_scheme_parameter_beyond_the_limits_fails_validate(tmp_path, capsys):
    text = files.EXAMPLE_CRITERIA.read_text(encoding="utf-8")
    bad = text.replace("per: 0.25}", "per: 1.0e-9999999}", 1)
    assert bad != text
    path = tmp_path / "scheme.yaml"
    path.write_text(bad, encoding="utf-8")
    assert cli.main(["validate", str(path), "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "yaml_number_limit" in err and ".rule.per" in err and "1.0e-9999999" in err
    assert "Traceback" not in err


def test_syntax_errors_name_the_key_they_are_near():
    (d,) = errors("unit:\n  id: u\nevidence:\n  ho_so: [1, 2\n  khac: 3\n")
    assert d.code == "yaml_syntax" and 'near key "evidence' in d.message


def test_nfd_text_is_read_as_nfc_so_answers_and_keys_match():
    nfd = unicodedata.normalize("NFD", "Sở Nội vụ hài lòng")
    assert nfd != unicodedata.normalize("NFC", nfd)
    data = read_yaml_text(f"{nfd}: '{nfd}'\nb: \"{nfd}\"\n", "f.yaml")
    nfc = unicodedata.normalize("NFC", nfd)
    assert data == {nfc: nfc, "b": nfc}
    # two spellings of one key are one key
    (d,) = errors(f"{nfd}: 1\n{nfc}: 2\n")
    assert d.code == "yaml_duplicate_key"


def test_an_nfd_survey_file_scores_like_the_nfc_one():
    text = files.EXAMPLE_SURVEY.read_text(encoding="utf-8")
    a = load_survey_text(text, SCHEME.scheme, "phuong-1-tay-ninh")
    b = load_survey_text(unicodedata.normalize("NFD", text), SCHEME.scheme, "phuong-1-tay-ninh")
    assert a.results == b.results and a.by == b.by


def test_an_alias_of_a_large_string_is_refused_at_once():
    text = "s: &s " + "x" * 1_000_000 + "\nl: [" + ", ".join(["*s"] * 2000) + "]\n"
    start = time.perf_counter()
    (d,) = errors(text)
    assert d.code == "yaml_too_large" and "aliases expanded" in d.message and d.message.startswith("l[")
    assert time.perf_counter() - start < 5


def test_a_large_file_without_aliases_is_read_whole():
    # about 4.7 MB, 600k values: within the size limit, so no value cap refuses it
    rows = "".join(f"  k{i}: [1, 2, 3]\n" for i in range(150_000))
    text = "m:\n" + rows
    text += "pad: '" + "x" * (4_700_000 - len(text)) + "'\n"
    assert len(text) < MAX_BYTES
    data = read_yaml_text(text, "big.yaml")
    assert len(data["m"]) == 150_000 and data["m"]["k149999"] == [1, 2, 3]


@pytest.mark.skipif(len(ENGINES) < 2, reason="PyYAML without libyaml")
@pytest.mark.parametrize("text", [
    "a: 01\n", "a: [1, 2\n", "a: b: c\n", "a:\n\t- 1\n", "a: \x07\n", "a: 'x\n", "- a\nb: 1\n",
    "a: &x 1\nb: *y\n", "x: " + "[" * 100 + "]" * 100 + "\n", "k: ! '01'\n", "k: ! 01\n",
])
def test_both_yaml_engines_give_the_same_error(text):
    got = {}
    for engine in ENGINES:
        with pytest.raises(InputError) as exc:
            read_yaml_text(text, "f.yaml", engine=engine)
        got[engine] = [(str(d), d.vi) for d in exc.value.diagnostics]
    assert got["python"] == got["libyaml"]
