def test_officer_sees_dashboard_and_evidence(client, demo):
    client.force_login(demo["officer_a"])
    r = client.get("/", follow=True)
    assert r.status_code == 200
    body = r.content.decode()
    assert "UBND Phường 1" in body
    r = client.get(f"/a/{demo['a'].pk}/evidence/")
    assert r.status_code == 200
