"""gunicorn, started from Python (``parscore web``); the same as ``gunicorn web.wsgi``."""
from __future__ import annotations

from gunicorn.app.base import BaseApplication


class _App(BaseApplication):
    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from .wsgi import application
        from .selectors import warm_up
        warm_up()          # compile the stored schemes once, before the workers fork
        return application


def serve(host: str, port: int, workers: int) -> None:
    _App({"bind": f"{host}:{port}", "workers": workers, "worker_class": "sync",
          "preload_app": True, "accesslog": None, "errorlog": "-", "loglevel": "warning",
          "timeout": 60}).run()
