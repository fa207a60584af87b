"""The chapters of the 操作マニュアル and the admin screens each one explains.

A chapter's text is its template ``manual/chapters/<slug>.html``. ``screens`` are the
admin URL prefixes whose 「？ この画面の説明」 link opens the chapter; ``shots`` are
the screenshots ``make manual-screens`` (a Chromium test) takes for it, as
(name, admin path, caption). Paths may name a demo object by ``{news}`` (a news page),
``{news_index}``, ``{richmenu}`` (the 通常 rich menu).
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Chapter:
    slug: str
    title: str
    summary: str
    screens: tuple[str, ...] = ()
    shots: tuple[tuple[str, str, str], ...] = field(default_factory=tuple)


CHAPTERS = (
    Chapter(
        "signin",
        "サインインと2段階認証",
        "管理画面に入る方法と、認証アプリの登録のしかた。",
        ("/admin/login/", "/admin/2fa/", "/admin/account/"),
        (("signin", "/admin/login/", "サインインの画面"),),
    ),
    Chapter(
        "news",
        "お知らせを書く・承認・テスト配信・公開",
        "お知らせを一度書くと、ホームページとLINEに届きます。",
        ("/admin/pages/",),
        (
            ("news-list", "/admin/pages/{news_index}/", "お知らせの一覧"),
            ("news-edit", "/admin/pages/{news}/edit/", "お知らせの編集画面"),
        ),
    ),
    Chapter(
        "disaster",
        "防災情報と災害モード",
        "防災情報を出す方法と、災害モードの切り替え。",
        ("/admin/disaster-mode/",),
        (("disaster-mode", "/admin/disaster-mode/", "災害モードの画面"),),
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
            "/admin/settings/line_delivery/",
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
        ),
        (
            ("garbage-items", "/admin/snippets/home/garbageitem/", "ごみの品目"),
            ("garbage-5374", "/admin/garbage-5374/", "5374データの取り込み"),
        ),
    ),
    Chapter(
        "friends",
        "友だちと受信設定・テストメンバー",
        "LINEの友だち、受信設定、テストメンバーとサンドボックス。",
        ("/admin/friend/", "/admin/testmember/", "/admin/line/sandbox/"),
        (("friends", "/admin/friend/", "友だちの一覧"),),
    ),
    Chapter(
        "delivery",
        "配信の記録",
        "LINEに送ったものと、その結果の見方。",
        ("/admin/delivery/", "/admin/line/deliveries/"),
        (("delivery", "/admin/delivery/", "配信の記録"),),
    ),
    Chapter(
        "inbox",
        "有人チャット（職員が市民に答える）",
        "市民から届いた相談に、管理画面から答える。",
        ("/admin/inbox/",),
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
        ("/admin/users/", "/admin/groups/"),
        (("users", "/admin/users/", "ユーザーの一覧"),),
    ),
    Chapter(
        "audit",
        "監査ログ・アクセスログ",
        "誰がいつ何をしたかの記録と、アクセスの記録の見方。",
        ("/admin/audit_log/", "/admin/access_log/"),
        (("audit", "/admin/audit_log/", "監査ログ"),),
    ),
    Chapter(
        "backup",
        "バックアップと復元（情報担当向け）",
        "毎晩のバックアップの確かめ方と、復元の手順。",
        (),
    ),
)
BY_SLUG = {chapter.slug: chapter for chapter in CHAPTERS}


def chapter_for_path(path: str) -> Chapter | None:
    """The chapter whose screen prefix matches ``path`` most closely."""
    best: tuple[int, Chapter] | None = None
    for chapter in CHAPTERS:
        for prefix in chapter.screens:
            if path.startswith(prefix) and (best is None or len(prefix) > best[0]):
                best = (len(prefix), chapter)
    return best[1] if best else None
