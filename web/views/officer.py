"""The officer's pages: dashboard, evidence form, one criterion, submit; the admin's reopen."""
from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from scoring import i18n as fmt

from .. import clock, engine, present, selectors, services
from ..models import Assessment


def _lang() -> str:
    return "en" if (get_language() or "vi").startswith("en") else "vi"


def _common(request, a: Assessment, st=None) -> dict:
    today = clock.today()
    deadline = a.scheme_version.deadline
    days = (deadline - today).days if deadline else None
    return {"a": a, "st": st, "lang": _lang(), "today": today, "deadline": deadline, "days_left": days,
            "open": selectors.is_open(a, today), "can_edit": selectors.can_edit(request.user, a),
            "can_admin": selectors.can_administer(request.user, a)}


@login_required
def home(request):
    qs = selectors.visible_assessments(request.user).order_by("unit__name", "-scheme_version__year")
    own = [a for a in qs if a.unit_id in selectors.officer_units(request.user)]
    if len(own) == 1 and not selectors.province_scope(request.user):
        return redirect("web:dashboard", pk=own[0].pk)
    return render(request, "web/home.html", {"assessments": qs, "lang": _lang()})


@login_required
def dashboard(request, pk: int):
    a = selectors.get_assessment(request.user, pk)
    st = selectors.state(a)
    ctx = _common(request, a, st)
    lang = ctx["lang"]
    if st.result is not None:
        tot = st.result.total
        ctx["total"] = {"points": fmt.num(tot.points, lang), "max": fmt.num(tot.max, lang),
                        "index": fmt.index(tot.index, lang), "band": tot.band or ""}
        ready = engine.readiness(st.compiled, st.submission, ctx["today"])
        ctx["missing"] = [{"key": i.key, "title": st.compiled.scheme.model.evidence[i.key].title,
                           "nodes": i.nodes, "points": fmt.num(i.at_stake, lang)}
                          for i in ready.issues if i.code == "missing"]
        ctx["other_issues"] = [{"nodes": i.nodes, "text": engine.readiness_message(i, st.compiled, lang)}
                               for i in ready.issues if i.code != "missing"]
        ctx["gains"] = [{"node": g.node, "points": fmt.num(g.points, lang), "text": text}
                        for g, text in engine.gains(st.compiled, st.submission, ctx["today"], st.result, lang)]
        ctx["areas"] = [{"id": n.id, "title": n.title, "points": fmt.num(n.points, lang),
                         "max": fmt.num(n.max, lang), "index": fmt.index(n.index, lang) if n.index is not None else ""}
                        for n in st.result.areas]
    return render(request, "web/dashboard.html", ctx)


