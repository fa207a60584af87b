"""The chapters of the 操作マニュアル and the admin screens each one explains.

A chapter's text is its template ``manual/chapters/<slug>.html``. ``screens`` are the
admin URL prefixes whose 「？ この画面の説明」 link opens the chapter; ``shots`` are
the screenshots ``make manual-screens`` (a Chromium test) takes for it, as
(name, admin path, caption). Paths may name a demo object by ``{news}`` (a news page),
``{news_index}``, ``{richmenu}`` (the 通常 rich menu). A screen may end in
``#anchor`` to open the chapter at that section. ``page_types`` are the page models
(``app_label.model``) whose editor, add form and child listing the chapter explains:
every page is edited under ``/admin/pages/``, so the URL alone cannot tell.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Chapter:
    slug: str
    title: str
    summary: str
    screens: tuple[str, ...] = ()
    shots: tuple[tuple[str, str, str], ...] = field(default_factory=tuple)
    page_types: tuple[str, ...] = ()
    #: Readable signed out (the sign-in screen's own help), at ``/manual/<slug>/``.
    public: bool = False


CHAPTERS = (
    Chapter(
        "signin",
        "サインインと2段階認証",
        "管理画面に入る方法と、認証アプリの登録のしかた。",
        ("/admin/login/", "/admin/2fa/", "/admin/account/", "/admin/password_reset/"),
        (("signin", "/admin/login/", "サインインの画面"),),
        public=True,
    ),
    Chapter(
        "news",
        "お知らせを書く・承認・テスト配信・公開",
        "お知らせを一度書くと、ホームページとLINEに届きます。",
        (
            "/admin/pages/",
            "/admin/images/#images",
            "/admin/documents/#images",
            "/admin/collections/#images",
            "/admin/workflows/#approval",
            "/admin/settings/cms/approvalsettings/#approval",
            "/admin/reports/workflow#approval",
            "/admin/reports/locked/#page-reports",
            "/admin/reports/aging-pages/#page-reports",
            "/admin/reports/page-types-usage/#page-reports",
        ),
        (
            ("news-list", "/admin/pages/{news_index}/", "お知らせの一覧"),
            ("news-edit", "/admin/pages/{news}/edit/", "お知らせの編集画面"),
        ),
        page_types=("home.newspage", "home.newsindexpage", "home.homepage"),
    ),
    Chapter(
        "disaster",
        "防災情報と災害モード",
        "防災情報を出す方法と、災害モードの切り替え。",
        (
            "/admin/disaster-mode/",
            "/admin/notices/#in-force",
            "/admin/snippets/home/hazardduration/#in-force",
        ),
        (("disaster-mode", "/admin/disaster-mode/", "災害モードの画面"),),
        page_types=("home.disasternoticepage", "home.disasterindexpage"),
    ),
    Chapter(
        "shelters",
        "避難所の開設状況",
        "避難所を開設・満・未開設にする方法（スマートフォンからも使えます）。",
        ("/admin/shelters/", "/admin/snippets/home/shelter/"),
        (("shelters", "/admin/shelters/status/", "避難所の開設状況"),),
    ),
    Chapter(
        "mail",
        "防災メールの設定",
        "防災行政無線の放送文メールを自動で防災情報にする設定。",
        (
            "/admin/incomingmail/",
            "/admin/trustedsender/",
            "/admin/settings/line_delivery/mailbridgesettings/",
            "/admin/snippets/home/zone/",
            "/admin/snippets/home/eventkind/",
        ),
        (("mail", "/admin/incomingmail/", "受信した防災メール"),),
    ),
    Chapter(
        "richmenu",
        "リッチメニュー",
        "LINEのトーク画面の下に出るメニューを作る・確かめる・公開する。",
        ("/admin/snippets/line_delivery/richmenu/", "/admin/line/rich-menus/"),
        (
            (
                "richmenu",
                "/admin/snippets/line_delivery/richmenu/",
                "リッチメニューの一覧",
            ),
            (
                "richmenu-artwork",
                "/admin/line/rich-menus/{richmenu}/image/",
                "画像を自動で作る画面",
            ),
        ),
    ),
    Chapter(
        "surveys",
        "アンケート",
        "アンケートを作ってLINEで配り、結果を見る。",
        ("/admin/line/surveys/",),
        (("surveys", "/admin/line/surveys/", "アンケート結果"),),
        page_types=("home.surveypage",),
    ),
    Chapter(
        "garbage",
        "ごみ分別と収集日・5374の取り込み",
        "ごみの品目・分別区分・収集日の登録と、5374形式のデータの取り込み。",
        (
            "/admin/snippets/home/garbage",
            "/admin/snippets/home/collection",
            "/admin/garbage-5374/",
            "/admin/unansweredquery/",
            "/admin/garbage/feedback/#feedback",
        ),
        (
            ("garbage-items", "/admin/snippets/home/garbageitem/", "ごみの品目"),
            ("garbage-5374", "/admin/garbage-5374/", "5374データの取り込み"),
        ),
        page_types=("home.garbageguidepage",),
    ),
    Chapter(
        "friends",
        "友だちと受信設定・テストメンバー",
        "LINEの友だち、受信設定、テストメンバーとサンドボックス。",
        (
            "/admin/friend/",
            "/admin/testmember/",
            "/admin/line/sandbox/",
            "/admin/snippets/home/topic/#topics",
            "/admin/snippets/home/area/#topics",
        ),
        (("friends", "/admin/friend/", "友だちの一覧"),),
    ),
    Chapter(
        "delivery",
        "配信の記録",
        "LINEに送ったものと、その結果の見方。",
        (
            "/admin/delivery/",
            "/admin/line/deliveries/",
            "/admin/settings/line_delivery/deliveryguardrailsettings/#guardrails",
            "/admin/refusedreply/#refused",
        ),
        (("delivery", "/admin/delivery/", "配信の記録"),),
    ),
    Chapter(
        "inbox",
        "有人チャット（職員が市民に答える）",
        "市民から届いた相談に、管理画面から答える。",
        (
            "/admin/inbox/",
            "/admin/snippets/inbox/#setup",
            "/admin/snippets/home/faq/#faq",
        ),
        (("inbox", "/admin/inbox/", "有人チャットの一覧"),),
    ),
    Chapter(
        "reports",
        "通報（道路・公園・街灯などの不具合）",
        "市民がLINEで知らせた不具合を、受付から完了まで対応する。",
        ("/admin/reports/", "/admin/snippets/reports/", "/admin/settings/reports/"),
        (("reports", "/admin/reports/", "通報の一覧と地図"),),
    ),
    Chapter(
        "staff",
        "職員と役割",
        "職員のアカウントと役割（管理者・承認者・編集者・閲覧者・監査担当）。",
        ("/admin/users/", "/admin/groups/", "/admin/2fa/users/#two-factor"),
        (("users", "/admin/users/", "ユーザーの一覧"),),
    ),
    Chapter(
        "audit",
        "監査ログ・アクセスログ",
        "誰がいつ何をしたかの記録と、アクセスの記録の見方。",
        (
            "/admin/audit_log/",
            "/admin/access_log/#access-log",
            "/admin/reports/site-history/#site-history",
        ),
        (("audit", "/admin/audit_log/", "監査ログ"),),
    ),
    Chapter(
        "settings",
        "管理者の設定（市の基本情報・LINEの本番接続・ほかのシステムへの通知）",
        "管理者だけが使う設定: 市の基本情報、LINEの本番接続、転送（リダイレクト）、変更の通知。",
        (
            "/admin/settings/home/citysettings/#city",
            "/admin/line/go-live/#go-live",
            "/admin/redirects/#redirects",
            "/admin/change-notify/#change-notify",
        ),
    ),
    Chapter(
        "backup",
        "バックアップと復元（情報担当向け）",
        "毎晩のバックアップの確かめ方と、復元の手順。",
        (),
    ),
)
BY_SLUG = {chapter.slug: chapter for chapter in CHAPTERS}


def _split(screen: str) -> tuple[str, str]:
    prefix, _, anchor = screen.partition("#")
    return prefix, anchor


def help_target(path: str, page_type: str = "") -> tuple[Chapter, str] | None:
    """The chapter (and section anchor) explaining the screen at ``path``.

    ``page_type`` (``app_label.model``) is the page being edited, added or listed
    under ``/admin/pages/``; its chapter wins over the URL's.
    """
    if page_type and path.startswith("/admin/pages/"):
        for chapter in CHAPTERS:
            if page_type in chapter.page_types:
                return chapter, ""
    best: tuple[int, Chapter, str] | None = None
    for chapter in CHAPTERS:
        for screen in chapter.screens:
            prefix, anchor = _split(screen)
            if path.startswith(prefix) and (best is None or len(prefix) > best[0]):
                best = (len(prefix), chapter, anchor)
    return (best[1], best[2]) if best else None


def chapter_for_path(path: str, page_type: str = "") -> Chapter | None:
    """The chapter whose screen prefix matches ``path`` most closely."""
    found = help_target(path, page_type)
    return found[0] if found else None
