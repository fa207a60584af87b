"""Before → after of page and snippet edits, for the audit log (監査ログ).

Pages and revisioned snippets (rich menus) keep a revision per save: the entry names
the revision and the one before it, so the list links to Wagtail's compare view, and
the simple fields that differ are shown as 「名前: 前 → 後」. Snippets without revisions
(避難所, 地区, ごみの品目 …) are compared with the row as it was before the save.
"""

from __future__ import annotations

from collections.abc import Mapping
import re
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from .request_context import current_request


SECRET_FIELD = re.compile(r"secret|token|key|password|pass", re.IGNORECASE)
BOOKKEEPING = {
    "path",
    "depth",
    "numchild",
    "url_path",
    "draft_title",
    "latest_revision",
    "live_revision",
    "latest_revision_created_at",
    "has_unpublished_changes",
    "first_published_at",
    "last_published_at",
    "go_live_at",
    "expire_at",
    "expired",
    "live",
    "locked",
    "locked_at",
    "locked_by",
    "content_type",
    "owner",
    "translation_key",
    "locale",
    "alias_of",
    "status_changed_at",
    "updated_at",
    "created_at",
}
"""Fields Wagtail or the code keep up to date; no staff member changed them."""
MAX_SHOWN = 60


def _shown(value: Any) -> Any:
    if isinstance(value, str) and len(value) > MAX_SHOWN:
        return value[:MAX_SHOWN] + "…"
    return value


def field_changes(
    model: type[models.Model], before: Mapping[str, Any], after: Mapping[str, Any]
) -> dict[str, list[Any]]:
    """{verbose name: [before, after]} of the simple fields that differ.

    ``before``/``after`` are keyed by field name or attname (revision content uses
    names, ``.values()`` attnames). Long text is shortened; structured values (本文,
    lists) and secrets are left to the compare view or left out.
    """
    changes: dict[str, list[Any]] = {}
    for field in model._meta.concrete_fields:
        if (
            field.primary_key
            or field.name in BOOKKEEPING
            or field.name.endswith("_ptr")
        ):
            continue
        if SECRET_FIELD.search(field.name):
            continue
        key = field.attname if field.attname in after else field.name
        if key not in after or key not in before:
            continue
        old, new = before[key], after[key]
        if old == new or isinstance(old, list | dict) or isinstance(new, list | dict):
            continue
        if isinstance(new, str) and new.startswith("[{") and len(new) > MAX_SHOWN:
            continue  # a StreamField's JSON: read it in the compare view
        changes[str(field.verbose_name)] = [_shown(old), _shown(new)]
    return changes


def revision_details(log_entry: Any) -> dict[str, Any]:
    """For a Wagtail log entry with a revision: its id, the previous one, the changes."""
    revision = getattr(log_entry, "revision", None)
    if revision is None:
        return {}
    previous = (
        type(revision)
        .objects.filter(
            base_content_type_id=revision.base_content_type_id,
            object_id=revision.object_id,
            pk__lt=revision.pk,
        )
        .order_by("-pk")
        .first()
    )
    details: dict[str, Any] = {"revision_id": revision.pk}
    if previous is not None:
        details["previous_revision_id"] = previous.pk
        model = revision.content_type.model_class()
        if model is not None:
            changes = field_changes(model, previous.content, revision.content)
            if changes:
                details["changes"] = changes
    return details


def _is_plain_snippet(model: type[models.Model]) -> bool:
    from wagtail.models import RevisionMixin

    return hasattr(model, "snippet_viewset") and not issubclass(model, RevisionMixin)


def remember_snippet_row(sender, instance, raw=False, **kwargs) -> None:
    """pre_save: the row as it was, for a snippet edited in the admin."""
    if raw or instance.pk is None or not _is_plain_snippet(sender):
        return
    if current_request() is None:
        return  # a task or command: no staff edit for Wagtail to log
    instance._audit_before = sender.objects.filter(pk=instance.pk).values().first()


def stash_snippet_changes(sender, instance, created, raw=False, **kwargs) -> None:
    """post_save: keep the changes on the request until Wagtail logs the edit."""
    before = getattr(instance, "_audit_before", None)
    request = current_request()
    if raw or created or before is None or request is None:
        return
    after = sender.objects.filter(pk=instance.pk).values().first() or {}
    changes = field_changes(sender, before, after)
    if changes:
        pending = request.__dict__.setdefault("_audit_snippet_changes", {})
        pending[(sender._meta.label_lower, str(instance.pk))] = changes


def stashed_changes(target_type: str, object_id: str) -> dict[str, list[Any]]:
    request = current_request()
    pending = getattr(request, "_audit_snippet_changes", {}) if request else {}
    return pending.get((target_type, object_id), {})


def compare_url(target_type: str, object_id: str, details: Mapping[str, Any]) -> str:
    """Wagtail's compare view of this revision against the previous one ("" if none)."""
    from django.apps import apps
    from django.urls import NoReverseMatch, reverse

    from wagtail.models import Page

    before, after = details.get("previous_revision_id"), details.get("revision_id")
    if not (before and after and target_type and object_id):
        return ""
    try:
        model = apps.get_model(target_type)
    except (LookupError, ValueError):
        return ""
    try:
        if issubclass(model, Page):
            return reverse(
                "wagtailadmin_pages:revisions_compare",
                args=(object_id, before, after),
            )
        viewset = getattr(model, "snippet_viewset", None)
        if viewset is None:
            return ""
        return reverse(
            f"{viewset.get_admin_url_namespace()}:revisions_compare",
            args=(object_id, before, after),
        )
    except NoReverseMatch:
        return ""


COMPARE_LABEL = _("変更前と比べる")
