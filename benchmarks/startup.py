"""Start-up of the ``parscore`` command: cold ``score`` and ``--help``, and where the time goes.

    python benchmarks/startup.py              # 15 runs of each, medians
    python benchmarks/startup.py --repeat 31 --imports 15

Each figure is the wall time of a fresh process (``python -m scoring …``, the
``parscore`` entry point's code), median and best of ``--repeat`` runs, beside
the bare interpreter (``python -c pass``) on the same machine in the same run.
Then the slowest imports of ``parscore score`` (``python -X importtime``,
cumulative microseconds, the median run of three). Nothing here is a test; the
load average is printed (a shared machine's figures vary from minute to minute).
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SCORE_S = 0.2
TARGET_HELP_S = 0.15


def wall(cmd: list[str], repeat: int) -> tuple[float, float]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def imports(cmd: list[str], top: int) -> list[tuple[int, int, str]]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    runs = []
    for _ in range(3):
        err = subprocess.run([cmd[0], "-X", "importtime", *cmd[1:]], cwd=ROOT, env=env, capture_output=True,
                             text=True).stderr
        rows = []
        for line in err.splitlines():
            if not line.startswith("import time:") or "cumulative" in line:
                continue
            _, self_us, cum_us, raw = line.replace("import time:", "|").split("|")
            rows.append((int(cum_us), int(self_us), raw.rstrip()))
        total = sum(c for c, _, n in rows if len(n) - len(n.lstrip()) <= 3)     # a top-level import
        rows = [(c, s, n.strip()) for c, s, n in rows]
        runs.append((total, rows))
    runs.sort(key=lambda r: r[0])
    total, rows = runs[1]
    print(f"  imports of {' '.join(cmd[2:])}: {total / 1000:.0f} ms in all (top-level modules, median of 3 runs)")
    return sorted(rows, reverse=True)[:top]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="parscore start-up")
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("--imports", type=int, default=12, help="slowest imports to list (0: none)")
    args = ap.parse_args(argv)
    py = sys.executable
    print(f"parscore start-up — Python {sys.version.split()[0]}, {os.cpu_count()} CPU(s), "
          f"load average {os.getloadavg()[0]:.2f} at start, {args.repeat} runs each (median, best)")
    base = wall([py, "-c", "pass"], args.repeat)
    helpt = wall([py, "-m", "scoring", "--help"], args.repeat)
    score = wall([py, "-m", "scoring", "score"], args.repeat)
    print(f"  python -c pass          {base[0]:.3f} s  (best {base[1]:.3f} s)")
    print(f"  parscore --help         {helpt[0]:.3f} s  (best {helpt[1]:.3f} s)  target < {TARGET_HELP_S} s — "
          f"{'ok' if helpt[0] < TARGET_HELP_S else 'MISSED'}")
    print(f"  parscore score (cold)   {score[0]:.3f} s  (best {score[1]:.3f} s)  target < {TARGET_SCORE_S} s — "
          f"{'ok' if score[0] < TARGET_SCORE_S else 'MISSED'}")
    if args.imports:
        for cum, own, name in imports([py, "-m", "scoring", "score"], args.imports):
            print(f"    {cum / 1000:7.1f} ms  (own {own / 1000:5.1f})  {name}")
    print(f"load average {os.getloadavg()[0]:.2f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
