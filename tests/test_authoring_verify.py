"""`criteria verify` finds planted defects and prints counterexamples that reproduce them."""
from __future__ import annotations

import json

from criteria.yamlsrc import read_yaml_text
from evidence import build_submission
from rules.compile import load_and_compile_text
from scoring import cli, score
from scoring.authoring.verify import verify
from scoring.authoring.verify_report import counterexample_files

HEAD = """id: plant
title: Bộ tiêu chí có lỗi cài sẵn
level: xa
year: 2024
version: "1"
"""

# 1.1 passes the loader's own monotonicity checks (they sample a ratio's percent in 0..100 only),
# but a `number` numerator may be negative: -5/1 = -500% earns band 2 (0,5) while the better 0/1 = 0%
# earns `otherwise` (0). An unreachable maximum (best band 0,75 of max 1) is now refused by the loader
# itself (max_unreachable), before verify runs: see test_the_loader_refuses_an_unreachable_maximum.
PLANTED = HEAD + """evidence:
  a: {type: number, title: Số liệu A, better: higher}
  b: {type: number, title: Số liệu B}
  p: {type: percent, title: Tỷ lệ P, better: higher}
  k: {type: document, title: Kế hoạch}
areas:
  - id: "1"
    title: Lĩnh vực 1
    max: 2
    criteria:
      - id: "1.1"
        title: Tỷ lệ A trên B
        max: 1
        rule:
          kind: bands
          ratio: {of: a, to: b}
          bands:
            - {ge: 50, points: 1}
            - {lt: 0, points: 0.5}
          otherwise: 0
      - id: "1.3"
        title: Đúng hạn
        max: 1
        rule: {kind: deadline, evidence: k, due: 2024-01-31, late: [{within_days: 10, points: 0.5}]}
"""


def _score(compiled, data):
    sub = build_submission(read_yaml_text(data, "<cx>"), "<cx>", compiled.scheme)
    return score(compiled, sub, None)


def test_finds_the_planted_defects_and_the_counterexamples_reproduce():
    compiled = load_and_compile_text(PLANTED)          # the loader accepts it
    report = verify(compiled, examples=30, seed=1, matcher="python")
    assert not report.ok
    mono = report.failed("monotone")
    assert [f.node for f in mono] == ["1.1"]
    assert not report.failed("reach_max")
    assert not report.failed("bounds") and not report.failed("determinism") and not report.failed("trace")
    files = dict(counterexample_files(report, "vi"))
    before = _score(compiled, files["phan-vi-du-1.yaml"]).nodes["1.1"].points
    after = _score(compiled, files["phan-vi-du-1-tot-hon.yaml"]).nodes["1.1"].points
    assert after < before                               # better evidence, fewer points: reproduced
    f = mono[0]
    assert (f.detail["from"], f.detail["to"]) == (before, after)
    assert len(f.evidence["evidence"]) == 2             # the smallest: just the ratio's two keys


def test_the_loader_refuses_an_unreachable_maximum():
    import pytest
    from criteria.diagnostics import InputError
    bad = PLANTED.replace("max: 2\n", "max: 3\n", 1) + """      - id: "1.2"
        title: Không bao giờ đạt tối đa
        max: 1
        rule: {kind: bands, evidence: p, bands: [{ge: 90, points: 0.75}], otherwise: 0}
"""
    with pytest.raises(InputError) as exc:
        load_and_compile_text(bad)
    assert [d.code for d in exc.value.diagnostics] == ["max_unreachable"]


def test_a_sound_scheme_passes_and_the_run_is_deterministic(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    good = PLANTED.replace("- {lt: 0, points: 0.5}", "- {ge: 0, points: 0.5}")
    path = tmp_path / "good.yaml"
    path.write_text(good, encoding="utf-8")
    runs = []
    for _ in range(2):
        code = cli.main(["criteria", "verify", str(path), "--examples", "15", "--seed", "7", "--matcher", "python"])
        out, err = capsys.readouterr()
        assert code == 0, out + err
        runs.append(out)
    assert runs[0] == runs[1] and "Không tìm thấy phản ví dụ." in runs[0]
    assert max(len(line) for line in runs[0].splitlines()) <= 100


def test_cli_prints_the_counterexample_and_exits_1(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "plant.yaml"
    path.write_text(PLANTED, encoding="utf-8")
    save = tmp_path / "cx"
    code = cli.main(["criteria", "verify", str(path), "--examples", "10", "--matcher", "python", "--save", str(save)])
    out, err = capsys.readouterr()
    assert code == 1 and "Traceback" not in err
    assert "KHÔNG ĐẠT (1.1)" in out
    assert max(len(line) for line in out.splitlines()) <= 100
    # the saved file scores and explains through the ordinary commands
    code = cli.main(["explain", str(path), str(save / "phan-vi-du-1.yaml"), "1.1"])
    shown, _ = capsys.readouterr()
    assert code == 0 and "−500%" in shown and "0,5 điểm" in shown
    code = cli.main(["criteria", "verify", str(path), "--examples", "10", "--matcher", "python", "--format", "json",
                     "--lang", "en"])
    data = json.loads(capsys.readouterr()[0])
    assert code == 1 and data["ok"] is False and data["properties"]["monotone"]["ok"] is False
    assert data["counterexamples"][0]["better"]["evidence"]
