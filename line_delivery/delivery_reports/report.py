"""The delivery report: what a send did, in the words staff use (配信レポート)."""

from collections import Counter
from dataclasses import dataclass, field

from ..models import Delivery, DeliveryRequest
from . import resend
from .blocks import BlockCounts, blocks_after
from .models import DeliveryStatistics


@dataclass
class FailureReason:
    reason: str
    recipients: int
    requests: int


@dataclass
class Report:
    delivery: Delivery
    planned: int
    accepted: int
    failed: int
    pending: int
    reasons: list[FailureReason]
    monthly_limit: tuple[int, int] | None
    missing: int
    uncertain: int
    can_resend: bool
    resends: list[Delivery]
    statistics: DeliveryStatistics | None
    statistics_source: Delivery
    blocks: BlockCounts
    rows: list[tuple[str, str]] = field(default_factory=list)

    @property
    def clicks(self) -> list[dict]:
        return self.statistics.clicks if self.statistics else []


def failure_reasons(delivery: Delivery) -> list[FailureReason]:
    people: Counter[str] = Counter()
    requests: Counter[str] = Counter()
    for reason, count in delivery.requests.filter(
        status=DeliveryRequest.Status.FAILED
    ).values_list("error_message", "recipient_count"):
        people[reason] += count
        requests[reason] += 1
    return [
        FailureReason(reason, people[reason], requests[reason])
        for reason, _ in people.most_common()
    ]


def build_report(delivery: Delivery) -> Report:
    root = resend.root_of(delivery)
    found = resend.recipients(delivery)
    missing = len(resend.missing_friend_ids(delivery))
    if root.is_broadcast and found.broadcast_missing:
        missing = root.total_recipients
    statistics = DeliveryStatistics.objects.filter(delivery=root).first()
    return Report(
        delivery=delivery,
        planned=delivery.total_recipients,
        accepted=delivery.accepted_recipients,
        failed=delivery.failed_recipients,
        pending=delivery.requests.filter(status=DeliveryRequest.Status.PENDING).count(),
        reasons=failure_reasons(delivery),
        monthly_limit=resend.monthly_limit_counts(delivery),
        missing=missing,
        uncertain=len(found.uncertain),
        can_resend=resend.can_resend(delivery),
        resends=list(root.resends.order_by("created_at")),
        statistics=statistics,
        statistics_source=root,
        blocks=blocks_after(delivery),
    )


def _shown(value) -> str:
    return "—（20人未満のためLINEが非公表）" if value is None else str(value)


def report_rows(report: Report) -> list[tuple[str, str]]:
    """The report as (項目, 値) pairs: the CSV and the accessible table share them."""
    delivery = report.delivery
    rows = [
        ("件名", delivery.title),
        ("種類", delivery.get_kind_display()),
        ("状態", delivery.get_status_display()),
        ("作成日時", f"{delivery.created_at:%Y-%m-%d %H:%M}"),
        ("対象人数", str(report.planned)),
        ("LINEが受け付けた人数", str(report.accepted)),
        ("失敗した人数", str(report.failed)),
    ]
    if report.monthly_limit:
        sent, not_sent = report.monthly_limit
        rows.append(("今月の配信上限", f"送信済み {sent} 人・未送信 {not_sent} 人"))
    for reason in report.reasons:
        rows.append(("失敗の理由", f"{reason.reason}（{reason.recipients} 人）"))
    stats = report.statistics
    if stats and stats.fetched_at:
        rows += [
            ("LINEの統計の取得日時", f"{stats.fetched_at:%Y-%m-%d %H:%M}"),
            ("開封した人", _shown(stats.unique_impressions)),
            ("表示回数", _shown(stats.impressions)),
            ("リンクを開いた人", _shown(stats.unique_clicks)),
        ]
        if stats.unique_media_played is not None:
            rows.append(("動画・音声を再生した人", str(stats.unique_media_played)))
        for click in stats.clicks:
            rows.append(
                (
                    f"リンク {click['url']}",
                    f"クリック {_shown(click['click'])}・人数 {_shown(click['unique_click'])}",
                )
            )
    rows += [
        ("配信後24時間のブロック", str(report.blocks.within_day)),
        ("配信後7日間のブロック", str(report.blocks.within_week)),
    ]
    for row in report.blocks.rows:
        rows.append(
            (
                f"ブロック（{row.axis}: {row.name}）",
                f"24時間 {row.within_day}・7日間 {row.within_week}",
            )
        )
    return rows
