"""``parscore rank`` writes its ranking unit by unit: the streamed JSON and CSV are the same
bytes as the whole document, the ranking reads rows back from its temporary file in rank
order, and a stream of tasks ranks like a list. No test looks at timings or memory figures.
"""
from __future__ import annotations

import json
from decimal import Decimal

import pytest

from benchmarks.gen import load_synthetic, tasks
from scoring import cli
from scoring.batch import Ranked, Ranking, Task, rank_rows, run
from scoring.batch_report import UnitRows, iter_csv, iter_json, render_csv, view
from scoring.files import EXAMPLE_CRITERIA, open_scheme
from scoring.report.jsonout import dumps


@pytest.fixture(scope="module")
def compiled():
    return open_scheme(EXAMPLE_CRITERIA)


def bad_loader(compiled, task):
    """Synthetic units, one failing to load and one repeating an earlier unit's id."""
    if task.source[1] == 3:
        raise OSError(5, "Input/output error")
    seed, i = task.source
    return load_synthetic(compiled, Task(task.name, (seed, 0 if i == 5 else i)))


@pytest.fixture(scope="module")
def result(compiled):
    return run(compiled, tasks(60, 3), bad_loader, jobs=1)


def test_streamed_json_is_the_whole_document_byte_for_byte(result):
    whole = dumps(view(result))
    lazy = view(result, lazy=True)
    assert isinstance(lazy["units"], UnitRows)
    for chunk in (1, 7, 1000):
        assert "".join(iter_json(lazy, chunk=chunk)) == whole
    doc = json.loads(whole)
    assert [f["file"] for f in doc["failed"]] == ["xa-00003", "xa-00005"]      # task order
    assert len(doc["units"]) == 58


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_streamed_csv_is_the_whole_table(result, lang):
    whole = render_csv(view(result), lang)
    assert "".join(iter_csv(view(result, lazy=True), lang, chunk=5)) == whole
    assert len(whole.splitlines()) == 1 + 58


def test_an_empty_ranking_streams_like_the_whole_document(compiled):
    def failing(compiled, task):
        raise OSError(2, "No such file or directory")
    empty = run(compiled, tasks(2), failing, jobs=1)
    assert len(empty.units) == 0 and len(empty.failed) == 2
    assert "".join(iter_json(view(empty, lazy=True))) == dumps(view(empty))


def test_the_ranking_is_a_sequence_read_back_in_rank_order(result):
    units = result.units
    assert isinstance(units, Ranking)
    rows = [r.row for r in units]
    # the same ranks and order as ranking the rows in memory
    assert list(units) == rank_rows(reversed(rows))
    assert units[0] == list(units)[0] and units[-1] == list(units)[-1]
    assert units[2:5] == list(units)[2:5]
    assert units == list(units) and units != list(units)[:-1]
    with pytest.raises(IndexError):
        units[len(units)]
    assert all(isinstance(r, Ranked) and r.row.losses == () for r in units)
    ranks = [r.rank for r in units]
    assert ranks[0] == 1 and ranks == sorted(ranks)


def test_a_stream_of_tasks_ranks_like_a_list(compiled, result):
    streamed = run(compiled, iter(tasks(60, 3)), bad_loader, jobs=2)
    assert streamed.units == result.units
    assert streamed.failed == result.failed
    assert streamed.losses == result.losses


def test_rank_cli_json_and_csv_files_match_standard_output(capsys, tmp_path):
    from benchmarks.gen import to_yaml, unit
    scheme = open_scheme(EXAMPLE_CRITERIA).scheme
    for i in range(6):
        doc, _ = unit(scheme, 11, i)
        (tmp_path / f"{doc['unit']['id']}.yaml").write_text(to_yaml(doc), encoding="utf-8")
    for fmt in ("json", "csv"):
        out_file = tmp_path.parent / f"ranking-{tmp_path.name}.{fmt}"
        assert cli.main(["rank", str(EXAMPLE_CRITERIA), str(tmp_path), "--format", fmt, "--jobs", "1"]) == 0
        printed = capsys.readouterr().out
        assert cli.main(["rank", str(EXAMPLE_CRITERIA), str(tmp_path), "--format", fmt, "--jobs", "1",
                         "-o", str(out_file)]) == 0
        assert out_file.read_text(encoding="utf-8") == printed
    ranked = json.loads((tmp_path.parent / f"ranking-{tmp_path.name}.json").read_text(encoding="utf-8"),
                        parse_float=Decimal)
    assert ranked["units"][0]["rank"] == 1 and len(ranked["units"]) == 6
