"""The default end words read the wordings cities, operators, the police and the JMA
use (one sentence each), and conditions or partial restorations are not an end."""

import pytest

from line_delivery.mail_bridge.lifecycle import END, START, plan_events
from line_delivery.models import MailBridgeSettings

from .mail_helpers import create_otake_places


pytestmark = pytest.mark.django_db

WORDINGS = [
    # (subject, text, kind, action, 地区 or None)
    ("", "阿多田島汽船は、１０時の便から運航を再開しました。", "欠航（船）", END, None),
    ("", "フェリーは平常どおり運航しています。", "欠航（船）", END, None),
    ("", "定期船は全便運航します。", "欠航（船）", END, None),
    ("", "高速船の欠航を解除します。", "欠航（船）", END, None),
    ("", "フェリーは強風のため終日欠航です。", "欠航（船）", START, None),
    ("", "フェリーは運航を再開する見込みが立っていません。", "欠航（船）", None, None),
    ("", "路線バスは１５時から運行を再開しました。", "運休（バス・鉄道）", END, None),
    ("", "ＪＲ山陽本線は運転を再開しました。", "運休（バス・鉄道）", END, None),
    ("", "バスは平常ダイヤで運行しています。", "運休（バス・鉄道）", END, None),
    ("", "バスは全線で運休しています。", "運休（バス・鉄道）", START, None),
    ("", "バスの運行再開は未定です。", "運休（バス・鉄道）", None, None),
    ("", "栗谷地区の断水は解消しました。", "断水", END, "栗谷"),
    ("", "玖波地区の断水は、通水作業が終わり復旧しました。", "断水", END, "玖波"),
    ("", "断水していた地域では、水が出るようになりました。", "断水", END, None),
    ("", "玖波地区の断水は、一部で復旧しました。", "断水", None, None),
    ("", "復旧まで、しばらくお待ちください。", "断水", None, None),
    ("", "県道の通行止めは解除されました。", "通行止め", END, None),
    ("", "市道の通行規制を終了し、通行できるようになりました。", "通行止め", END, None),
    ("", "国道２号は全面通行止めとなっています。", "通行止め", START, None),
    (
        "行方不明者の発見について",
        "男性は、無事発見されました。",
        "行方不明者の捜索",
        END,
        None,
    ),
    ("", "行方不明の女性は、警察に保護されました。", "行方不明者の捜索", END, None),
    ("", "行方不明者の捜索を終了します。", "行方不明者の捜索", END, None),
    ("", "80歳の男性の行方が分からなくなっています。", "行方不明者の捜索", START, None),
    ("", "土砂災害警戒情報は解除されました。", "土砂災害警戒情報", END, None),
    ("", "大竹市に土砂災害警戒情報が発表されました。", "土砂災害警戒情報", START, None),
    ("", "大竹市災害対策本部を廃止しました。", "災害対策本部", END, None),
    ("", "災害警戒本部を解散しました。", "災害対策本部", END, None),
    ("", "災害対策本部を設置しました。", "災害対策本部", START, None),
    ("", "大竹市の暴風警報は解除されました。", "大雨・洪水・暴風などの警報", END, None),
    (
        "",
        "洪水警報は注意報に切り替えられました。",
        "大雨・洪水・暴風などの警報",
        END,
        None,
    ),
    ("", "比作地区の高齢者等避難を解除しました。", "避難情報", END, "比作"),
    ("", "木野地区に発令していた避難指示を取り下げました。", "避難情報", END, "木野"),
    ("", "市内全域に避難指示を発令しました。", "避難情報", START, None),
    (
        "",
        "避難指示が解除されるまで、自宅に戻らないでください。",
        "避難情報",
        None,
        None,
    ),
]


@pytest.mark.parametrize(
    "subject,text,kind,action,area", WORDINGS, ids=[w[1][:18] for w in WORDINGS]
)
def test_each_wording_starts_ends_or_leaves_its_kind(subject, text, kind, action, area):
    create_otake_places()
    vocabulary = MailBridgeSettings.load().vocabulary()
    statements = [
        s
        for s in plan_events(subject, text, vocabulary).statements
        if s.kind.name == kind
    ]
    if action is None:
        assert [s for s in statements if s.action == END] == []
        return
    assert [s.action for s in statements] == [action]
    if area is not None:
        assert area in statements[0].areas


def test_a_drill_states_nothing():
    vocabulary = MailBridgeSettings.load().vocabulary()
    plan = plan_events(
        "", "市内全域に避難指示を発令しました。", vocabulary, is_drill=True
    )
    assert plan.statements == []


