"""-o never destroys input: inputs, folders, devices, pipes and '' are refused before any work;
temporary files sit beside the target with a visible name and are removed on every exit path."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from scoring import cli, files

ROOT = Path(__file__).resolve().parent.parent
CRIT, EV, SURVEY = str(files.EXAMPLE_CRITERIA), str(files.EXAMPLE_EVIDENCE), str(files.EXAMPLE_SURVEY)


def run(argv, capsys):
    code = cli.main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def copies(tmp_path):
    crit, ev = tmp_path / "crit.yaml", tmp_path / "ev.yaml"
    crit.write_bytes(files.EXAMPLE_CRITERIA.read_bytes())
    ev.write_bytes(files.EXAMPLE_EVIDENCE.read_bytes())
    return crit, ev


@pytest.mark.parametrize("which", ["criteria", "evidence", "link"])
def test_output_naming_an_input_is_refused_and_the_input_kept(tmp_path, capsys, which):
    crit, ev = copies(tmp_path)
    before = ev.read_bytes(), crit.read_bytes()
    target = {"criteria": crit, "evidence": ev, "link": tmp_path / "link.yaml"}[which]
    if which == "link":
        target.symlink_to(ev)
    code, out, err = run(["score", str(crit), str(ev), "-o", str(target)], capsys)
    assert code == 1 and out == ""
    assert "output_is_input" in err and "tệp đầu vào" in err and "Traceback" not in err
    assert (ev.read_bytes(), crit.read_bytes()) == before


def test_output_naming_the_built_in_example_is_refused(capsys):
    before = files.EXAMPLE_EVIDENCE.read_bytes()
    code, _, err = run(["score", "-o", EV], capsys)
    assert code == 1 and "output_is_input" in err
    assert files.EXAMPLE_EVIDENCE.read_bytes() == before


def test_output_that_is_a_folder_is_refused_without_a_temp_path(tmp_path, capsys):
    code, _, err = run(["score", "-o", str(tmp_path), "--lang", "en"], capsys)
    assert code == 1 and "output_is_folder" in err and "is a folder" in err
    assert ".tmp" not in err and list(tmp_path.iterdir()) == []


def test_output_on_a_fifo_or_device_is_refused(tmp_path, capsys):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    code, _, err = run(["score", "-o", str(fifo)], capsys)
    assert code == 1 and "output_not_file" in err
    assert fifo.exists() and not fifo.is_file()
    code, _, err = run(["score", "-o", "/dev/null"], capsys)
    assert code == 1 and "output_not_file" in err
    assert Path("/dev/null").is_char_device()


@pytest.mark.parametrize("name", ["", "  "])
def test_an_empty_output_name_is_refused(capsys, name):
    code, out, err = run(["score", "-o", name], capsys)
    assert code == 1 and out == "" and "output_empty" in err


def test_rank_output_inside_the_unit_folder_is_refused(tmp_path, capsys):
    units = tmp_path / "units"
    units.mkdir()
    (units / "a.yaml").write_bytes(files.EXAMPLE_EVIDENCE.read_bytes())
    code, _, err = run(["rank", CRIT, str(units), "--format", "xlsx", "-o", str(units / "xep-hang.xlsx")], capsys)
    assert code == 1 and "output_in_input_folder" in err
    assert sorted(p.name for p in units.iterdir()) == ["a.yaml"]


def test_a_good_output_is_written_and_no_temp_file_is_left(tmp_path, capsys):
    out = tmp_path / "ket-qua.json"
    code, _, _ = run(["score", "--format", "json", "-o", str(out)], capsys)
    assert code == 0 and out.read_text(encoding="utf-8").startswith("{")
    assert [p.name for p in tmp_path.iterdir()] == ["ket-qua.json"]


def test_the_temp_file_is_visible_and_removed_when_the_write_fails(tmp_path, monkeypatch):
    seen = []
    real_replace = os.replace

    def failing_replace(src, dst):
        seen.append(Path(src).name)
        assert Path(src).parent == tmp_path and not Path(src).name.startswith(".")
        raise OSError(28, "No space left on device", src)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError) as exc:
        files.write_atomic(tmp_path / "out.txt", "x")
    monkeypatch.setattr(os, "replace", real_replace)
    assert exc.value.filename == str(tmp_path / "out.txt"), "names the user's file, not the temp one"
    assert seen and seen[0].startswith("out.txt.tmp-")
    assert list(tmp_path.iterdir()) == []


def test_sigterm_during_a_write_removes_the_temp_file(tmp_path):
    # a child process writes a large file slowly; SIGTERM in the middle leaves nothing behind
    script = textwrap.dedent(f"""
        import os, sys, time
        sys.path.insert(0, {str(ROOT)!r})
        from scoring import files
        real = os.fsync
        def slow(fd):
            print("writing", flush=True)
            time.sleep(30)
            real(fd)
        os.fsync = slow
        files.write_atomic({str(tmp_path / "out.txt")!r}, "x" * 100000)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "writing"
    assert any(p.name.startswith("out.txt.tmp-") for p in tmp_path.iterdir())
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=20)
    assert proc.returncode == 128 + signal.SIGTERM
    deadline = time.monotonic() + 5
    while list(tmp_path.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list(tmp_path.iterdir()) == []
