"""The mail bridge's rules (staff-editable word lists, trusted senders) and its log.

Imported by ``line_delivery/models.py`` so Django registers them with the app.
Admin registration lives in ``line_delivery/wagtail_hooks.py``.

Storage decision: the text of a 防災行政無線 broadcast is public (the city publishes
an archive), so the readable text and the reading are kept in the clear for staff
to search. The raw message is encrypted: its headers hold mail addresses and its
footer a per-subscriber token, which must never leak (and never reaches LINE).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting

from ..crypto import EncryptedTextField
from . import defaults
from .reading import AREA_SUFFIX, Vocabulary, line_list, word_list


ONE_PER_LINE = _("1行に1つ入力します（正規表現は使いません）。")


def words_field(
    label: str, default: list[str], help_text: str = ""
) -> models.TextField:
    return models.TextField(
        label,
        blank=True,
        default=defaults.lines(default),
        help_text=f"{help_text} {ONE_PER_LINE}".strip() if help_text else ONE_PER_LINE,
    )


class DisasterModeAction(models.TextChoices):
    NONE = "none", _("何もしない")
    PROPOSE = "propose", _("災害モードを職員に提案する")
    SWITCH_ON = "switch_on", _("災害モードに自動で切り替える")


class MailBridgeSettings(BaseGenericSetting):
    """防災メールの読み取り設定: the words that decide what a mail means."""

    subject_prefixes = words_field(
        _("件名から取り除く語"),
        defaults.SUBJECT_PREFIXES,
        _("LINEの見出しにするとき、件名から取り除きます。例: 【防災情報】"),
    )
    draft_only_subject_words = words_field(
        _("自動配信しない件名の語"),
        defaults.DRAFT_ONLY_SUBJECT_WORDS,
        _("件名にこの語があるメールは、信頼する送信者からでも下書きにとどめます。"),
    )
    header_lines = words_field(
        _("先頭から取り除く行"),
        [],
        _("本文の先頭にこの文字で始まる行があれば取り除きます。"),
    )
    footer_lines = words_field(
        _("末尾から取り除く行"),
        defaults.FOOTER_LINES,
        _("配信停止の案内など、本文の末尾でこの文字で始まる行を取り除きます。"),
    )
    area_note_markers = words_field(
        _("一部の地区への放送を示す語"),
        defaults.AREA_NOTE_MARKERS,
        _("この語を含む行を地区の注記とみなし、そこに書かれた地区に限って届けます。"),
    )
    area_suffixes = words_field(
        _("地区名のあとに付く語"),
        defaults.AREA_SUFFIXES,
        _("本文で「木野地区」「木野地域」のように地区を示す語。例: 地区、地域"),
    )
    whole_city_words = words_field(_("市内全域を示す語"), defaults.WHOLE_CITY_WORDS)
    level3_words = words_field(
        _("警戒レベル3の語"), defaults.LEVEL_WORDS[3], _("例: 高齢者等避難")
    )
    level4_words = words_field(
        _("警戒レベル4の語"), defaults.LEVEL_WORDS[4], _("例: 避難指示")
    )
    level5_words = words_field(
        _("警戒レベル5の語"), defaults.LEVEL_WORDS[5], _("例: 緊急安全確保")
    )
    issue_words = words_field(
        _("発令・継続を示す語"),
        defaults.ISSUE_WORDS,
        _("文にこの語とレベルの語があれば、そのレベルが発令中とみなします。"),
    )
    lift_words = words_field(
        _("解除を示す語"),
        defaults.LIFT_WORDS,
        _("文にこの語があれば、その文に書かれたものの解除とみなします。"),
    )
    lift_targets = words_field(
        _("解除されるもの"),
        defaults.LIFT_TARGETS,
        _("レベルの語のほかに、解除を記録するもの。例: 災害対策本部、大雨警報"),
    )
    drill_words = words_field(
        _("訓練・試験を示す語"),
        defaults.DRILL_WORDS,
        _("この語があるメールでは、レベルを発令とみなしません。"),
    )
    repeat_note_markers = words_field(
        _("再放送の予告を示す語"),
        defaults.REPEAT_NOTE_MARKERS,
        _("予告された再放送のメールは重複として扱います。"),
    )
    mail_only_markers = words_field(
        _("メールのみの配信を示す語"), defaults.MAIL_ONLY_MARKERS
    )
    shelter_open_words = words_field(
        _("避難所の開設を示す語"), defaults.SHELTER_OPEN_WORDS
    )
    shelter_close_words = words_field(
        _("避難所の閉鎖を示す語"), defaults.SHELTER_CLOSE_WORDS
    )
    shelter_full_words = words_field(
        _("避難所が満員であることを示す語"), defaults.SHELTER_FULL_WORDS
    )
    shelter_name_endings = words_field(
        _("避難所の名前の終わり方"),
        defaults.SHELTER_NAME_ENDINGS,
        _(
            "この語で終わる名前が開設・閉鎖の文にあり、避難所の一覧にないときは"
            "当番職員に知らせます。例: 集会所、公民館"
        ),
    )
    not_shelter_words = words_field(
        _("避難所と数えない文の語"),
        defaults.NOT_SHELTER_WORDS,
        _("例: 給水（給水所は避難所ではありません）"),
    )
    disaster_mode_action = models.CharField(
        _("災害モードの扱い"),
        max_length=10,
        choices=DisasterModeAction.choices,
        default=DisasterModeAction.PROPOSE,
        help_text=_("解除は必ず職員が行います。"),
    )
    disaster_mode_level = models.PositiveSmallIntegerField(
        _("災害モードにする警戒レベル"),
        default=defaults.DISASTER_MODE_LEVEL,
        help_text=_("このレベル以上が発令されたら、上の扱いをします。"),
    )
    disaster_mode_words = words_field(
        _("災害モードにする語"),
        defaults.DISASTER_MODE_WORDS,
        _("例: 災害対策本部を設置"),
    )
    disaster_mode_end_words = words_field(
        _("災害モードの提案を取り下げる語"),
        defaults.DISASTER_MODE_END_WORDS,
        _(
            "この語があるメールを受け取ったら、まだ切り替えていない提案を取り下げます。"
            "例: 災害対策本部を廃止"
        ),
    )
    instruction_words = words_field(
        _("行動を呼びかける文の語"),
        defaults.INSTRUCTION_WORDS,
        _("LINEの要約では、この語がある最初の文を先頭にします。例: ください"),
    )
    courtesy_words = words_field(
        _("呼びかけと数えない文の語"),
        defaults.COURTESY_WORDS,
        _("例: ご理解（「ご理解とご協力をお願いします」は先頭にしません）"),
    )
    summary_skip_beginnings = words_field(
        _("要約に入れない文の始まり"),
        defaults.SUMMARY_SKIP_BEGINNINGS,
        _("例: こちらは、緊急放送"),
    )
    summary_skip_endings = words_field(
        _("要約に入れない短い文の終わり"),
        defaults.SUMMARY_SKIP_ENDINGS,
        _("例: からお知らせします。（25文字までの文だけ）"),
    )
    duty_staff_emails = models.TextField(
        _("当番職員のメールアドレス"),
        blank=True,
        help_text=_("下書きができたときや災害モードの提案を知らせます。1行に1つ。"),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("subject_prefixes"),
                FieldPanel("draft_only_subject_words"),
                FieldPanel("header_lines"),
                FieldPanel("footer_lines"),
            ],
            heading=_("件名と本文"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("area_note_markers"),
                FieldPanel("area_suffixes"),
                FieldPanel("whole_city_words"),
            ],
            heading=_("地区"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("level3_words"),
                FieldPanel("level4_words"),
                FieldPanel("level5_words"),
                FieldPanel("issue_words"),
                FieldPanel("lift_words"),
                FieldPanel("lift_targets"),
                FieldPanel("drill_words"),
            ],
            heading=_("警戒レベルと解除"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("repeat_note_markers"),
                FieldPanel("mail_only_markers"),
                FieldPanel("shelter_open_words"),
                FieldPanel("shelter_close_words"),
                FieldPanel("shelter_full_words"),
                FieldPanel("not_shelter_words"),
                FieldPanel("shelter_name_endings"),
            ],
            heading=_("注記と避難所"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("instruction_words"),
                FieldPanel("courtesy_words"),
                FieldPanel("summary_skip_beginnings"),
                FieldPanel("summary_skip_endings"),
            ],
            heading=_("LINEの要約"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("disaster_mode_action"),
                FieldPanel("disaster_mode_level"),
                FieldPanel("disaster_mode_words"),
                FieldPanel("disaster_mode_end_words"),
                FieldPanel("duty_staff_emails"),
            ],
            heading=_("災害モードと当番職員"),
        ),
    ]

    class Meta:
        verbose_name = _("防災メールの読み取り")

    def vocabulary(
        self,
        areas: dict[str, set[str]] | None = None,
        shelters: dict[str, set[str]] | None = None,
        zones: dict[str, tuple[set[str], list[str]]] | None = None,
    ) -> Vocabulary:
        """The word lists, with the 地区, zones and shelters from the database unless
        given (a zone: spellings, then its 地区)."""
        from home.models import Area, Shelter, Zone

        # Places given by the caller (benchmarks without a database): zones too.
        explicit_places = areas is not None

        if areas is None:
            areas = {
                area.name: {area.name, *area.alias_list()}
                for area in Area.objects.all()
            }
        if shelters is None:
            shelters = {
                shelter.name: {shelter.name, *shelter.alias_list()}
                for shelter in Shelter.objects.all()
            }
        if zones is None and explicit_places:
            zones = {}
        if zones is None:
            zones = {
                zone.name: (
                    {zone.name, *zone.alias_list()},
                    [area.name for area in zone.areas.all()],
                )
                for zone in Zone.objects.prefetch_related("areas")
            }
        return Vocabulary(
            level_words={
                3: word_list(self.level3_words),
                4: word_list(self.level4_words),
                5: word_list(self.level5_words),
            },
            issue_words=word_list(self.issue_words),
            lift_words=word_list(self.lift_words),
            lift_targets=word_list(self.lift_targets),
            area_note_markers=word_list(self.area_note_markers),
            whole_city_words=word_list(self.whole_city_words),
            repeat_note_markers=word_list(self.repeat_note_markers),
            mail_only_markers=word_list(self.mail_only_markers),
            drill_words=word_list(self.drill_words),
            shelter_open_words=word_list(self.shelter_open_words),
            shelter_close_words=word_list(self.shelter_close_words),
            shelter_full_words=word_list(self.shelter_full_words),
            not_shelter_words=word_list(self.not_shelter_words),
            shelter_name_endings=word_list(self.shelter_name_endings),
            area_suffixes=word_list(self.area_suffixes) or [AREA_SUFFIX],
            instruction_words=word_list(self.instruction_words),
            courtesy_words=word_list(self.courtesy_words),
            summary_skip_beginnings=line_list(self.summary_skip_beginnings),
            summary_skip_endings=line_list(self.summary_skip_endings),
            header_lines=line_list(self.header_lines),
            footer_lines=line_list(self.footer_lines),
            areas=areas,
            shelters=shelters,
            zones={name: spellings for name, (spellings, _a) in zones.items()},
            zone_areas={name: names for name, (_s, names) in zones.items()},
        )

    def subject_prefix_list(self) -> list[str]:
        return word_list(self.subject_prefixes)

    def draft_only_words(self) -> list[str]:
        return word_list(self.draft_only_subject_words)

    def disaster_mode_word_list(self) -> list[str]:
        return word_list(self.disaster_mode_words)

    def disaster_mode_end_word_list(self) -> list[str]:
        return word_list(self.disaster_mode_end_words)

    def duty_staff(self) -> list[str]:
        return word_list(self.duty_staff_emails)


class TrustedSender(models.Model):
    """A sender whose mails are acted on (信頼する送信者). Others are only kept."""

    class Action(models.TextChoices):
        DRAFT = "draft", _("下書きを作成して当番職員に知らせる")
        PUBLISH = "publish", _("すぐに公開してLINEで配信する")

    address = models.EmailField(
        _("メールアドレス"),
        unique=True,
        error_messages={
            "unique": _(
                "このメールアドレスはすでに登録されています（大文字と小文字は区別しません）。"
            )
        },
        help_text=_(
            "差出人のアドレスと完全に一致したときだけ信頼します（表示名は見ません）。"
        ),
    )
    name = models.CharField(_("名前"), max_length=80, blank=True)
    action = models.CharField(
        _("受け取ったときの動作"),
        max_length=10,
        choices=Action.choices,
        default=Action.DRAFT,
    )
    topics = models.ManyToManyField(
        "home.Topic",
        verbose_name=_("届けるトピック"),
        blank=True,
        related_name="+",
        help_text=_("作成する防災情報の受信トピック。選ばなければ全員に届きます。"),
    )
    is_active = models.BooleanField(_("有効"), default=True)

    class Meta:
        verbose_name = _("信頼する送信者")
        verbose_name_plural = _("信頼する送信者")
        ordering = ["address"]

    def __str__(self) -> str:
        return self.name or self.address

    def save(self, *args, **kwargs) -> None:
        self.address = self.address.strip().lower()
        super().save(*args, **kwargs)

    def clean_fields(self, exclude=None) -> None:
        # Lower-cased before the unique check (validate_unique runs after this), so
        # Otake-Bousai@… is reported as already registered instead of failing on save.
        self.address = (self.address or "").strip().lower()
        super().clean_fields(exclude=exclude)


class IncomingMail(models.Model):
    """One received 防災情報メール and what was done with it (受信した防災メール)."""

    class Outcome(models.TextChoices):
        RECEIVED = "received", _("受信")
        PUBLISHED = "published", _("公開・LINE配信")
        DRAFTED = "drafted", _("下書きを作成")
        DUPLICATE = "duplicate", _("重複のため無視")
        UNTRUSTED = "untrusted", _("信頼していない送信者のため保存のみ")
        EMPTY = "empty", _("本文がないため保存のみ")
        FAILED = "failed", _("エラー")

    class Channel(models.TextChoices):
        PIPE = "pipe", _("メールサーバーから転送")
        IMAP = "imap", _("IMAPで取得")

    message_id = models.CharField(_("Message-ID"), max_length=255, db_index=True)
    channel = models.CharField(_("受信方法"), max_length=10, choices=Channel.choices)
    received_at = models.DateTimeField(_("受信日時"), default=timezone.now)
    sent_at = models.DateTimeField(_("送信日時"), null=True, blank=True)
    sender = models.CharField(_("差出人"), max_length=255)
    subject = models.CharField(_("件名"), max_length=255, blank=True)
    raw_message = EncryptedTextField(_("受信したメール（暗号化）"))
    text = models.TextField(_("本文"), blank=True)
    text_hash = models.CharField(max_length=64, db_index=True, blank=True)
    repeat_key = models.CharField(max_length=64, db_index=True, blank=True)
    announces_repeat = models.BooleanField(_("再放送の予告あり"), default=False)
    reading = models.JSONField(_("読み取り結果"), default=dict, blank=True)
    is_original = models.BooleanField(
        default=True, help_text="False for a duplicate of an earlier mail"
    )
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("重複元"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
    )
    trusted_sender = models.ForeignKey(
        TrustedSender,
        verbose_name=_("信頼する送信者"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome = models.CharField(
        _("処理"), max_length=10, choices=Outcome.choices, default=Outcome.RECEIVED
    )
    outcome_detail = models.TextField(_("処理の詳細"), blank=True)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("作成した防災情報"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("受信した防災メール")
        verbose_name_plural = _("受信した防災メール")
        ordering = ["-received_at", "-pk"]
        constraints = [
            # Two deliveries of one message (IMAP and pipe at once) race here: only one
            # can be the original, the other is stored as its duplicate.
            models.UniqueConstraint(
                fields=["message_id"],
                condition=models.Q(is_original=True),
                name="one_original_mail_per_message_id",
            ),
            models.UniqueConstraint(
                fields=["text_hash"],
                condition=models.Q(is_original=True) & ~models.Q(text_hash=""),
                name="one_original_mail_per_text",
            ),
        ]

    def __str__(self) -> str:
        return self.subject or self.message_id

    @property
    def level_label(self) -> str:
        from home.models import AlertLevel

        level = self.reading.get("level")
        return str(AlertLevel(level).label) if level else "—"

    @property
    def areas_text(self) -> str:
        areas = self.reading.get("areas") or []
        if not areas and self.reading.get("area_unclear"):
            return str(_("読み取れず（全域に配信）"))
        return "、".join(areas) if areas else str(_("市内全域"))
