"""What a disaster notice orders or suspends, and how long it stays in force (事象).

A notice (``DisasterNoticePage``) has one ``NoticeEvent`` row per thing it puts in
force, per 地区 (``area``) or citywide (``area`` empty): 「比作地区に高齢者等避難」,
「阿多田島汽船が欠航」. A later notice about the same thing *supersedes* the row
(raised, lowered, extended); a mail or staff member that ends it *ends* it
(解除 / 再開 / 復旧 / 発見 / 廃止) through one ``NoticeEnding``. The rows are not
page content: they are never part of a revision, so re-publishing a page cannot
bring an ended event back. ``home.notice_lifecycle`` turns them into a notice's state.

Admin registration lives in ``home/wagtail_hooks.py``.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable

from .disaster import Hazard


ONE_PER_LINE = _("1行に1つ入力します（正規表現は使いません）。")


def words(text: str) -> list[str]:
    """Staff type one word per line (、 and , also separate); blanks are dropped."""
    for separator in ("、", ",", "，"):
        text = text.replace(separator, "\n")
    return [word.strip() for word in text.splitlines() if word.strip()]


class EventKind(ClusterableModel):
    """事象の種類: what a notice can order or suspend, and the words that end it.

    ``subjects`` (路線・航路・警報の名前) make a route part of an event: a
    resumption of the 阿多田航路 ends only the 阿多田航路's suspension; a mail naming
    no route (「全便の運航を再開」) ends every suspension of the kind. A name that is
    not listed but ends in one of ``subject_endings`` (「宮島航路」) is a route too.
    """

    name = models.CharField(_("名前"), max_length=40, unique=True)
    is_evacuation_level = models.BooleanField(
        _("警戒レベルの避難情報"),
        default=False,
        help_text=_(
            "高齢者等避難・避難指示・緊急安全確保のように、警戒レベルで発令するもの。"
            "レベルの語は「防災メールの読み取り」の設定を使います。"
        ),
    )
    target_words = models.TextField(
        _("対象を示す語"),
        blank=True,
        help_text=_("文にこの語があれば、この種類について書かれているとみなします。")
        + " "
        + ONE_PER_LINE,
    )
    start_words = models.TextField(
        _("始まり・継続を示す語"),
        blank=True,
        help_text=_("例: 欠航、運休、断水、通行止め、発令。") + " " + ONE_PER_LINE,
    )
    end_words = models.TextField(
        _("終わりを示す語"),
        help_text=_("例: 運航を再開、復旧、解除、発見。") + " " + ONE_PER_LINE,
    )
    not_end_words = models.TextField(
        _("終わりとみなさない語"),
        blank=True,
        help_text=_(
            "終わりの語と一緒にあっても終わりとみなしません。例: 見込み、一部で、たら"
        )
        + " "
        + ONE_PER_LINE,
    )
    end_label = models.CharField(
        _("終わったときの表示"),
        max_length=10,
        default="解除",
        help_text=_("ホームページやLINEに表示します。例: 解除、運航再開、復旧、発見"),
    )
    subject_endings = models.TextField(
        _("路線・航路名の終わりの語"),
        blank=True,
        help_text=_(
            "下の一覧にない名前も、この語で終わる名前（「宮島航路」「岩徳線」）を"
            "別の路線・航路として区別します。例: 航路、線、便。"
        )
        + " "
        + ONE_PER_LINE,
    )
    sort_order = models.PositiveSmallIntegerField(_("並び順"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("is_evacuation_level"),
        FieldPanel("target_words"),
        FieldPanel("start_words"),
        FieldPanel("end_words"),
        FieldPanel("not_end_words"),
        FieldPanel("end_label"),
        FieldPanel("subject_endings"),
        FieldPanel("sort_order"),
        InlinePanel(
            "subjects",
            label=_("路線・航路などの名前"),
            heading=_("路線・航路・警報の名前"),
            help_text=_(
                "名前ごとに別の事象として扱います（阿多田航路の再開で他の航路は"
                "終わりません）。名前のない再開（全便・全線）は、この種類のすべてを"
                "終わらせます。"
            ),
        ),
    ]

    class Meta:
        verbose_name = _("事象の種類と終わりの語")
        verbose_name_plural = _("事象の種類と終わりの語")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name

    def target_list(self) -> list[str]:
        return words(self.target_words)

    def start_list(self) -> list[str]:
        return words(self.start_words)

    def end_list(self) -> list[str]:
        return words(self.end_words)

    def not_end_list(self) -> list[str]:
        return words(self.not_end_words)

    def subject_ending_list(self) -> list[str]:
        return words(self.subject_endings)

    def subject_spellings(self) -> dict[str, set[str]]:
        """Subject name → every way a mail writes it (name and 別の表記)."""
        return {
            subject.name: {subject.name, *words(subject.aliases)}
            for subject in self.subjects.all()
        }


class EventKindSubject(Orderable):
    """One route, line or warning of a kind (阿多田航路, JR山陽本線, 大雨警報)."""

    kind = ParentalKey(EventKind, on_delete=models.CASCADE, related_name="subjects")
    name = models.CharField(
        _("名前"),
        max_length=40,
        help_text=_("ホームページやLINEに表示します。例: 阿多田航路、JR山陽本線"),
    )
    aliases = models.TextField(
        _("別の表記"),
        blank=True,
        help_text=_("メールでの書き方。例: 阿多田島汽船、阿多田島フェリー。")
        + " "
        + ONE_PER_LINE,
    )

    panels = [FieldPanel("name"), FieldPanel("aliases")]

    class Meta(Orderable.Meta):
        verbose_name = _("路線・航路などの名前")
        verbose_name_plural = _("路線・航路などの名前")

    def __str__(self) -> str:
        return self.name


class HazardDuration(models.Model):
    """How long a notice without a level (お知らせ) is shown as in force, per hazard."""

    DEFAULT_HOURS = 24

    hazard = models.CharField(
        _("災害の種類"), max_length=20, choices=Hazard.choices, unique=True
    )
    hours = models.PositiveSmallIntegerField(
        _("発表中とする時間（時間）"),
        default=DEFAULT_HOURS,
        help_text=_(
            "警戒レベルのないお知らせは、発表からこの時間が過ぎると"
            "「現在発表中」に表示しません（延長したものを除く）。"
        ),
    )

    class Meta:
        verbose_name = _("お知らせを発表中とする時間")
        verbose_name_plural = _("お知らせを発表中とする時間")
        ordering = ["hazard"]

    def __str__(self) -> str:
        return f"{self.get_hazard_display()}: {self.hours}時間"

    @classmethod
    def durations(cls) -> dict[str, datetime.timedelta]:
        """Hours per hazard; hazards without a row get the default."""
        stored = dict(cls.objects.values_list("hazard", "hours"))
        return {
            hazard: datetime.timedelta(hours=stored.get(hazard, cls.DEFAULT_HOURS))
            for hazard in Hazard.values
        }


class NoticeEnding(models.Model):
    """One moment events ended: a mail that lifted them, or one staff click (終了)."""

    ended_at = models.DateTimeField(_("終了日時"), default=timezone.now)
    ending_notice = models.ForeignKey(
        "home.DisasterNoticePage",
        verbose_name=_("終了を伝えた防災情報"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("終了した職員"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("事象の終了")
        verbose_name_plural = _("事象の終了")
        ordering = ["-ended_at"]

    def __str__(self) -> str:
        return f"{self.ended_at:%Y-%m-%d %H:%M}"

    def ended_notices(self):
        from .disaster import DisasterNoticePage

        return DisasterNoticePage.objects.filter(
            pk__in=self.events.values("notice_id")
        ).order_by("issued_at", "pk")


class NoticeEvent(models.Model):
    """One thing a notice put in force, in one 地区 or citywide (発表中の事象)."""

    class Status(models.TextChoices):
        IN_FORCE = "in_force", _("発表中")
        SUPERSEDED = "superseded", _("新しい情報に更新")
        ENDED = "ended", _("終了")

    notice = models.ForeignKey(
        "home.DisasterNoticePage",
        verbose_name=_("防災情報"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    kind = models.ForeignKey(
        EventKind,
        verbose_name=_("種類"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("空欄: お知らせ全体（職員が終了・延長したもの）"),
    )
    area = models.ForeignKey(
        "home.Area",
        verbose_name=_("地区"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("空欄は市内全域"),
    )
    subject = models.CharField(
        _("路線・航路などの名前"),
        max_length=40,
        blank=True,
        help_text=_("空欄: 名前を特定しない（この種類のすべて）"),
    )
    level = models.PositiveSmallIntegerField(_("警戒レベル"), default=0)
    status = models.CharField(
        _("状態"), max_length=12, choices=Status.choices, default=Status.IN_FORCE
    )
    changed_at = models.DateTimeField(_("状態の変更日時"), default=timezone.now)
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("更新した事象"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supersedes",
    )
    ending = models.ForeignKey(
        NoticeEnding,
        verbose_name=_("終了"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    end_label = models.CharField(_("終了の表示"), max_length=10, blank=True)
    lowered_to = models.ForeignKey(
        "self",
        verbose_name=_("切り替え先"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lowered_from",
        help_text=_("警報が注意報に切り替わったときの注意報（終了しても続くもの）"),
    )
    in_force_until = models.DateTimeField(
        _("延長した期限"),
        null=True,
        blank=True,
        help_text=_("お知らせを延長したとき、この日時まで発表中とします。"),
    )

    class Meta:
        verbose_name = _("防災情報の事象")
        verbose_name_plural = _("防災情報の事象")
        ordering = ["notice_id", "pk"]
        indexes = [models.Index(fields=["status", "kind"])]

    def __str__(self) -> str:
        where = self.area.name if self.area_id else "市内全域"
        return f"{self.what_label}（{where}）"

    @property
    def area_label(self) -> str:
        return self.area.name if self.area_id else "市内全域"

    @property
    def what_label(self) -> str:
        if self.kind_id is None:
            return "お知らせ"
        if self.kind.is_evacuation_level and self.level:
            from .disaster import AlertLevel

            return str(AlertLevel(self.level).label)
        return self.subject or self.kind.name

    @property
    def end_text(self) -> str:
        """「解除」, or 「解除（大雨注意報に切り替え）」 when something lower goes on."""
        label = self.end_label or "解除"
        if self.lowered_to_id is not None:
            return f"{label}（{self.lowered_to.what_label}に切り替え）"
        return label