@login_required
def evidence(request, pk: int):
    a = selectors.get_assessment(request.user, pk)
    st = selectors.state(a)
    ctx = _common(request, a, st)
    ctx["areas"] = present.tree(st, ctx["lang"])
    return render(request, "web/evidence.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def criterion(request, pk: int, node: str):
    a = selectors.get_assessment(request.user, pk)
    compiled = selectors.compiled_for(a.scheme_version)
    info = compiled.scheme.nodes.get(node)
    if info is None or not info.is_leaf:
        raise Http404()
    partial = request.headers.get("HX-Request") == "true"
    if request.method == "POST":
        if not selectors.can_edit(request.user, a):
            raise PermissionDenied()
        from criteria import rule_reads
        keys = list(rule_reads(info.node.rule or {}))
        try:
            out = services.save_entries(a, request.user, request.POST, keys)
        except services.Closed:
            raise PermissionDenied() from None
        if out.ok:
            if not partial:
                messages.success(request, _("Saved: criterion %(id)s.") % {"id": node})
                return redirect(reverse("web:evidence", kwargs={"pk": a.pk}) + f"#c-{node}")
            a.refresh_from_db()
            return _criterion_page(request, a, node, partial, saved=True)
        # 200 even with errors: htmx swaps only 2xx answers, and the form with its messages is the answer
        return _criterion_page(request, a, node, partial, posted=request.POST, outcome=out)
    return _criterion_page(request, a, node, partial)


def _criterion_page(request, a, node, partial, posted=None, outcome=None, saved=False, status=200):
    st = selectors.state(a)
    ctx = _common(request, a, st)
    problems = list(outcome.problems) if outcome else []
    if outcome:
        for field in outcome.ambiguous:
            from ..engine import Problem
            value = posted.get(field, "")
            problems.append(Problem("web_ambiguous_number", field, f'"{value}": write 1520 or 1.52 (a dot between '
                                    'groups of three digits is ambiguous)',
                                    f"«{value}»: dấu chấm ngăn cách hàng nghìn hay phần thập phân? "
                                    f"Ghi 1520 (không dấu chấm) hoặc 1,52 (dấu phẩy thập phân)"))
    ctx["leaf"] = present.leaf(st, node, ctx["lang"], posted, problems)
    ctx["conflicts"] = outcome.conflicts if outcome else []
    ctx["saved"] = saved
    ctx["failed"] = outcome is not None and not outcome.ok
    template = "web/_criterion.html" if partial else "web/criterion.html"
    return render(request, template, ctx, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def submit(request, pk: int):
    a = selectors.get_assessment(request.user, pk)
    if not selectors.can_edit(request.user, a):
        raise PermissionDenied()
    st = selectors.state(a)
    ctx = _common(request, a, st)
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            ctx["need_confirm"] = True
            return render(request, "web/submit.html", ctx, status=200)
        try:
            services.submit(a, request.user)
        except services.Closed:
            raise PermissionDenied() from None
        except ValueError:
            ctx["problems"] = [p.text(ctx["lang"]) for p in st.problems]
            return render(request, "web/submit.html", ctx, status=200)
        messages.success(request, _("Submitted. The self-assessment is now read-only."))
        return redirect("web:dashboard", pk=a.pk)
    if st.result is not None:
        ctx["total"] = {"points": fmt.num(st.result.total.points, ctx["lang"]),
                        "max": fmt.num(st.result.total.max, ctx["lang"]),
                        "index": fmt.index(st.result.total.index, ctx["lang"])}
    return render(request, "web/submit.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def reopen(request, pk: int):
    a = selectors.get_assessment(request.user, pk)
    if not selectors.can_administer(request.user, a):
        raise PermissionDenied()
    ctx = _common(request, a)
    default_until = max(clock.today(), a.scheme_version.deadline or clock.today()) + dt.timedelta(days=7)
    ctx["until"] = request.POST.get("until", fmt.date(default_until, "vi"))
    ctx["reason"] = request.POST.get("reason", "")
    if request.method == "POST":
        from evidence.values import BadValue, parse_date
        errors = {}
        try:
            until = parse_date(ctx["until"].strip())
        except BadValue as exc:
            errors["until"] = exc.vi if ctx["lang"] == "vi" else str(exc)
            until = None
        if not ctx["reason"].strip():
            errors["reason"] = _("Give the reason for reopening; it is kept in the history.")
        if until is not None and until < clock.today():
            errors["until"] = _("The day must be today or later.")
        if not errors:
            try:
                services.reopen(a, request.user, ctx["reason"], until)
            except services.Closed:
                raise PermissionDenied() from None
            messages.success(request, _("Reopened until %(day)s.") % {"day": fmt.date(until, ctx["lang"])})
            return redirect("web:dashboard", pk=a.pk)
        ctx["errors"] = errors
    return render(request, "web/reopen.html", ctx)


@login_required
def history(request, pk: int):
    a = selectors.get_assessment(request.user, pk)
    ctx = _common(request, a)
    ctx["entries"] = a.audit.select_related("user").all()[:500]
    return render(request, "web/history.html", ctx)
