"""Counts for the staff dashboard: open and overdue reports, per category."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from .models import Report, ReportCategory


@dataclass(frozen=True)
class CategoryCount:
    category: ReportCategory
    received: int
    in_progress: int
    overdue: int


def report_counts(user: Any) -> dict[str, Any]:
    now = timezone.now()
    reports = Report.objects.for_staff(user)
    overdue_ids = reports.overdue(now).values("pk")
    rows = (
        reports.open()
        .values("category")
        .annotate(
            received=Count("pk", filter=Q(state=Report.State.RECEIVED)),
            in_progress=Count("pk", filter=Q(state=Report.State.IN_PROGRESS)),
            overdue=Count("pk", filter=Q(pk__in=overdue_ids)),
        )
    )
    categories = ReportCategory.objects.in_bulk([row["category"] for row in rows])
    per_category = [
        CategoryCount(
            categories[row["category"]],
            row["received"],
            row["in_progress"],
            row["overdue"],
        )
        for row in rows
    ]
    per_category.sort(key=lambda c: (-c.overdue, c.category.sort_order))
    today = timezone.localdate()
    return {
        "open": sum(c.received + c.in_progress for c in per_category),
        "received": sum(c.received for c in per_category),
        "overdue": sum(c.overdue for c in per_category),
        "closed_today": reports.filter(
            closed_at__date=today, state=Report.State.CLOSED
        ).count(),
        "new_today": reports.filter(created_at__date=today).count(),
        "per_category": per_category,
    }
