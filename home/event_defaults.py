"""The kinds of event a new installation starts with, and the words that end them.

Seeded by a data migration (staff edit them in the admin: 防災情報 › 事象の種類と終わりの
語). Written from the shared sample mails and the wordings other cities, transport
operators, water bureaus, the police and the JMA use; nothing here is a regular
expression. A sentence is about a kind when it holds one of its target or start words;
it ends the kind when it also holds an end word and none of the not-end words.
"""

# Conditions, hopes and partial restorations are not an end:
# 「再開の見込みが立ちましたら」「復旧まで」「一部で復旧」「解除されるまで」.
COMMON_NOT_END = [
    "見込み",
    "たら",
    "次第",
    "まで",
    "一部で",
    "一部の区間",
    "一部区間で",
    "一部地域で",
    "めど",
    "目途",
    "未定",
    "予想",
    "おそれ",
    "ないでください",
]


def _weather(names: list[str], suffix: str) -> list[dict]:
    """「大雨・洪水警報」 names two warnings: 「大雨・」 stands for 大雨警報."""
    return [
        {"name": name + suffix, "aliases": [name + suffix, name + "・"]}
        for name in names
    ]


# The routes, lines and warnings below are separate events of their kind (a
# resumption of one route does not end another's suspension). Staff add their own.
SPECIAL_WARNINGS = ["大雨", "暴風雪", "暴風", "波浪", "高潮", "大雪"]
WARNINGS = [
    *(
        {"name": name + "特別警報", "aliases": [name + "特別警報"]}
        for name in SPECIAL_WARNINGS
    ),
    *_weather(["大雨", "洪水", "暴風雪", "暴風", "波浪", "高潮", "大雪"], "警報"),
]
ADVISORIES = _weather(
    ["大雨", "洪水", "強風", "風雪", "波浪", "高潮", "雷", "大雪", "濃霧"], "注意報"
)

