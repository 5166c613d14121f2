"""Uploads, downloads, imports and exports; each checks the user's unit on the server."""
from __future__ import annotations

import os
import tempfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from .. import attachments, engine, exports, selectors, services
from .officer import _lang

_REJECTED = {
    "type": gettext_noop("Only PDF, JPEG, PNG, DOCX and XLSX files are accepted (recognised by their content)."),
    "size": gettext_noop("The file is larger than the limit of %(mb)s MB."),
    "empty": gettext_noop("The file is empty."),
}


def _editable(request, pk: int):
    a = selectors.get_assessment(request.user, pk)
    if not selectors.can_edit(request.user, a) or not selectors.is_open(a):
        raise PermissionDenied()
    return a


@login_required
@require_POST
def upload(request, pk: int):
    a = _editable(request, pk)
    got = request.FILES.getlist("file")
    if not got:
        messages.error(request, _("Choose a file to attach."))
    from django.conf import settings
    for f in got:
        try:
            data = attachments.read_upload(f)
            att = attachments.store(a, request.user, data, f.name)
            messages.success(request, _("Attached: %(name)s.") % {"name": att.original_name})
        except attachments.Rejected as exc:
            messages.error(request, f"{attachments.clean_name(f.name)}: " +
                           _(_REJECTED[exc.code]) % {"mb": settings.MAX_UPLOAD_BYTES // (1024 * 1024)})
    back = request.POST.get("next") or ""
    if back.startswith(f"/a/{a.pk}/") and "//" not in back:
        return redirect(back)
    return redirect("web:evidence", pk=a.pk)


@login_required
def download(request, pk: int, sha256: str):
    att = selectors.get_attachment(request.user, pk, sha256)
    path = attachments.path_of(att.sha256)
    if not path.exists():
        raise Http404()
    inline = att.content_type in ("application/pdf", "image/jpeg", "image/png")
    resp = FileResponse(open(path, "rb"), content_type=att.content_type, as_attachment=not inline,
                        filename=att.original_name)
    resp["X-Content-Type-Options"] = "nosniff"
    resp["Cache-Control"] = "private, no-store"
    return resp


@login_required
@require_POST
def import_xlsx(request, pk: int):
    a = _editable(request, pk)
    f = request.FILES.get("file")
    if f is None:
        messages.error(request, _("Choose the filled XLSX form to import."))
        return redirect("web:evidence", pk=a.pk)
    try:
        data = attachments.read_upload(f)
    except attachments.Rejected:
        messages.error(request, _("The file is empty or too large."))
        return redirect("web:evidence", pk=a.pk)
    compiled = selectors.compiled_for(a.scheme_version)
    fd, tmp = tempfile.mkstemp(suffix=".xlsx")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        root, problems = engine.read_xlsx(compiled, tmp, attachments.clean_name(f.name))
    finally:
        os.unlink(tmp)
    lang = _lang()
    if problems:
        for p in problems[:50]:
            messages.error(request, f"{attachments.clean_name(f.name)}: {p.text(lang)}")
        return redirect("web:evidence", pk=a.pk)
    try:
        changed = services.replace_evidence(a, request.user, root, "evidence.import")
    except services.Closed:
        raise PermissionDenied() from None
    messages.success(request, _("Imported %(name)s: %(n)s entries changed.") % {"name": attachments.clean_name(f.name),
                                                                              "n": len(changed)})
    return redirect("web:evidence", pk=a.pk)


def _download(data: bytes | str, ctype: str, name: str) -> HttpResponse:
    resp = HttpResponse(data, content_type=ctype)
    resp["Content-Disposition"] = f'attachment; filename="{name}"'
    resp["Cache-Control"] = "private, no-store"
    return resp


def _name(a, ext: str) -> str:
    return f"{a.unit.code}-{a.scheme_version.scheme_id}.{ext}"


@login_required
def export_yaml(request, pk: int):
    a = selectors.get_assessment(request.user, pk)
    st = selectors.state(a, score=False)
    return _download(exports.evidence_yaml(st), "application/yaml; charset=utf-8", _name(a, "yaml"))


@login_required
def export_xlsx(request, pk: int):
    a = selectors.get_assessment(request.user, pk)
    st = selectors.state(a, score=False)
    return _download(exports.evidence_xlsx(st, _lang()),
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _name(a, "xlsx"))


def _scored(request, pk: int):
    a = selectors.get_assessment(request.user, pk)
    st = selectors.state(a)
    if st.result is None:
        raise Http404()
    return a, st


@login_required
def result_json(request, pk: int):
    a, st = _scored(request, pk)
    return _download(engine.result_json(st.compiled, st.result, _lang()), "application/json; charset=utf-8",
                     _name(a, "json"))


@login_required
def report_html(request, pk: int):
    a, st = _scored(request, pk)
    html = exports.report(st, _lang(), "html")
    resp = HttpResponse(html, content_type="text/html; charset=utf-8")
    resp["Cache-Control"] = "private, no-store"
    return resp


@login_required
def report_xlsx(request, pk: int):
    a, st = _scored(request, pk)
    return _download(exports.report(st, _lang(), "xlsx"),
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _name(a, "report.xlsx"))
