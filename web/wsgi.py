"""WSGI entry point for gunicorn: ``gunicorn web.wsgi`` (settings from the environment)."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "web.settings")
application = get_wsgi_application()
