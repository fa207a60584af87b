"""Admin screens: upload 5374 files → check (background) → confirm → import (background);
export (background) → download. Each job has a page with its progress and result."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from ..models import Open5374Job
from . import jobs
from .problems import Import5374Error
from .reading import read_upload


MAX_UPLOAD_BYTES = 20 * 1024 * 1024
IMPORT_PERMISSIONS = (
    "home.add_collectionarea",
    "home.change_collectionarea",
    "home.add_garbageitem",
    "home.change_garbageitem",
    "home.add_garbagecategory",
    "home.change_garbagecategory",
)
EXPORT_PERMISSIONS = ("home.view_collectionarea",)
RECENT_JOBS = 10


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ".csv,.zip,.svg"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        clean_one = super().clean
        if isinstance(data, list | tuple):
            return [clean_one(item, initial) for item in data]
        return [clean_one(data, initial)]


class UploadForm(forms.Form):
    files = MultipleFileField(
        label=_("5374形式のファイル"),
        help_text=_(
            "area_days.csv（必須）、center.csv、description.csv、target.csv、remarks.csv"
            "をまとめて選ぶか、zipファイル（書き出したものなど）を選んでください。"
            "アイコン（img/*.svg）も一緒に選べます。"
        ),
    )
    skip_bad_rows = forms.BooleanField(
        label=_("問題のある行を飛ばして取り込む"),
        required=False,
        help_text=_(
            "読み取れない行があっても、ほかの行を取り込みます。"
            "飛ばした行は確認画面にファイル名と行番号で表示します。"
        ),
    )


def _require(request: HttpRequest, permissions: tuple[str, ...]) -> None:
    if not request.user.has_perms(permissions):
        raise PermissionDenied


def _job_permissions(job: Open5374Job) -> tuple[str, ...]:
    return (
        EXPORT_PERMISSIONS
        if job.kind == Open5374Job.Kind.EXPORT
        else IMPORT_PERMISSIONS
    )


def _job(request: HttpRequest, pk: int) -> Open5374Job:
    job = get_object_or_404(Open5374Job, pk=pk)
    _require(request, _job_permissions(job))
    return job


def import_view(request: HttpRequest) -> HttpResponse:
    _require(request, EXPORT_PERMISSIONS)
    can_import = request.user.has_perms(IMPORT_PERMISSIONS)
    form = UploadForm()
    problems: list[str] = []
    if request.method == "POST":
        _require(request, IMPORT_PERMISSIONS)
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            uploads = form.cleaned_data["files"]
            if sum(upload.size for upload in uploads) > MAX_UPLOAD_BYTES:
                problems = [str(_("ファイルが大きすぎます（合計20MBまで）。"))]
            else:
                try:
                    files: dict[str, bytes] = {}
                    for upload in uploads:
                        files.update(read_upload(upload.name, upload.read()))
                except Import5374Error as error:
                    problems = error.problems
                else:
                    job = jobs.start(
                        Open5374Job.Kind.PREVIEW,
                        files=jobs.pack(files),
                        skip_bad_rows=form.cleaned_data["skip_bad_rows"],
                        user=request.user,
                    )
                    return redirect("garbage_5374:job", pk=job.pk)
    recent = Open5374Job.objects.select_related("created_by").defer("files", "output")
    if not can_import:
        recent = recent.filter(kind=Open5374Job.Kind.EXPORT)
    return TemplateResponse(
        request,
        "home/admin/garbage_5374.html",
        {
            "form": form,
            "problems": problems,
            "can_import": can_import,
            "recent_jobs": recent[:RECENT_JOBS],
        },
    )


def job_view(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    return TemplateResponse(
        request,
        "home/admin/garbage_5374_job.html",
        {
            "job": job,
            "result": job.result,
            "status_url": reverse("garbage_5374:job_status", args=[job.pk]),
        },
    )


def job_status(request: HttpRequest, pk: int) -> JsonResponse:
    job = _job(request, pk)
    return JsonResponse(
        {
            "state": job.state,
            "state_label": job.get_state_display(),
            "progress": job.progress,
            "step": job.step,
            "finished": job.finished,
        }
    )


def _checked_preview(request: HttpRequest, pk: int) -> Open5374Job:
    job = _job(request, pk)
    if job.kind != Open5374Job.Kind.PREVIEW or not job.finished or not job.files:
        raise Http404
    return job


@require_POST
def confirm_import(request: HttpRequest, pk: int) -> HttpResponse:
    """この内容で取り込む: import exactly the files that were checked."""
    checked = _checked_preview(request, pk)
    if checked.state != Open5374Job.State.DONE:
        raise Http404
    job = jobs.start(
        Open5374Job.Kind.IMPORT,
        files=bytes(checked.files),
        skip_bad_rows=checked.skip_bad_rows,
        user=request.user,
    )
    return redirect("garbage_5374:job", pk=job.pk)


@require_POST
def check_skipping(request: HttpRequest, pk: int) -> HttpResponse:
    """問題のある行を飛ばして取り込む: check the same files again, skipping bad rows."""
    failed = _checked_preview(request, pk)
    if not failed.result.get("skippable"):
        raise Http404
    job = jobs.start(
        Open5374Job.Kind.PREVIEW,
        files=bytes(failed.files),
        skip_bad_rows=True,
        user=request.user,
    )
    return redirect("garbage_5374:job", pk=job.pk)


@require_POST
def start_export(request: HttpRequest) -> HttpResponse:
    _require(request, EXPORT_PERMISSIONS)
    job = jobs.start(Open5374Job.Kind.EXPORT, user=request.user)
    return redirect("garbage_5374:job", pk=job.pk)


def download_export(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    if (
        job.kind != Open5374Job.Kind.EXPORT
        or job.state != Open5374Job.State.DONE
        or not job.output
    ):
        raise Http404
    response = HttpResponse(bytes(job.output), content_type="application/zip")
    filename = f"garbage-5374-{timezone.localtime(job.created_at):%Y%m%d}.zip"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class PermittedMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return request.user.has_perms(EXPORT_PERMISSIONS)


class Open5374ViewSet(ViewSet):
    """ごみ分別 › 5374形式: import and export in the admin menu."""

    name = "garbage_5374"
    url_prefix = "garbage-5374"
    icon = "download"
    menu_label = _("5374形式の取込・書出")
    menu_item_class = PermittedMenuItem

    def get_urlpatterns(self):
        return [
            path("", import_view, name="import"),
            path("export/", start_export, name="export"),
            path("jobs/<int:pk>/", job_view, name="job"),
            path("jobs/<int:pk>/status/", job_status, name="job_status"),
            path("jobs/<int:pk>/import/", confirm_import, name="confirm"),
            path("jobs/<int:pk>/skip/", check_skipping, name="skip"),
            path("jobs/<int:pk>/download/", download_export, name="download"),
        ]

    @property
    def menu_url(self) -> str:
        return reverse("garbage_5374:import")
