"""Rich menus: what staff edit (``RichMenu``) and what exists on LINE (``LineRichMenu``).

``RichMenu`` is a snippet with drafts and revisions. Its LINE state lives in separate
rows on purpose: publishing an old revision must not bring back an old LINE id.
Imported by ``line_delivery.models`` so Django sees them as that app's models.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.models import DraftStateMixin, PreviewableMixin, RevisionMixin

from ..channel import current_channel
from .layouts import SIZES


class RichMenu(PreviewableMixin, DraftStateMixin, RevisionMixin, models.Model):
    """リッチメニュー: the image and tap areas under the LINE chat.

    The city keeps one 通常 menu and one 災害時 menu (either can be the default for
    everyone); other menus are tabs reached from those through 切り替え areas.
    """

    class Purpose(models.TextChoices):
        NORMAL = "normal", _("通常")
        DISASTER = "disaster", _("災害時")
        TAB = "tab", _("タブ（他のメニューから切り替え）")

    class Size(models.TextChoices):
        FULL = "full", SIZES["full"].label
        HALF = "half", SIZES["half"].label

    name = models.CharField(
        _("メニュー名（管理用）"),
        max_length=300,
        help_text=_("職員が見分けるための名前です。市民には表示されません。"),
    )
    purpose = models.CharField(
        _("用途"), max_length=10, choices=Purpose.choices, default=Purpose.TAB
    )
    # LINE counts 14 grapheme clusters (an emoji family is one); the form checks that.
    chat_bar_text = models.CharField(
        _("メニューバーの文字"),
        max_length=100,
        default="メニュー",
        help_text=_("トーク画面の下に出る文字です（14文字まで）。"),
    )
    size = models.CharField(
        _("サイズ"), max_length=4, choices=Size.choices, default=Size.FULL
    )
    image = models.ImageField(
        _("画像"),
        upload_to="rich_menus/",
        blank=True,
        help_text=_(
            "JPEGかPNG、1MBまで。大は2500×1686、小は2500×843ピクセルです。"
            "大きさや容量が合わないときは自動で直せます。画像がなくても、保存してから"
            "「LINE」の欄の「画像を自動で作る」で作れます。"
        ),
    )
    areas = models.JSONField(_("タップ領域"), default=list, blank=True)
    #: How 「画像を自動で作る」 last drew ``image`` (theme, labels, file name), so the
    #: screen starts from the same choices and says when the labels have changed.
    artwork = models.JSONField(default=dict, blank=True, editable=False)
    revisions = GenericRelation(
        "wagtailcore.Revision",
        content_type_field="content_type",
        object_id_field="object_id",
        for_concrete_model=False,
        related_query_name="rich_menu",
    )

    class Meta:
        verbose_name = _("リッチメニュー")
        verbose_name_plural = _("リッチメニュー")
        ordering = ["purpose", "name"]
        permissions = [
            (
                "set_default_richmenu",
                _("リッチメニューを全員の既定に切り替える（市の管理者）"),
            )
        ]
        constraints = [
            # One 通常 and one 災害時 menu: the disaster switch must know which to use.
            models.UniqueConstraint(
                fields=["purpose"],
                condition=~models.Q(purpose="tab"),
                name="one_rich_menu_per_purpose",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def alias_id(self) -> str:
        """The LINE alias (``^[a-z0-9_-]{1,32}$``) other menus' 切り替え areas point at."""
        return f"otake-menu-{self.pk}"

    @property
    def menu_size(self):
        return SIZES[self.size]

    @property
    def default_mark(self) -> str:
        return "○" if RichMenuDefault.load().menu_id == self.pk else ""

    def get_preview_template(self, request, mode_name):
        return "line_delivery/rich_menus/preview.html"

    def get_preview_context(self, request, mode_name):
        from .actions import describe_areas

        context = super().get_preview_context(request, mode_name)
        context["areas"] = describe_areas(self)
        return context

    def artwork_is_stale(self) -> bool:
        """The image was generated, is still in use, and the labels changed since."""
        drawn = self.artwork or {}
        if not drawn or not self.image or drawn.get("file") != self.image.name:
            return False
        labels = [" ".join(str(a.get("label", "")).split()) for a in self.areas or []]
        return drawn.get("labels") != labels

    def _current_line_object(self, purpose: str) -> LineRichMenu | None:
        return self.line_objects.current(purpose).first()

    def live_line_object(self) -> LineRichMenu | None:
        """The menu residents get on LINE (what the alias points at)."""
        return self._current_line_object(LineRichMenu.Purpose.LIVE)

    def test_line_object(self) -> LineRichMenu | None:
        """The draft shown to the test members, while テストメンバーで確認 is on."""
        return self._current_line_object(LineRichMenu.Purpose.TEST)

    def last_failure(self) -> LineRichMenu | None:
        latest = self.line_objects.order_by("-created_at").first()
        return (
            latest if latest and latest.status == LineRichMenu.Status.FAILED else None
        )