WARNING = "大雨・洪水・暴風などの警報"
ADVISORY = "大雨・洪水・強風などの注意報"
NAMED = [
    # (text, kind, action, routes / lines / warnings read: part of the event)
    ("阿多田島汽船は運航を再開しました。", "欠航（船）", END, ["阿多田航路"]),
    ("フェリーは全便運航を再開しました。", "欠航（船）", END, []),
    ("ＪＲ山陽本線は運転を再開しました。", "運休（バス・鉄道）", END, ["JR山陽本線"]),
    ("こいこいバスは運休しています。", "運休（バス・鉄道）", START, ["こいこいバス"]),
    ("大雨・洪水警報が発表されました。", WARNING, START, ["大雨警報", "洪水警報"]),
    ("大雨警報を解除し、大雨注意報に切り替えました。", WARNING, END, ["大雨警報"]),
    ("大雨警報を解除し、大雨注意報に切り替えました。", ADVISORY, START, ["大雨注意報"]),
    (
        "大雨警報は解除されましたが、大雨注意報は継続中です。",
        ADVISORY,
        START,
        ["大雨注意報"],
    ),
    ("大雨注意報は解除されました。", ADVISORY, END, ["大雨注意報"]),
    ("住宅用火災警報器の点検をお願いします。", WARNING, None, []),
]


@pytest.mark.parametrize(
    "text,kind,action,names", NAMED, ids=[f"{w[1][:4]}-{w[0][:16]}" for w in NAMED]
)
def test_routes_lines_and_warnings_are_read_as_part_of_the_event(
    text, kind, action, names
):
    vocabulary = MailBridgeSettings.load().vocabulary()
    statements = [
        s for s in plan_events("", text, vocabulary).statements if s.kind.name == kind
    ]
    if action is None:
        assert statements == []
        return
    [statement] = statements
    assert statement.action == action and statement.subjects == names


FERRY = "欠航（船）"
BUS_RAIL = "運休（バス・鉄道）"
CLAUSES = [
    # (text, kind, [(action, names)], lowered: the start replaces the end)
    (
        "大雨特別警報を解除し、大雨警報に切り替えました。",
        WARNING,
        [(END, ["大雨特別警報"]), (START, ["大雨警報"])],
        True,
    ),
    (
        "暴風特別警報は、暴風警報と波浪警報に切り替えられました。",
        WARNING,
        [(END, ["暴風特別警報"]), (START, ["暴風警報", "波浪警報"])],
        True,
    ),
    (
        "大雨特別警報は警報に切り替えました。",
        WARNING,
        [(END, ["大雨特別警報"]), (START, ["大雨警報"])],
        True,
    ),
    # Across kinds (warning → advisory) the warning kind only ends.
    (
        "大雨警報を解除し、大雨注意報に切り替えました。",
        WARNING,
        [(END, ["大雨警報"])],
        False,
    ),
    (
        "暴風警報と波浪警報を解除し、強風注意報と波浪注意報に切り替えました。",
        ADVISORY,
        [(START, ["強風注意報", "波浪注意報"])],
        True,
    ),
    (
        "阿多田島航路は運航を再開しましたが、宮島航路は引き続き欠航しています。",
        FERRY,
        [(END, ["阿多田航路"]), (START, ["宮島航路"])],
        False,
    ),
    (
        "阿多田島航路と宮島航路は運航を再開しましたが、江田島航路は欠航です。",
        FERRY,
        [(END, ["阿多田航路", "宮島航路"]), (START, ["江田島航路"])],
        False,
    ),
    ("宮島航路は全便欠航です。", FERRY, [(START, ["宮島航路"])], False),
    ("始発便から欠航しています。", FERRY, [(START, [])], False),
    ("小方港８時３０分発の便から欠航します。", FERRY, [(START, [])], False),
    (
        "ＪＲ岩徳線は運転を再開、錦川清流線は運休しています。",
        BUS_RAIL,
        [(END, ["岩徳線"]), (START, ["錦川清流線"])],
        False,
    ),
    (
        "大竹市生活交通バス玖波線は平常どおり運行しています。",
        BUS_RAIL,
        [(END, ["玖波線"])],
        False,
    ),
    ("ＪＲ山陽本線は運転を再開しました。", BUS_RAIL, [(END, ["JR山陽本線"])], False),
    ("路線バスは全路線で運休しています。", BUS_RAIL, [(START, [])], False),
]


@pytest.mark.parametrize(
    "text,kind,said,lowered", CLAUSES, ids=[f"{w[1][:4]}-{w[0][:18]}" for w in CLAUSES]
)
def test_a_sentence_lowering_within_a_kind_or_naming_routes_says_each_part(
    text, kind, said, lowered
):
    vocabulary = MailBridgeSettings.load().vocabulary()
    statements = [
        s for s in plan_events("", text, vocabulary).statements if s.kind.name == kind
    ]
    assert [(s.action, s.subjects) for s in statements] == said
    starts = [s for s in statements if s.action == START]
    assert all((s.replaces is not None) == lowered for s in starts)


def test_a_substitute_bus_is_not_a_lowering_of_the_line():
    vocabulary = MailBridgeSettings.load().vocabulary()
    statements = plan_events(
        "", "坂上線は、代行バスに切り替えて運行します。", vocabulary
    ).statements
    assert all(s.replaces is None for s in statements)
    assert not any(s.action == END and s.subjects == ["坂上線"] for s in statements)
