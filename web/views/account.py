"""Signing in and out; the error pages (no stack trace ever reaches a user)."""
from __future__ import annotations

from django.contrib.auth import logout
from django.contrib.auth.views import LoginView
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST


class SignIn(LoginView):
    template_name = "web/login.html"
    redirect_authenticated_user = True


@require_POST
def sign_out(request):
    logout(request)
    return redirect("web:login")


def error_403(request, exception=None):
    return render(request, "web/error.html", {"code": 403}, status=403)


def error_404(request, exception=None):
    return render(request, "web/error.html", {"code": 404}, status=404)


def error_500(request):
    return render(request, "web/error.html", {"code": 500}, status=500)
