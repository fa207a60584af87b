"""Admin registration for LINE delivery: menus, viewsets, page buttons, URLs."""

from django.contrib.admin.utils import unquote
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views import View

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, HelpPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.contrib.settings.registry import register_setting
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms import audit
from cms.admin_columns import YesNoColumn
from home.models import SurveyPage

from . import admin_urls
from .models import (
    Delivery,
    DeliveryGuardrailSettings,
    Friend,
    IncomingMail,
    MailBridgeSettings,
    RefusedReply,
    RichMenu,
    TestMember,
    TrustedSender,
    UnansweredQuery,
)
from .rich_menus.forms import RichMenuForm
from .rich_menus.panels import LineStatusPanel


@hooks.register("register_admin_urls")
def register_line_urls():
    return [
        path("line/", include((admin_urls, "line_delivery"), namespace="line_delivery"))
    ]


class DeliveryIndexView(IndexView):
    """配信の記録: each row opens the delivery's report; nothing to add or edit."""

    def get_base_queryset(self):
        return Delivery.with_live_totals(super().get_base_queryset())

    def get_edit_url(self, instance):
        return reverse("line_delivery:delivery", args=[instance.pk])

    def get_add_url(self):
        return None

    def get_copy_url(self, instance):
        return None

    def get_delete_url(self, instance):
        return None

    def get_list_more_buttons(self, instance):
        return [
            Button(
                _("配信レポート"),
                url=self.get_edit_url(instance),
                icon_name="doc-full",
                priority=10,
            )
        ]


class DeliveryRecordView(View):
    """A delivery is a record: the generic add/edit URLs lead to the list or report."""

    def get(self, request, pk=None, **kwargs):
        if pk is None:
            return redirect("delivery:index")
        return redirect("line_delivery:delivery", int(unquote(str(pk))))

    post = get


class DeliveryViewSet(ModelViewSet):
    model = Delivery
    icon = "mail"
    menu_label = _("配信の記録")
    add_to_admin_menu = False
    inspect_view_enabled = False
    copy_view_enabled = False
    index_view_class = DeliveryIndexView
    add_view_class = DeliveryRecordView
    edit_view_class = DeliveryRecordView
    list_display = [
        "title",
        "kind",
        "status",
        Column("progress", label=_("送信済み / 対象"), accessor="progress_text"),
        Column("failed", label=_("失敗"), accessor="failed_recipients"),
        "created_at",
    ]
    list_filter = ["kind", "status"]
    search_fields = ["title"]
    exclude_form_fields = []
    form_fields = ["title"]

    def get_add_view_kwargs(self, **kwargs):
        return {}

    def get_edit_view_kwargs(self, **kwargs):
        return {}


class FriendViewSet(ModelViewSet):
    model = Friend
    icon = "group"
    menu_label = _("友だち")
    list_display = [
        "__str__",
        Column("masked_user_id", label=_("LINEユーザーID（一部）")),
        "status",
        "followed_at",
        YesNoColumn("is_sandbox", label=_("サンドボックス"), yes=_("練習用"), no="—"),
    ]
    list_filter = ["status", "is_sandbox", "topics", "areas"]
    form_fields = ["status", "topics", "areas"]
    inspect_view_enabled = True
    # Never the decrypted id or its hash: staff tell friends apart by the masked id.
    inspect_view_fields = [
        "masked_user_id",
        "status",
        "followed_at",
        "blocked_at",
        "topics",
        "areas",
        "is_sandbox",
        "created_at",
        "updated_at",
    ]


class TestMemberViewSet(ModelViewSet):
    model = TestMember
    icon = "user"
    menu_label = _("テストメンバー")
    list_display = [
        "name",
        # The friend's number, read from the row: no query per row for the friend.
        Column(
            "friend",
            label=_("友だち"),
            accessor=lambda member: f"{_('友だち')} #{member.friend_id}",
        ),
        YesNoColumn("is_active", label=_("有効"), yes=_("有効"), no=_("停止中")),
    ]
    form_fields = ["name", "friend", "is_active"]


