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
# Lines that say where the broadcast is heard. The wordings of other cities' mails
# are here too: 「この放送は…で流しています」, 「放送区域：…」, zones (沿岸部のみ).
AREA_NOTE_MARKERS = [
    "のみの放送",
    "のみ放送",
    "のみに放送",
    "にのみ放送",
    "で放送されます",
    "で放送しています",
    "で放送しております",
    "に向けて放送",
    "を対象に放送",
    "を対象として放送",
    "に限って放送",
    "に限定して放送",
    "一部の地区",
    "一部の地域",
    "一部地域",
    "一部地区",
    "この放送は",
    "本放送は",
    "放送区域",
    "放送地域",
    "放送地区",
    "放送エリア",
    "から流しています",
    "に流しています",
]
# What follows a 地区 name when the body names the 地区 an action is for.
AREA_SUFFIXES = ["地区", "地域", "区域", "町内", "エリア", "方面"]
WHOLE_CITY_WORDS = ["市内全域", "市全域", "市内全体", "全市", "市内の全域"]
REPEAT_NOTE_MARKERS = ["同じ内容を"]
MAIL_ONLY_MARKERS = [
    "メールのみの配信",
    "メールのみでお知らせ",
    "メールのみのお知らせ",
    "メール配信のみ",
    "メールでのみ",
    "メールのみ配信",
    "では放送していません",
    "では放送しておりません",
    "では放送しません",
    "放送は行っていません",
    "放送は行っておりません",
    "放送は行いません",
    "放送はしていません",
    "放送はありません",
]
DRILL_WORDS = ["訓練", "テストです", "試験"]
SHELTER_OPEN_WORDS = [
    "開設",
    "開放",
    "開所",
    "受け入れています",
    "受け入れを開始",
    "受け入れを始め",
    "受け付けています",
]
SHELTER_CLOSE_WORDS = [
    "閉鎖",
    "閉所",
    "開設を終了",
    "開設を取りやめ",
    "受け入れを終了",
    "受け入れを終え",
]
SHELTER_FULL_WORDS = [
    "満員",
    "満杯",
    "定員に達",
    "受け入れができません",
    "受け入れできません",
    "受け入れが困難",
    "受け入れを停止",
    "受け入れを一時停止",
]
NOT_SHELTER_WORDS = ["給水"]
# How shelter names end: a name so ending, said opened/closed/full, that is not
# among the city's shelters is reported to the duty staff.
SHELTER_NAME_ENDINGS = [
    "集会所",
    "集会場",
    "公民館",
    "学校",
    "学園",
    "センター",
    "会館",
    "体育館",
    "公会堂",
    "交流館",
    "市民館",
    "ホール",
]
# A summary sentence with one of these tells residents what to do: it comes first.
INSTRUCTION_WORDS = [
    "ください",
    "下さい",
    "ましょう",
    "お願いします",
    "お願いいたします",
    "しないで",
]
COURTESY_WORDS = ["ご理解", "ご協力", "ご迷惑", "ご了承"]
SUMMARY_SKIP_BEGINNINGS = ["こちらは", "緊急放送"]
SUMMARY_SKIP_ENDINGS = [
    "からお知らせします。",
    "からお知らせいたします。",
    "からのお知らせです。",
    "をお知らせします。",
    "局です。",
    "課です。",
    "署です。",
    "本部です。",
    "役所です。",
]
FOOTER_LINES = [
    "配信停止・登録内容の変更は",
    "https://bousai-mail.example.jp/",
]
SUBJECT_PREFIXES = ["【防災情報】", "【交通情報】", "【消防訓練】", "【試験】"]
DRAFT_ONLY_SUBJECT_WORDS = ["【試験】"]
DISASTER_MODE_WORDS = ["災害対策本部を設置"]
# A mail with one of these withdraws a disaster-mode proposal (the task force closed).
DISASTER_MODE_END_WORDS = [
    "災害対策本部を廃止",
    "災害対策本部を解散",
    "災害対策本部を閉鎖",
    "災害対策本部は廃止",
    "災害対策本部は解散",
    "災害対策本部は閉鎖",
    "災害対策本部を解除",
]
DISASTER_MODE_LEVEL = 4
SAMPLE_SENDER = "otake-bousai@bousai-mail.example.jp"
DEMO_DUTY_STAFF = "tounban@city.otake.example.jp"


def lines(words: list[str]) -> str:
    return "\n".join(words)
