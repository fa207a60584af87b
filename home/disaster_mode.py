"""Entering and leaving disaster mode (災害モード).

Every switch is logged (``DisasterModeSwitch``), audited (``cms.audit.record``) and
announced with ``home.signals.disaster_mode_changed`` so channels react (the rich-menu
work makes the 災害時 menu the default). A mail rule may propose or enter disaster
mode; leaving it is always a staff decision (``leave`` requires a user).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from cms import audit

from .models import DisasterMode, DisasterModeSwitch
from .signals import disaster_mode_changed


PERMISSION = "home.switch_disastermode"


def is_active() -> bool:
    return DisasterMode.objects.filter(pk=1, is_active=True).exists()


def can_switch(user) -> bool:
    """管理者 (cms.roles), or staff given this one permission explicitly."""
    from cms.roles import is_city_admin

    return is_city_admin(user) or bool(
        user and user.is_active and user.has_perm(PERMISSION)
    )


def _switch(active: bool, *, user, reason: str, source: str) -> bool:
    """Set the mode; returns False when it already was so (nothing logged or sent)."""
    with transaction.atomic():
        DisasterMode.load()
        mode = DisasterMode.objects.select_for_update().get(pk=1)
        if mode.is_active == active:
            return False
        mode.is_active = active
        mode.changed_at = timezone.now()
        mode.changed_by = user
        mode.proposed_at = None
        mode.proposal = ""
        mode.save()
        DisasterModeSwitch.objects.create(
            kind=DisasterModeSwitch.Kind.ON if active else DisasterModeSwitch.Kind.OFF,
            source=source,
            user=user,
            reason=reason[:255],
        )
    audit.record(
        user, "disaster_mode.on" if active else "disaster_mode.off", mode, reason=reason
    )
    disaster_mode_changed.send(
        sender=DisasterMode, active=active, user=user, reason=reason
    )
    return True


def enter(
    *, user=None, reason: str = "", source: str = DisasterModeSwitch.Source.STAFF
) -> bool:
    return _switch(True, user=user, reason=reason, source=source)


def leave(*, user, reason: str = "") -> bool:
    """Back to normal: only a person decides that."""
    if user is None:
        raise ValueError(
            "Leaving disaster mode is a staff decision: a user is required"
        )
    return _switch(
        False, user=user, reason=reason, source=DisasterModeSwitch.Source.STAFF
    )


def propose(reason: str) -> bool:
    """A mail rule suggests disaster mode; staff see it in the admin. False if already on."""
    with transaction.atomic():
        DisasterMode.load()
        mode = DisasterMode.objects.select_for_update().get(pk=1)
        if mode.is_active:
            return False
        mode.proposed_at = timezone.now()
        mode.proposal = reason[:255]
        mode.save(update_fields=["proposed_at", "proposal"])
        DisasterModeSwitch.objects.create(
            kind=DisasterModeSwitch.Kind.PROPOSED,
            source=DisasterModeSwitch.Source.MAIL,
            reason=reason[:255],
        )
    audit.record(None, "disaster_mode.proposed", mode, reason=reason)
    return True


def withdraw_proposal(reason: str) -> bool:
    """The reason for a proposal has gone (災害対策本部を廃止): take it back.

    Only an open proposal is withdrawn; disaster mode itself is never left here
    (leaving is a staff decision). False when there was nothing to withdraw.
    """
    with transaction.atomic():
        DisasterMode.load()
        mode = DisasterMode.objects.select_for_update().get(pk=1)
        if mode.is_active or mode.proposed_at is None:
            return False
        mode.proposed_at = None
        mode.proposal = ""
        mode.save(update_fields=["proposed_at", "proposal"])
        DisasterModeSwitch.objects.create(
            kind=DisasterModeSwitch.Kind.WITHDRAWN,
            source=DisasterModeSwitch.Source.MAIL,
            reason=reason[:255],
        )
    audit.record(None, "disaster_mode.withdrawn", mode, reason=reason)
    return True