class UnansweredQueryViewSet(ModelViewSet):
    """未回答の検索: what residents asked that nothing answered, most frequent first.

    Staff add the missing item or alias (ごみの品目) or an FAQ, then tick 対応済み.
    """

    model = UnansweredQuery
    icon = "help"
    menu_label = _("未回答の検索")
    list_display = [
        "example_text",
        "count",
        "last_asked_at",
        YesNoColumn("resolved", label=_("対応済み"), yes=_("対応済み"), no=_("未対応")),
    ]
    list_filter = ["resolved"]
    search_fields = ["example_text", "normalized_text"]
    form_fields = ["resolved"]
    inspect_view_enabled = False


class RefusedReplyViewSet(ModelViewSet):
    """返信の失敗: answers LINE would refuse, sent as plain text instead.

    The first line names the answer (usually the item); fix its 品目 or 分別区分
    (an empty 出し方, HTML, a very long note …), then tick 対応済み.
    """

    model = RefusedReply
    icon = "warning"
    menu_label = _("返信の失敗")
    list_display = [
        "subject",
        "problem",
        "count",
        "last_at",
        YesNoColumn("resolved", label=_("対応済み"), yes=_("対応済み"), no=_("未対応")),
    ]
    list_filter = ["resolved"]
    form_fields = ["resolved"]
    inspect_view_enabled = False


class LineDeliveryGroup(ViewSetGroup):
    menu_label = _("LINE配信")
    menu_icon = "mail"
    menu_order = 150
    items = (
        DeliveryViewSet,
        FriendViewSet,
        TestMemberViewSet,
        UnansweredQueryViewSet,
        RefusedReplyViewSet,
    )


class RecordPermissionPolicy(ModelPermissionPolicy):
    """Received mails are a record: staff look at them, nobody adds, edits or deletes."""

    READ_ONLY = frozenset({"view"})

    def user_has_permission(self, user, action):
        return action in self.READ_ONLY and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(IncomingMail, RecordPermissionPolicy(IncomingMail))


class IncomingMailViewSet(ModelViewSet):
    """受信した防災メール: every mail, what was read from it and what was done."""

    model = IncomingMail
    icon = "mail"
    menu_label = _("受信した防災メール")
    list_display = [
        "subject",
        "sender",
        "received_at",
        Column("level", label=_("警戒レベル"), accessor="level_label"),
        Column("areas", label=_("地区"), accessor="areas_text"),
        "outcome",
        "page",
    ]
    list_filter = ["outcome", "channel"]
    search_fields = ["subject", "text", "sender"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "received_at",
        "sent_at",
        "channel",
        "sender",
        "subject",
        "message_id",
        "text",
        "reading",
        "outcome",
        "outcome_detail",
        "duplicate_of",
        "page",
    ]
    form_fields = ["outcome_detail"]  # required by the viewset; never editable


class TrustedSenderViewSet(ModelViewSet):
    model = TrustedSender
    icon = "user"
    menu_label = _("信頼する送信者")
    list_display = [
        "address",
        "name",
        "action",
        YesNoColumn("is_active", label=_("有効"), yes=_("有効"), no=_("停止中")),
    ]
    form_fields = ["address", "name", "action", "topics", "is_active"]


class DisasterMailGroup(ViewSetGroup):
    menu_label = _("防災メール")
    menu_icon = "warning"
    menu_order = 155
    items = (IncomingMailViewSet, TrustedSenderViewSet)


register_setting(MailBridgeSettings, icon="cogs")
register_setting(DeliveryGuardrailSettings, icon="time")


@hooks.register("register_admin_viewset")
def register_line_viewsets():
    return LineDeliveryGroup()


@hooks.register("register_admin_viewset")
def register_disaster_mail_viewsets():
    return DisasterMailGroup()


class SandboxMenuItem(MenuItem):
    def is_shown(self, request):
        from .views import may_use_sandbox

        return may_use_sandbox(request.user)


@hooks.register("register_admin_menu_item")
def register_sandbox_menu_item():
    return SandboxMenuItem(
        _("LINEサンドボックス"),
        reverse("line_delivery:sandbox"),
        icon_name="mobile-alt",
        order=160,
    )


@hooks.register("register_admin_menu_item")
def register_survey_results_menu_item():
    return MenuItem(
        _("アンケート結果"),
        reverse("line_delivery:survey_list"),
        icon_name="form",
        order=155,
    )


@hooks.register("insert_editor_js")
def test_send_button_js():
    return format_html(
        '<script src="{}" defer></script>', static("line_delivery/test_send_button.js")
    )


