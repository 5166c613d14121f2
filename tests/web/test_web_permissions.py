"""Every URL pattern, tried as every role: anonymous, officer of unit A, officer of unit B,
province admin. Unit A's pages, files and exports are 404 to unit B's officer."""
import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from web.models import Attachment

PUBLIC = {"web:login", "set_language"}


def patterns(resolver=None, params=(), ns=""):
    """(name with namespace, pattern parameters) of every named pattern; admin apart."""
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            if p.app_name == "admin":
                yield ("admin", ())
                continue
            yield from patterns(p, params + tuple(p.pattern.converters), f"{p.namespace}:" if p.namespace else ns)
        elif isinstance(p, URLPattern) and p.name:
            yield (ns + p.name, params + tuple(p.pattern.converters))
        elif isinstance(p, URLPattern):
            raise AssertionError(f"unnamed URL pattern {p.pattern}: name it so the walk can try it")


ALL = sorted(set(patterns()))


def url_of(name, params, demo, unit="a"):
    a = demo[unit]
    att = Attachment.objects.filter(assessment=demo["a"]).first()
    values = {"pk": a.pk, "node": "1.1.1", "sha256": att.sha256}
    return reverse(name, kwargs={k: values[k] for k in params})


def test_the_walk_covers_every_pattern():
    names = {n for n, _ in ALL}
    assert {"web:dashboard", "web:evidence", "web:criterion", "web:file", "web:export_xlsx", "web:export_yaml",
            "web:report_html", "web:report_xlsx", "web:result_json", "web:submit", "web:reopen", "web:upload",
            "web:import", "web:history", "web:home", "web:logout", "admin"} <= names
    assert len(ALL) >= 18


@pytest.mark.parametrize("name,params", [x for x in ALL if x[0] != "admin"])
def test_every_pattern_as_every_role(client, demo, name, params):
    if name in PUBLIC:
        return
    url = url_of(name, params, demo)
    # anonymous: sent to sign in, never the page
    for method in (client.get, client.post):
        r = method(url)
        assert r.status_code in (302, 405), (name, r.status_code)
        if r.status_code == 302:
            assert r["Location"].startswith("/login/"), (name, r["Location"])
    # officer of another unit: 404 for everything of unit A (GET and POST)
    if "pk" in params:
        client.force_login(demo["officer_b"])
        for method in (client.get, client.post):
            r = method(url)
            assert r.status_code in (404, 405), (name, method, r.status_code)
            assert b"UBND Ph\xc6\xb0\xe1\xbb\x9dng 1" not in r.content
        client.logout()
        # officer of unit A: reads; the admin's reopen is 403
        client.force_login(demo["officer_a"])
        r = client.get(url)
        expected = {"web:reopen": 403, "web:upload": 405, "web:import": 405, "web:logout": 405}
        assert r.status_code == expected.get(name, 200), (name, r.status_code)
        client.logout()
        # province admin: reads every page; never writes the unit's evidence
        client.force_login(demo["admin"])
        r = client.get(url)
        assert r.status_code == {"web:submit": 403, "web:upload": 405, "web:import": 405}.get(name, 200), name
        if name in ("web:criterion", "web:upload", "web:import", "web:submit"):
            assert client.post(url, {"1.1.1.version": "1"}).status_code == 403, name
        client.logout()


def test_admin_site_is_for_superusers_only(client, demo):
    for who in (None, "officer_a", "officer_b", "admin"):
        if who:
            client.force_login(demo[who])
        r = client.get("/quan-tri/")
        assert r.status_code == 302 and "/quan-tri/login/" in r["Location"], who
        client.logout()


def test_unit_b_cannot_reach_unit_a_by_its_own_assessment_number(client, demo):
    """B's own pages work; swapping in A's number (or A's file under B's number) is a 404."""
    client.force_login(demo["officer_b"])
    b, a = demo["b"], demo["a"]
    assert client.get(f"/a/{b.pk}/").status_code == 200
    sha = Attachment.objects.filter(assessment=a).first().sha256
    assert client.get(f"/a/{b.pk}/files/{sha}/").status_code == 404
    assert client.get(f"/a/{a.pk}/files/{sha}/").status_code == 404
    home = client.get("/", follow=True).content.decode()
    assert "Phường 1" not in home