class LineRichMenuQuerySet(models.QuerySet):
    def on_current_channel(self) -> LineRichMenuQuerySet:
        from ..channel import current_channel

        return self.filter(channel=current_channel())

    def current(self, purpose: str) -> LineRichMenuQuerySet:
        """Ready on this channel's LINE and not replaced, newest first."""
        return (
            self.on_current_channel()
            .filter(
                purpose=purpose,
                status=LineRichMenu.Status.READY,
                replaced_at__isnull=True,
            )
            .order_by("-created_at")
        )


class LineRichMenu(models.Model):
    """One rich-menu object created on LINE from one revision (published or a test).

    LINE menus cannot be edited (the image can be uploaded once), so every publish
    creates a new one; the one it replaces is queued for deletion, which LINE limits
    to 100 an hour.
    """

    class Purpose(models.TextChoices):
        LIVE = "live", _("公開")
        TEST = "test", _("テストメンバーで確認")

    class Status(models.TextChoices):
        CREATING = "creating", _("登録中")
        READY = "ready", _("登録済み")
        FAILED = "failed", _("失敗")

    menu = models.ForeignKey(
        RichMenu,
        null=True,
        on_delete=models.SET_NULL,
        related_name="line_objects",
        verbose_name=_("リッチメニュー"),
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    purpose = models.CharField(max_length=4, choices=Purpose.choices)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.CREATING
    )
    line_rich_menu_id = models.CharField(max_length=100, blank=True, db_index=True)
    #: The channel it was created on (line_delivery/channel.py): it exists there only.
    channel = models.CharField(max_length=40, default=current_channel, db_index=True)
    #: The request sent to LINE (areas, actions): taps are resolved against it.
    body = models.JSONField(default=dict)
    error_message = models.TextField(blank=True)
    linked_users = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    replaced_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = LineRichMenuQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["replaced_at", "deleted_at"])]

    def __str__(self) -> str:
        return self.line_rich_menu_id or f"#{self.pk}"

    def area(self, key: str) -> dict[str, Any] | None:
        for area in self.body.get("_areas", []):
            if area.get("key") == key:
                return area
        return None


class RichMenuDefault(models.Model):
    """The menu every friend sees unless linked to another (one row)."""

    menu = models.ForeignKey(
        RichMenu, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    line_object = models.ForeignKey(
        LineRichMenu, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    def __str__(self) -> str:
        return str(self.menu or "-")

    @classmethod
    def load(cls) -> RichMenuDefault:
        return cls.objects.get_or_create(pk=1)[0]


class RichMenuTap(models.Model):
    """Taps on one area of one menu on one day (JST)."""

    menu = models.ForeignKey(RichMenu, on_delete=models.CASCADE, related_name="taps")
    area_key = models.CharField(max_length=16)
    label = models.CharField(max_length=100, blank=True)
    date = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["menu", "area_key", "date"], name="one_tap_row_per_area_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.date}: {self.count}"
