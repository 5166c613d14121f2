"""Load benchmark of the web workspace: gunicorn on loopback, 50 simulated officers.

    .venv/bin/python benchmarks/web_load.py                       # SQLite (WAL, busy timeout)
    .venv/bin/python benchmarks/web_load.py --database-url postgresql://parscore:parscore@127.0.0.1:5432/parscore

Each officer has a unit of their own (a copy of Phường 1's evidence), signs in, then for
--seconds (default 60) saves criterion 1.3.2 with a new value (the htmx save: the answer
is the criterion scored again) and every third action opens the dashboard (score, missing
evidence, gains), pausing --think seconds (default 0.5–1.5 s, random) between actions as a
person does. It stops by itself, prints requests/s, p50/p95/p99 per kind and errors, then
checks the database holds exactly the last value each officer saved (no lost write).
Targets: p95 < 300 ms for save-and-rescore, zero errors, zero lost writes.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare_postgres(url: str) -> str:
    """A fresh database parscore_bench on the server of ``url``; its URL."""
    import psycopg
    base, _, _db = url.rpartition("/")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS parscore_bench")
        conn.execute("CREATE DATABASE parscore_bench")
    return f"{base}/parscore_bench"


def setup_data(officers: int) -> dict[str, str]:
    """Migrate, seed the demo, add one unit, officer and draft per simulated officer."""
    import django
    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import transaction

    from web.models import Assessment, EvidenceEntry, Membership, Unit
    from web.seed import seed_demo
    call_command("migrate", interactive=False, verbosity=0)
    seed_demo()
    p1 = Assessment.objects.get(unit__code="phuong-1-tay-ninh")
    entries = list(EvidenceEntry.objects.filter(assessment=p1))
    User = get_user_model()
    accounts = {}
    with transaction.atomic():
        for i in range(officers):
            unit = Unit.objects.create(province=p1.unit.province, code=f"don-vi-tai-{i:03d}", name=f"Đơn vị tải {i}")
            a = Assessment.objects.create(unit=unit, scheme_version=p1.scheme_version)
            EvidenceEntry.objects.bulk_create([EvidenceEntry(
                assessment=a, key=e.key, value=e.value, na=e.na, reason=e.reason, points=e.points,
                justification=e.justification, documents=[dict(d, attachment="") for d in e.documents],
                note=e.note, illustrative=e.illustrative) for e in entries])
            user = User.objects.create_user(f"tai{i:03d}", password=f"mat-khau-tai-{i:03d}")
            Membership.objects.create(user=user, role="officer", province=unit.province, unit=unit)
            accounts[user.username] = (f"mat-khau-tai-{i:03d}", a.pk)
    return accounts


class Officer(threading.Thread):
    def __init__(self, base, username, password, pk, until, think, lock, stats):
        super().__init__(daemon=True)
        self.base, self.username, self.password, self.pk = base, username, password, pk
        self.until, self.think, self.lock, self.stats = until, think, lock, stats
        self.version, self.last, self.saves = 1, None, 0

    def record(self, kind, seconds, ok, detail=""):
        with self.lock:
            self.stats.setdefault(kind, []).append(seconds)
            if not ok:
                self.stats.setdefault("errors", []).append(f"{self.username} {kind}: {detail}")

    def run(self):
        import httpx
        with httpx.Client(base_url=self.base, timeout=30, follow_redirects=False) as c:
            try:
                page = c.get("/login/")
                token = c.cookies.get("csrftoken")
                r = c.post("/login/", data={"username": self.username, "password": self.password,
                                            "csrfmiddlewaretoken": token})
                if r.status_code != 302:
                    self.record("login", 0, False, f"HTTP {r.status_code} {page.status_code}")
                    return
            except httpx.HTTPError as exc:
                self.record("login", 0, False, repr(exc))
                return
            step = 0
            while time.monotonic() < self.until:
                step += 1
                try:
                    if step % 3 == 0:
                        t = time.perf_counter()
                        r = c.get(f"/a/{self.pk}/")
                        self.record("dashboard", time.perf_counter() - t, r.status_code == 200 and
                                    "Điểm tự chấm hiện tại" in r.text, f"HTTP {r.status_code}")
                    else:
                        value = random.randint(0, 9)
                        data = {"csrfmiddlewaretoken": c.cookies.get("csrftoken"),
                                "so_cuoc_kiem_tra_cchc.value": str(value),
                                "so_cuoc_kiem_tra_cchc.version": str(self.version)}
                        t = time.perf_counter()
                        r = c.post(f"/a/{self.pk}/criterion/1.3.2/", data=data,
                                   headers={"HX-Request": "true", "Referer": self.base + "/"})
                        took = time.perf_counter() - t
                        saved = r.status_code == 200 and "Đã lưu." in r.text
                        unchanged = r.status_code == 200 and value == self.last and "Đã lưu." in r.text
                        if saved and value != self.last:
                            self.version += 1
                            self.saves += 1
                        if saved or unchanged:
                            self.last = value
                        m = re.search(r'crit-score"><span class="pts">([^<]*)', r.text)
                        self.record("save", took, saved and m is not None, f"HTTP {r.status_code}")
                except httpx.HTTPError as exc:
                    self.record("save" if step % 3 else "dashboard", 0, False, repr(exc))
                time.sleep(random.uniform(*self.think))


def pct(values, p):
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--database-url", help="PostgreSQL server to use (a database parscore_bench is made anew)")
    ap.add_argument("--officers", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    ap.add_argument("--think", default="0.5,1.5", help="pause between an officer's actions, min,max seconds")
    args = ap.parse_args(argv)
    think = tuple(float(x) for x in args.think.split(","))
    data_dir = Path(tempfile.mkdtemp(prefix="parscore-load-"))
    env = dict(os.environ, SECRET_KEY="load-benchmark-" + "k" * 40, PARSCORE_DATA_DIR=str(data_dir),
               PARSCORE_TODAY="2024-11-01", PARSCORE_INSECURE_COOKIES="1", DJANGO_SETTINGS_MODULE="web.settings",
               ALLOWED_HOSTS="127.0.0.1")
    env.pop("PARSCORE_DEMO", None)
    if args.database_url:
        env["DATABASE_URL"] = prepare_postgres(args.database_url)
    else:
        env.pop("DATABASE_URL", None)
    os.environ.update(env)
    if not args.database_url:
        os.environ.pop("DATABASE_URL", None)
    accounts = setup_data(args.officers)
    from django.conf import settings
    db = settings.DATABASES["default"]
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "web.wsgi", "-w", str(args.workers),
                               "-b", f"127.0.0.1:{port}", "--preload", "--log-level", "warning"],
                              env=env, cwd=str(ROOT))
    base = f"http://127.0.0.1:{port}"
    try:
        import httpx
        for _ in range(100):
            try:
                if httpx.get(base + "/login/", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        lock, stats = threading.Lock(), {}
        start = time.monotonic()
        until = start + args.seconds
        crowd = [Officer(base, u, pw, pk, until, think, lock, stats) for u, (pw, pk) in accounts.items()]
        for o in crowd:
            o.start()
        for o in crowd:
            o.join(args.seconds + 60)
        elapsed = time.monotonic() - start
    finally:
        server.terminate()
        server.wait(30)
    from web.models import EvidenceEntry
    lost = 0
    for o in crowd:
        e = EvidenceEntry.objects.get(assessment_id=o.pk, key="so_cuoc_kiem_tra_cchc")
        expected = "3" if o.last is None else str(o.last)
        if e.value != expected or e.version != o.version:
            lost += 1
    errors = stats.get("errors", [])
    total = sum(len(v) for k, v in stats.items() if k != "errors")
    engine = "PostgreSQL" if "postgresql" in db["ENGINE"] else "SQLite (WAL, busy timeout 20 s)"
    print(f"web load: {engine}, gunicorn {args.workers} sync workers, {args.officers} officers, "
          f"{elapsed:.0f} s, think {think[0]}–{think[1]} s")
    print(f"  requests: {total} ({total / elapsed:.1f}/s), errors: {len(errors)}")
    for kind in ("save", "dashboard"):
        v = stats.get(kind, [])
        print(f"  {kind:<10} n={len(v):<6} p50 {pct(v, 50) * 1000:6.0f} ms  p95 {pct(v, 95) * 1000:6.0f} ms  "
              f"p99 {pct(v, 99) * 1000:6.0f} ms")
    print(f"  lost writes: {lost} of {len(crowd)} officers (database value and version = the last save)")
    for e in errors[:10]:
        print("   ", e)
    ok = not errors and not lost and pct(stats.get("save", []), 95) < 0.3
    print("  targets (p95 save < 300 ms, no error, no lost write):", "met" if ok else "NOT met")
    shutil.rmtree(data_dir, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
