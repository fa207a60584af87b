"""The staff dashboard (Wagtail's admin home): LINE at a glance, in Japanese.

One panel with quick actions and one with the figures: friends over time, blocks per
week, the last 7 days' deliveries, pages waiting for approval, disaster mode and open
shelters, chat questions nothing answered, rich-menu taps. Charts are drawn by
Chart.js (vendored, ``static/vendor/chartjs``); every chart has its table.
"""

import datetime

from django.db.models import Sum
from django.forms import Media
from django.urls import reverse
from django.utils import timezone

from wagtail.admin.ui.components import Component
from wagtail.models import Page, WorkflowState

from home.models import DisasterIndexPage, DisasterMode, NewsIndexPage, Shelter
from home.models.shelters import ShelterStatus

from ..models import Delivery, Friend, RichMenuTap, UnansweredQuery
from .friends import daily_figures, weekly_blocks


def _add_url(user, index_model, page_model: str) -> str | None:
    index = index_model.objects.live().first() or index_model.objects.first()
    if index is None or not index.permissions_for_user(user).can_add_subpage():
        return None
    return reverse("wagtailadmin_pages:add", args=["home", page_model, index.pk])


class QuickActionsPanel(Component):
    name = "line_quick_actions"
    order = 5
    template_name = "line_delivery/dashboard/quick_actions.html"

    def __init__(self, request) -> None:
        self.request = request

    def get_context_data(self, parent_context=None):
        return {
            "news_url": _add_url(self.request.user, NewsIndexPage, "newspage"),
            "disaster_url": _add_url(
                self.request.user, DisasterIndexPage, "disasternoticepage"
            ),
        }


class LineDashboardPanel(Component):
    name = "line_dashboard"
    order = 20
    template_name = "line_delivery/dashboard/panel.html"

    def __init__(self, request) -> None:
        self.request = request

    @property
    def media(self) -> Media:
        return Media(
            js=["vendor/chartjs/chart.umd.min.js", "line_delivery/dashboard_charts.js"],
            css={"all": ["line_delivery/dashboard.css"]},
        )

    def get_context_data(self, parent_context=None):
        now = timezone.now()
        days = daily_figures(30)
        weeks = weekly_blocks(8)
        week_ago = now - datetime.timedelta(days=7)
        deliveries = list(
            Delivery.objects.filter(created_at__gte=week_ago)
            .exclude(kind=Delivery.Kind.TEST)
            .order_by("-created_at")[:15]
        )
        taps = list(
            RichMenuTap.objects.filter(
                date__gte=timezone.localdate() - datetime.timedelta(days=6)
            )
            .values("label", "menu__name")
            .annotate(total=Sum("count"))
            .order_by("-total")[:8]
        )
        awaiting = (
            WorkflowState.objects.active()
            .filter(status=WorkflowState.STATUS_IN_PROGRESS)
            .order_by("-created_at")
        )
        pages = Page.objects.filter(
            pk__in=[int(s.object_id) for s in awaiting[:10] if s.object_id.isdigit()]
        )
        return {
            "friends_now": Friend.objects.following().count(),
            "days": days,
            "weeks": weeks,
            "blocks_week": weeks[-1][1] if weeks else 0,
            "friends_chart": {
                "type": "line",
                "labels": [f"{d.date:%-m/%-d}" for d in days],
                "datasets": [
                    {
                        "label": "友だち数（この管理画面の記録）",
                        "data": [d.friends for d in days],
                    },
                    *(
                        [
                            {
                                "label": "LINEの集計（追加の累計−ブロック）",
                                "data": [
                                    None
                                    if d.line_followers is None
                                    else d.line_followers - (d.line_blocks or 0)
                                    for d in days
                                ],
                            }
                        ]
                        if any(d.line_followers is not None for d in days)
                        else []
                    ),
                ],
            },
            "blocks_chart": {
                "type": "bar",
                "labels": [f"{monday:%-m/%-d}〜" for monday, _ in weeks],
                "datasets": [{"label": "ブロック", "data": [n for _, n in weeks]}],
            },
            "taps_chart": {
                "type": "bar",
                "labels": [t["label"] or t["menu__name"] for t in taps],
                "datasets": [{"label": "タップ数", "data": [t["total"] for t in taps]}],
            },
            "deliveries": deliveries,
            "delivery_failures": sum(d.failed_recipients for d in deliveries),
            "awaiting_count": awaiting.count(),
            "awaiting_pages": pages,
            "disaster_mode": DisasterMode.load(),
            "open_shelters": Shelter.objects.filter(
                status__in=[ShelterStatus.OPEN, ShelterStatus.FULL]
            ).order_by("name")[:10],
            "unanswered": UnansweredQuery.objects.filter(resolved=False)[:5],
            "taps": taps,
        }


def add_line_panels(request, panels) -> None:
    if not request.user.has_perm("line_delivery.view_delivery"):
        return
    panels.append(QuickActionsPanel(request))
    panels.append(LineDashboardPanel(request))
