"""Fixtures of the web suite: the demo workspace seeded into the test database."""
import os

import pytest

os.environ.setdefault("PARSCORE_TODAY", "2024-11-01")


@pytest.fixture
def demo(db):
    from django.contrib.auth import get_user_model

    from web.models import Assessment
    from web.seed import seed_demo
    seed_demo()
    User = get_user_model()
    users = {u.username: u for u in User.objects.all()}
    return {
        "officer_a": users["canbo.phuong1"], "officer_b": users["canbo.phuong2"], "admin": users["admin.tayninh"],
        "a": Assessment.objects.get(unit__code="phuong-1-tay-ninh"),
        "b": Assessment.objects.get(unit__code="phuong-2-tay-ninh"),
    }
