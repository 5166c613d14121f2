"""Settings for the test suite: the demo's defaults, a throw-away data folder, and the
database named by PARSCORE_WEB_TEST_DB=postgres (PARSCORE_TEST_DATABASE_URL) or SQLite."""
import os
import tempfile

os.environ["PARSCORE_DEMO"] = "1"
os.environ.setdefault("PARSCORE_DATA_DIR", tempfile.mkdtemp(prefix="parscore-test-"))
if os.environ.get("PARSCORE_WEB_TEST_DB") == "postgres":
    os.environ["DATABASE_URL"] = os.environ["PARSCORE_TEST_DATABASE_URL"]
else:
    os.environ.pop("DATABASE_URL", None)

from .settings import *  # noqa: E402,F401,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]   # tests only: fast sign-in
MEDIA_ROOT = DATA_DIR / "attachments"  # noqa: F405
