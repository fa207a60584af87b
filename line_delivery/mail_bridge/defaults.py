"""The word lists a new installation starts with (staff change them in the admin).

They follow the public format of Otake's 防災情報メール (notes/otake-facts.md) and
national level names; nothing here is a regular expression.
"""

LEVEL_WORDS = {
    3: ["高齢者等避難"],
    4: ["避難指示"],
    5: ["緊急安全確保"],
}
ISSUE_WORDS = ["発令", "継続"]
LIFT_WORDS = ["解除", "廃止", "解散", "閉鎖"]
LIFT_TARGETS = [
    "災害対策本部",
    "土砂災害警戒情報",
    "大雨特別警報",
    "大雨警報",
    "洪水警報",
    "暴風警報",
    "高潮警報",
]
AREA_NOTE_MARKERS = ["のみの放送", "のみ放送", "で放送されます", "一部の地区"]
WHOLE_CITY_WORDS = ["市内全域"]
REPEAT_NOTE_MARKERS = ["同じ内容を"]
MAIL_ONLY_MARKERS = ["メールのみの配信"]
DRILL_WORDS = ["訓練", "テストです", "試験"]
SHELTER_OPEN_WORDS = ["開設"]
SHELTER_CLOSE_WORDS = ["閉鎖"]
NOT_SHELTER_WORDS = ["給水"]
FOOTER_LINES = [
    "配信停止・登録内容の変更は",
    "https://bousai-mail.example.jp/",
]
SUBJECT_PREFIXES = ["【防災情報】", "【交通情報】", "【消防訓練】", "【試験】"]
DRAFT_ONLY_SUBJECT_WORDS = ["【試験】"]
DISASTER_MODE_WORDS = ["災害対策本部を設置"]
DISASTER_MODE_LEVEL = 4
SAMPLE_SENDER = "otake-bousai@bousai-mail.example.jp"


def lines(words: list[str]) -> str:
    return "\n".join(words)
