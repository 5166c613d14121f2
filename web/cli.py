"""``parscore web``: the web workspace. Django is imported only when the command runs.

- ``parscore web --demo [--port N]``: a SQLite file under ./out/demo, migrated and seeded
  with the demo province, the model scheme, Phường 1's evidence and documents, and three
  accounts whose passwords are printed; serves on 127.0.0.1.
- ``parscore web [--host H] [--port N] [--workers N]``: a province server. Needs
  ``SECRET_KEY`` (and reads ``DATABASE_URL``, ``MEDIA_ROOT``, ``ALLOWED_HOSTS``);
  migrates, then serves with gunicorn. See docs/web.md.
"""
from __future__ import annotations

import os
import sys

from scoring.cli import EXIT_INPUT, EXIT_OK, command


DEMO_TODAY = "2024-11-01"   # the demo plays inside its 2024 assessment, before the 25/11/2024 deadline


def add_parsers(sub, common) -> None:
    sp = sub.add_parser("web", help="the web workspace for officers (Django)")
    sp.add_argument("--demo", action="store_true",
                    help="a demo workspace on this machine: SQLite, demo data and accounts")
    sp.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    sp.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    sp.add_argument("--workers", type=int, default=None, help="gunicorn worker processes (default 3)")
    sp.add_argument("--no-serve", action="store_true", help="migrate (and seed with --demo), then exit")


def setup_django(demo: bool) -> None:
    if demo:
        os.environ["PARSCORE_DEMO"] = "1"
        os.environ.setdefault("PARSCORE_TODAY", DEMO_TODAY)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "web.settings")
    import django
    django.setup()


@command("web")
def cmd_web(args) -> int:
    try:
        from django.core.exceptions import ImproperlyConfigured
    except ImportError:
        print("parscore web: Django is not installed; install the web extra: pip install 'parscore[web]'",
              file=sys.stderr)
        return EXIT_INPUT
    try:
        setup_django(args.demo)
    except ImproperlyConfigured as exc:
        print(f"parscore web: {exc}", file=sys.stderr)
        return EXIT_INPUT
    from django.conf import settings
    from django.core.management import call_command
    if args.demo and args.host not in ("127.0.0.1", "localhost", "::1"):
        print("parscore web: the demo serves on this machine only (--host 127.0.0.1)", file=sys.stderr)
        return EXIT_INPUT
    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    if args.demo:
        from .seed import seed_demo
        accounts = seed_demo()
        print(f"Không gian làm việc mẫu / demo workspace: http://{args.host}:{args.port}/")
        print(f"Ngày làm việc mẫu / demo day: {os.environ['PARSCORE_TODAY']} (hạn nộp / deadline 2024-11-25)")
        print(f"Cơ sở dữ liệu / database: {settings.DATABASES['default']['NAME']}")
        print("Tài khoản mẫu / demo accounts:")
        for username, password, what in accounts:
            print(f"  {username:<16} {password:<22} {what}")
    if args.no_serve:
        return EXIT_OK
    from .serve import serve
    serve(args.host, args.port, args.workers or 3)
    return EXIT_OK