@hooks.register("insert_editor_js")
def guardrail_count_js():
    return format_html(
        '<script src="{}" data-guardrail-preview-url="{}" defer></script>',
        static("line_delivery/guardrail_count.js"),
        reverse("line_delivery:guardrail_preview"),
    )


@hooks.register("register_page_header_buttons")
def line_page_buttons(page, user, next_url=None, view_name=None):
    page_class = page.specific_class or type(page)
    if not hasattr(page_class, "send_to_line"):
        return []
    survey_buttons = []
    if issubclass(page_class, SurveyPage):
        survey_buttons.append(
            Button(
                _("アンケート結果"),
                reverse("line_delivery:survey_results", args=[page.pk]),
                icon_name="form",
                priority=59,
            )
        )
    return [
        *survey_buttons,
        Button(
            _("LINEテスト配信"),
            reverse("line_delivery:test_send", args=[page.pk]),
            icon_name="mail",
            priority=60,
        ),
        Button(
            _("LINEで再配信"),
            reverse("line_delivery:redeliver", args=[page.pk]),
            icon_name="redirect",
            priority=61,
        ),
        Button(
            _("LINE配信レポート"),
            reverse("line_delivery:page_deliveries", args=[page.pk]),
            icon_name="list-ul",
            priority=62,
        ),
    ]


def _reposted_fields(request) -> list[tuple[str, str]]:
    """The submitted form, to post again as hidden fields from a confirmation page."""
    return [
        (name, value)
        for name, values in request.POST.lists()
        if name != "csrfmiddlewaretoken"
        for value in values
    ]


@hooks.register("before_copy_page")
def confirm_copy_that_delivers_again(request, page):
    """Copying a live LINE page with 公開 delivers it again as a new page: ask first."""
    from django.template.response import TemplateResponse

    if request.method != "POST" or not request.POST.get("publish_copies"):
        return None
    if request.POST.get("alias") or request.POST.get("confirm_line_delivery") == "1":
        return None  # an alias is never delivered (line_delivery.signal_handlers)
    if not page.live or not getattr(page.specific, "send_to_line", False):
        return None
    fields = _reposted_fields(request)
    return TemplateResponse(
        request,
        "line_delivery/confirm_copy.html",
        {"page": page, "fields": fields, "action_url": request.get_full_path()},
    )


class RichMenuViewSet(SnippetViewSet):
    """リッチメニュー: drafts and revisions; 公開 creates the menu on LINE."""

    model = RichMenu
    icon = "table"
    menu_label = _("リッチメニュー")
    menu_order = 155
    add_to_admin_menu = True
    list_display = [
        "name",
        "purpose",
        "chat_bar_text",
        Column("is_default", label=_("全員の既定"), accessor="default_mark"),
        YesNoColumn("live", label=_("公開"), yes=_("公開中"), no=_("下書き")),
    ]
    list_filter = ["purpose"]
    edit_handler = ObjectList(
        [
            HelpPanel(
                content=_(
                    "画像を選び、区切り方（レイアウト）を選んで、各領域をタップしたときの動きを決めます。"
                    "「保存」は下書きです。「テストメンバーで確認」でテスト端末にだけ表示でき、"
                    "「公開」するとLINEに登録されます。"
                )
            ),
            LineStatusPanel(heading=_("LINE")),
            FieldPanel("name"),
            FieldPanel("purpose"),
            FieldPanel("chat_bar_text"),
            FieldPanel("size"),
            FieldPanel("image"),
            FieldPanel("auto_fix_image"),
            FieldPanel("areas"),
        ],
        base_form_class=RichMenuForm,
    )


register_snippet(RichMenuViewSet)


def _record_rich_menu_change(request, instance, action: str) -> None:
    if isinstance(instance, RichMenu):
        if action == "edit" and "action-publish" in request.POST:
            action = "publish"
        audit.record(request, f"richmenu.{action}", instance)


@hooks.register("after_create_snippet")
def audit_rich_menu_created(request, instance):
    _record_rich_menu_change(request, instance, "create")


@hooks.register("after_edit_snippet")
def audit_rich_menu_edited(request, instance):
    _record_rich_menu_change(request, instance, "edit")


@hooks.register("after_delete_snippet")
def audit_rich_menu_deleted(request, instances):
    for instance in instances:
        _record_rich_menu_change(request, instance, "delete")


class CityAdminMenuItem(MenuItem):
    def is_shown(self, request):
        from cms.roles import is_city_admin

        return is_city_admin(request.user)


