"""Template context shared by every page: the user's roles and the language switch."""
from __future__ import annotations

from django.conf import settings

from . import selectors


def workspace(request) -> dict:
    user = getattr(request, "user", None)
    roles = selectors.roles(user) if user is not None else []
    return {"roles": roles, "is_demo": settings.DEMO, "languages": settings.LANGUAGES}
