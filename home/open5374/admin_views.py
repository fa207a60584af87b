"""Admin screens: upload 5374 CSVs → preview → confirm; download the export zip."""

import base64

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from .importing import apply_import, preview
from .reading import Import5374Error, read_upload
from .writing import export_files, export_zip


SESSION_KEY = "garbage_5374_upload"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
IMPORT_PERMISSIONS = (
    "home.add_collectionarea",
    "home.change_collectionarea",
    "home.add_garbageitem",
    "home.change_garbageitem",
    "home.add_garbagecategory",
    "home.change_garbagecategory",
)
EXPORT_PERMISSIONS = ("home.view_collectionarea",)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".csv,.zip"}))
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
            "をまとめて選ぶか、書き出したzipファイルを選んでください。"
        ),
    )


def _require(request: HttpRequest, permissions: tuple[str, ...]) -> None:
    if not request.user.has_perms(permissions):
        raise PermissionDenied


def import_view(request: HttpRequest) -> HttpResponse:
    _require(request, IMPORT_PERMISSIONS)
    context: dict = {"form": UploadForm()}
    if request.method == "POST" and request.POST.get("confirm"):
        stored = request.session.get(SESSION_KEY)
        if not stored:
            messages.error(request, _("もう一度ファイルを選んでください。"))
            return redirect("garbage_5374:import")
        files = {name: base64.b64decode(data) for name, data in stored.items()}
        try:
            result = apply_import(files)
        except Import5374Error as error:
            context["problems"] = error.problems
        else:
            del request.session[SESSION_KEY]
            messages.success(
                request,
                _(
                    "5374形式のデータを取り込みました（収集地区 %(areas)d、品目 %(items)d）。"
                )
                % {
                    "areas": len(result.new_areas) + len(result.updated_areas),
                    "items": result.new_items + result.updated_items,
                },
            )
            return redirect("wagtailsnippets_home_collectionarea:list")
    elif request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            uploads = form.cleaned_data["files"]
            if sum(upload.size for upload in uploads) > MAX_UPLOAD_BYTES:
                context["problems"] = [
                    str(_("ファイルが大きすぎます（合計5MBまで）。"))
                ]
            else:
                try:
                    files: dict[str, bytes] = {}
                    for upload in uploads:
                        files.update(read_upload(upload.name, upload.read()))
                    context["preview"] = preview(files)
                except Import5374Error as error:
                    context["problems"] = error.problems
                else:
                    request.session[SESSION_KEY] = {
                        name: base64.b64encode(data).decode("ascii")
                        for name, data in files.items()
                    }
    if "preview" not in context:
        request.session.pop(SESSION_KEY, None)
    if request.user.has_perms(EXPORT_PERMISSIONS):
        context["export_warnings"] = export_files()[1]
    return TemplateResponse(request, "home/admin/garbage_5374.html", context)


def export_view(request: HttpRequest) -> HttpResponse:
    _require(request, EXPORT_PERMISSIONS)
    data, _warnings = export_zip()
    response = HttpResponse(data, content_type="application/zip")
    filename = f"garbage-5374-{timezone.localdate():%Y%m%d}.zip"
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
            path("export/", export_view, name="export"),
        ]

    @property
    def menu_url(self) -> str:
        return reverse("garbage_5374:import")