@hooks.register("register_settings_menu_item")
def register_go_live_menu_item():
    """本番接続 (line_delivery/go_live): 管理者 only."""
    return CityAdminMenuItem(
        _("本番接続（LINE）"),
        reverse("line_delivery:go_live"),
        icon_name="link",
        order=900,
    )


def _approves(request, page) -> bool:
    """This editor POST is a 承認 that finishes the workflow, so makes the page live."""
    from .delivery_reports.approval import APPROVE, approval_publishes

    if request.POST.get("workflow-action-name") != APPROVE:
        return False
    if "action-workflow-action" not in request.POST or page is None:
        return False
    task = page.current_workflow_task
    return task is not None and approval_publishes(task, page)


def _publishes(request, page) -> bool:
    """This editor POST makes the page live: 公開, or an approval (承認) in a workflow."""
    if request.method != "POST":
        return False
    return "action-publish" in request.POST or _approves(request, page)


def _workflow_extra_data(request) -> dict:
    """What the approval dialog collected (Wagtail posts it as JSON)."""
    import json

    try:
        data = json.loads(request.POST.get("workflow-action-extra-data") or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def confirm_guardrails(request, page, page_class):
    """配信前の確認: before a publish that LINE delivers, show who gets it and warn.

    Nothing is shown when nobody would receive it or nothing is worth a warning; the
    editor's one click (``confirm_line_guardrails``) is audit-logged with the warnings.
    An approval (承認) confirmed here or in its dialog carries the confirmation on to
    ``LineGuardedApprovalTask.on_action``, which logs it.
    """
    import json

    from django.template.response import TemplateResponse

    from .delivery_reports import guardrails
    from .delivery_reports.approval import CONFIRM_FIELD

    if not _publishes(request, page) or not hasattr(page_class, "send_to_line"):
        return None
    if not request.POST.get("send_to_line"):
        return None
    if not guardrails.will_deliver_on_publish(page):
        return None
    level = request.POST.get("level")
    result = guardrails.check(
        page or page_class(),
        guardrails.audience_from_form(request.POST),
        level=int(level) if str(level).isdigit() else None,
    )
    if not result.warnings:
        return None
    approving = "action-publish" not in request.POST
    extra_data = _workflow_extra_data(request)
    if approving and extra_data.get(CONFIRM_FIELD):
        return None
    if request.POST.get(CONFIRM_FIELD) == "1" and not approving:
        audit.record(
            request,
            "delivery.guardrail_confirmed",
            page,
            recipients=result.recipients,
            at_cap=result.at_cap,
            warnings=result.warnings,
        )
        return None
    fields = [
        (name, value)
        for name, value in _reposted_fields(request)
        if name != "workflow-action-extra-data"
    ]
    if approving:
        confirmed = json.dumps({**extra_data, CONFIRM_FIELD: True})
        fields.append(("workflow-action-extra-data", confirmed))
    return TemplateResponse(
        request,
        "line_delivery/delivery_reports/confirm_guardrails.html",
        {
            "page": page,
            "title": request.POST.get("title", ""),
            "result": result,
            "fields": fields,
            "action_url": request.get_full_path(),
            "confirm_label": "確認したので承認してLINEで配信する" if approving else "",
        },
    )


@hooks.register("before_edit_page")
def confirm_guardrails_on_edit(request, page):
    return confirm_guardrails(request, page.specific, page.specific_class)


@hooks.register("before_create_page")
def confirm_guardrails_on_create(request, parent_page, page_class):
    return confirm_guardrails(request, None, page_class)


@hooks.register("after_publish_page")
def tell_editor_the_page_waits_for_the_digest(request, page):
    """「このページは18:00のまとめて配信で送られます」: a publish that LINE holds for
    the day's digest says so (the delivery itself is decided by the task)."""
    from django.contrib import messages

    from .delivery_reports.guardrails import will_deliver_on_publish
    from .digest import sending as digest

    page = page.specific
    if not getattr(page, "send_to_line", False) or not digest.holds(page):
        return
    if not will_deliver_on_publish(page):
        return
    notice = digest.queued_notice(page) or digest.notice_text(digest.digest_date_for())
    messages.info(request, notice)


@hooks.register("construct_homepage_panels")
def add_line_dashboard_panels(request, panels):
    from .delivery_reports.dashboard import add_line_panels

    add_line_panels(request, panels)