EVENT_KINDS: list[dict] = [
    {
        "name": "避難情報",
        "is_evacuation_level": True,
        "target_words": ["避難情報", "警戒レベル"],
        "start_words": ["発令", "継続", "引き続き", "発表中"],
        "end_words": [
            "解除",
            "取り下げ",
            "取りやめ",
            "引き下げ",
            "切り替え",
            "切替",
            "移行",
        ],
        "not_end_words": ["解除されるまで", "解除までの間", "解除になるまで"]
        + COMMON_NOT_END,
        "end_label": "解除",
    },
    {
        "name": "土砂災害警戒情報",
        "target_words": ["土砂災害警戒情報"],
        "start_words": ["土砂災害警戒情報"],
        "end_words": ["解除", "解除され", "解除となり", "終了"],
        "not_end_words": COMMON_NOT_END,
        "end_label": "解除",
    },
    {
        "name": "大雨・洪水・暴風などの警報",
        "target_words": [
            "大雨特別警報",
            "大雨警報",
            "洪水警報",
            "暴風警報",
            "暴風雪警報",
            "高潮警報",
            "波浪警報",
            "大雪警報",
            "特別警報",
            "高潮特別警報",
            "暴風特別警報",
            # 「警報は注意報に切り替え」 names no warning: every warning in force ends.
            "警報",
        ],
        "start_words": ["発表", "発令", "継続", "出され"],
        "end_words": [
            "解除",
            "注意報に切り替え",
            "注意報へ切り替え",
            "注意報に切替",
            "注意報へ切替",
            "注意報に移行",
            "注意報へ移行",
            "注意報に変わ",
            "注意報に切り替わ",
            "注意報へ切り替わ",
            "注意報へ変わ",
            "注意報に引き下げ",
        ],
        "not_end_words": ["警報器", *COMMON_NOT_END],
        "end_label": "解除",
        "subjects": WARNINGS,
    },
    {
        # The lowered state of a warning: 「大雨警報を解除し、大雨注意報に切り替え」
        # ends the warning and leaves this in force until its own 解除.
        "name": "大雨・洪水・強風などの注意報",
        "target_words": [
            "大雨注意報",
            "洪水注意報",
            "強風注意報",
            "波浪注意報",
            "高潮注意報",
            "雷注意報",
            "大雪注意報",
            "風雪注意報",
            "濃霧注意報",
            "注意報",
        ],
        "start_words": [
            "発表",
            "発令",
            "継続",
            "出され",
            "切り替え",
            "切り替わ",
            "切替",
            "移行",
            "変わ",
            "引き下げ",
        ],
        "end_words": ["解除", "終了"],
        "not_end_words": COMMON_NOT_END,
        "end_label": "解除",
        "subjects": ADVISORIES,
    },
    {
        "name": "災害対策本部",
        "target_words": [
            "災害対策本部",
            "災害警戒本部",
            "災害警戒対策本部",
            "災害対策連絡室",
        ],
        "start_words": ["設置", "立ち上げ", "設け"],
        "end_words": ["廃止", "閉鎖", "解散", "解除", "解消", "終了", "縮小し"],
        "not_end_words": COMMON_NOT_END,
        "end_label": "廃止",
    },
    {
        "name": "欠航（船）",
        "target_words": [
            "フェリー",
            "汽船",
            "航路",
            "定期船",
            "高速船",
            "旅客船",
            "渡船",
            "船便",
            "欠航",
            "運航",
        ],
        "start_words": ["欠航", "運航を見合わせ", "運航見合わせ", "運航を中止", "運休"],
        "end_words": [
            "運航を再開",
            "運航再開",
            "運航が再開",
            "運航を開始",
            "通常どおり運航",
            "通常通り運航",
            "平常どおり運航",
            "平常通り運航",
            "通常運航",
            "平常運航",
            "全便運航",
            "全便が運航",
            "運航しています",
            "運航いたします",
            "運航します",
            "欠航を解除",
            "見合わせを解除",
        ],
        "not_end_words": COMMON_NOT_END,
        "end_label": "運航再開",
        # 「宮島航路」「小方便」: a route nobody listed is still its own event.
        "subject_endings": ["航路", "便"],
        "subjects": [
            {
                "name": "阿多田航路",
                "aliases": [
                    "阿多田島汽船",
                    "阿多田島航路",
                    "阿多田航路",
                    "阿多田島フェリー",
                    "阿多田フェリー",
                    "阿多田島行",
                    "阿多田港",
                ],
            },
        ],
    },
    {
        "name": "運休（バス・鉄道）",
        "target_words": [
            "バス",
            "列車",
            "電車",
            "鉄道",
            "ＪＲ",
            "JR",
            "山陽本線",
            "広島電鉄",
            "運行",
            "運転",
        ],
        "start_words": [
            "運休",
            "運行を見合わせ",
            "運行見合わせ",
            "運転を見合わせ",
            "運転見合わせ",
            "運行を中止",
            "運転を中止",
            "運行を取りやめ",
        ],
        "end_words": [
            "運行を再開",
            "運行再開",
            "運行が再開",
            "運転を再開",
            "運転再開",
            "運転が再開",
            "通常どおり運行",
            "通常通り運行",
            "平常どおり運行",
            "平常通り運行",
            "通常運行",
            "平常運行",
            "平常ダイヤ",
            "通常ダイヤ",
            "運行しています",
            "運転しています",
            "運休を解除",
            "見合わせを解除",
        ],
        "not_end_words": COMMON_NOT_END,
        "end_label": "運転再開",
        "subject_endings": ["線", "便"],
        "subjects": [
            {
                "name": "JR山陽本線",
                "aliases": ["ＪＲ山陽本線", "山陽本線", "山陽線", "ＪＲ", "JR"],
            },
            {
                "name": "こいこいバス",
                "aliases": ["おおたけ幹線バス", "幹線バス"],
            },
            {"name": "大竹・栗谷線", "aliases": ["栗谷線", "大竹栗谷線"]},
            {"name": "坂上線", "aliases": []},
        ],
    },
    {
        "name": "断水",
        "target_words": ["断水", "水が出に", "水が出な", "給水停止"],
        "start_words": ["断水", "水が出に", "水が出な", "給水を停止", "給水停止"],
        "end_words": [
            "復旧",
            "通水",
            "解消",
            "断水は解除",
            "断水を解除",
            "給水を再開",
            "水が出るように",
            "使えるようになり",
            "ご使用いただけます",
            "使用できます",
        ],
        "not_end_words": COMMON_NOT_END,
        "end_label": "復旧",
    },
    {
        "name": "通行止め",
        "target_words": ["通行止め", "通行止", "通行規制", "全面通行", "片側交互通行"],
        "start_words": ["通行止め", "通行止", "通行規制", "通れません"],
        "end_words": [
            "解除",
            "通行できるように",
            "通行可能",
            "通れるように",
            "開通",
            "規制を終了",
            "規制が終了",
        ],
        "not_end_words": COMMON_NOT_END,
        "end_label": "解除",
    },
    {
        "name": "行方不明者の捜索",
        "target_words": [
            "行方不明",
            "行方が分から",
            "行方がわから",
            "捜索",
            "帰っていません",
            "帰宅していません",
            "所在が分から",
        ],
        "start_words": [
            "行方不明",
            "行方が分から",
            "行方がわから",
            "捜索",
            "帰っていません",
            "帰宅していません",
            "所在が分から",
        ],
        "end_words": [
            "発見",
            "保護され",
            "保護しました",
            "見つかりました",
            "見つかった",
            "無事",
            "帰宅され",
            "捜索を終了",
            "捜索は終了",
        ],
        "not_end_words": COMMON_NOT_END,
        "end_label": "発見",
    },
]

# Hours a notice without a level stays in force, per hazard (default 24).
HAZARD_HOURS: dict[str, int] = {"heat": 12}


def lines(words: list[str]) -> str:
    return "\n".join(words)
