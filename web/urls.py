from django.contrib import admin
from django.urls import include, path

from .views import account, files, officer

app_name = "web"

assessment = [
    path("", officer.dashboard, name="dashboard"),
    path("evidence/", officer.evidence, name="evidence"),
    path("criterion/<str:node>/", officer.criterion, name="criterion"),
    path("attachments/", files.upload, name="upload"),
    path("files/<str:sha256>/", files.download, name="file"),
    path("import/", files.import_xlsx, name="import"),
    path("export.xlsx", files.export_xlsx, name="export_xlsx"),
    path("export.yaml", files.export_yaml, name="export_yaml"),
    path("result.json", files.result_json, name="result_json"),
    path("report.html", files.report_html, name="report_html"),
    path("report.xlsx", files.report_xlsx, name="report_xlsx"),
    path("submit/", officer.submit, name="submit"),
    path("reopen/", officer.reopen, name="reopen"),
    path("history/", officer.history, name="history"),
]

web_patterns = [
    path("", officer.home, name="home"),
    path("login/", account.SignIn.as_view(), name="login"),
    path("logout/", account.sign_out, name="logout"),
    path("a/<int:pk>/", include(assessment)),
]

urlpatterns = [
    path("", include((web_patterns, "web"))),
    path("i18n/", include("django.conf.urls.i18n")),
    path("quan-tri/", admin.site.urls),
]

handler403 = "web.views.account.error_403"
handler404 = "web.views.account.error_404"
handler500 = "web.views.account.error_500"
