"""Audit-log receivers: sign-ins, Wagtail's own log entries, settings changes."""

from django.contrib.auth.signals import (
    user_logged_in,
    user_logged_out,
    user_login_failed,
)
from django.db.models.signals import m2m_changed, post_save, pre_save

from wagtail.models import ModelLogEntry, PageLogEntry

from axes.signals import user_locked_out

from . import audit, audit_changes


SECRET_FIELD = audit_changes.SECRET_FIELD


def on_login(sender, request, user, **kwargs) -> None:
    audit.record(user, "auth.login")


def on_logout(sender, request, user, **kwargs) -> None:
    if user is not None:
        audit.record(user, "auth.logout")


def on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    # django.contrib.auth masks the password in ``credentials``; only the name is kept.
    username = credentials.get("username", "")
    audit.record(
        None,
        "auth.login_failed",
        actor_name=username,
        username=username,
        reason=kwargs.get("reason", "password"),
    )


def on_locked_out(sender, request, username, ip_address, **kwargs) -> None:
    audit.record(
        None, "auth.locked_out", actor_name=username or "", username=username or ""
    )


def copy_wagtail_log_entry(sender, instance, created, raw=False, **kwargs) -> None:
    """Publish, unpublish, edits, workflow steps …: Wagtail logs them; we copy them.

    Copying (rather than recording from ``page_published`` etc.) gets every path that
    Wagtail logs — admin, workflow approval, ``publish_scheduled`` — with the user.
    """
    if not created or raw or instance.action in audit.ACTIONS:
        return  # our own actions were recorded by audit.record already
    target_type = (
        f"{instance.content_type.app_label}.{instance.content_type.model}"
        if instance.content_type_id
        else ""
    )
    object_id = str(instance.object_id or "")
    # Before → after: the revision and the one before it (pages, rich menus), or the
    # row as it was before the save (snippets without revisions).
    changes = audit_changes.revision_details(instance)
    if not changes and instance.action == "wagtail.edit":
        stashed = audit_changes.stashed_changes(target_type, object_id)
        changes = {"changes": stashed} if stashed else {}
    audit.record(
        instance.user,
        instance.action,
        audit.Target(target_type, object_id, instance.label),
        **{"wagtail_log_id": instance.pk, **(instance.data or {}), **changes},
    )


def remember_old_settings(sender, instance, raw=False, **kwargs) -> None:
    if raw or instance.pk is None:
        instance._audit_old_values = {}
        return
    old = sender.objects.filter(pk=instance.pk).values().first() or {}
    instance._audit_old_values = old


def record_settings_change(sender, instance, created, raw=False, **kwargs) -> None:
    if raw:
        return
    old = getattr(instance, "_audit_old_values", {})
    changed_fields = [
        field
        for field in sender._meta.concrete_fields
        if not field.primary_key
        and old.get(field.attname) != getattr(instance, field.attname)
    ]
    changed = [field.verbose_name for field in changed_fields]
    # Before → after for the auditor, except values that may be secrets.
    changes = {
        str(field.verbose_name): [
            old.get(field.attname),
            getattr(instance, field.attname),
        ]
        for field in changed_fields
        if not SECRET_FIELD.search(field.name)
    }
    # A settings row created with its defaults (first read) is not a staff change.
    if changed and not created:
        audit.record(
            None,
            "settings.change",
            instance,
            fields=[str(f) for f in changed],
            changes=changes,
        )


def _approval_type_names(instance) -> list[str]:
    return sorted(
        str(ct.model_class()._meta.verbose_name)
        for ct in instance.page_types.all()
        if ct.model_class() is not None
    )


def on_approval_types_changed(sender, instance, action, **kwargs) -> None:
    """「公開前の承認」 changed: reassign the workflow, and record before → after."""
    if action.startswith("pre_"):
        instance._audit_types_before = _approval_type_names(instance)
        return
    from .roles import sync_approval_pages

    sync_approval_pages()
    before = getattr(instance, "_audit_types_before", [])
    after = _approval_type_names(instance)
    from .request_context import current_request

    # The first defaults (ensure_roles after migrate) are not a staff change.
    if before != after and current_request() is not None:
        audit.record(
            None,
            "settings.change",
            instance,
            fields=["承認が必要なページの種類"],
            changes={"承認が必要なページの種類": [before, after]},
        )


def register_signal_handlers() -> None:
    from .models import ApprovalSettings
    from .roles import APPROVAL_PAGE_TYPES, assign_approval_workflow

    m2m_changed.connect(
        on_approval_types_changed,
        sender=ApprovalSettings.page_types.through,
        dispatch_uid="cms:approval_types_changed",
    )
    for label in APPROVAL_PAGE_TYPES:
        post_save.connect(
            assign_approval_workflow,
            sender=label,
            dispatch_uid=f"cms:approval_workflow:{label}",
        )
    user_logged_in.connect(on_login, dispatch_uid="cms:audit_login")
    user_logged_out.connect(on_logout, dispatch_uid="cms:audit_logout")
    user_login_failed.connect(on_login_failed, dispatch_uid="cms:audit_login_failed")
    user_locked_out.connect(on_locked_out, dispatch_uid="cms:audit_locked_out")
    # Every snippet, whichever app registers it: snippets are registered by the apps'
    # wagtail_hooks, after this runs, so the handlers filter on ``snippet_viewset``.
    pre_save.connect(
        audit_changes.remember_snippet_row, dispatch_uid="cms:audit_snippet_before"
    )
    post_save.connect(
        audit_changes.stash_snippet_changes, dispatch_uid="cms:audit_snippet_after"
    )
    for model in (PageLogEntry, ModelLogEntry):
        post_save.connect(
            copy_wagtail_log_entry,
            sender=model,
            dispatch_uid=f"cms:audit_copy:{model._meta.label}",
        )
    from django.apps import apps

    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting

    setting_models = [
        model
        for model in apps.get_models()
        if issubclass(model, BaseGenericSetting | BaseSiteSetting)
    ]
    for model in setting_models:
        pre_save.connect(
            remember_old_settings,
            sender=model,
            dispatch_uid=f"cms:audit_settings_old:{model._meta.label}",
        )
        post_save.connect(
            record_settings_change,
            sender=model,
            dispatch_uid=f"cms:audit_settings:{model._meta.label}",
        )
