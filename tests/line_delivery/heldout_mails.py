# FROZEN held-out set (issue 14, items 4-6 and the hazard guess).
# Written on 2026-12-03 before the reader was run on any of it; never edit these
# mails or their expectations after seeing results (add a new file instead).
# The wordings imitate other cities' 防災メール (broadcast-area notes, zones,
# mail-only notes, the JMA automatic format, shelter summaries, fraud, floods,
# road closures); places are Otake's 地区 and shelters (mail_helpers.create_otake_places)
# plus a few shelters the city does not list (reported as unknown).
"""Held-out 防災メール texts in other wordings and what a reader should get from them.

Each entry: ``subject``, ``text`` (the body before the platform footer) and
``expect``:

* ``level`` — 3/4/5 or None; ``areas`` (canonical 地区, a set), ``area_limited``;
* ``area_unclear`` — an area note was there but its 地区 could not be read (the
  notice goes citywide and the duty staff are told);
* ``mail_only``; ``opened`` / ``closed`` / ``full`` — canonical shelter names;
  ``unknown`` — shelter names said opened/closed/full that the city does not list;
* ``hazard`` — the ``home.models.Hazard`` value;
* ``summary_first`` — the summary's first line starts with this text.
"""

from __future__ import annotations


HELDOUT: list[dict] = [
    {
        "name": "h01-shelter-summary-open-full-closed",
        "subject": "避難所の開設状況について",
        "text": (
            "【大竹市災害対策本部からのお知らせ】\n"
            "避難所の開設状況をお知らせします。\n"
            "玖波公民館と小方学園は、引き続き開設しています。\n"
            "サントピア大竹は、避難された方が多く、満員となりました。\n"
            "栗谷小学校と小栗林集会所は、本日12時をもって閉鎖しました。\n"
            "新たに大竹会館を開設しました。\n"
            "避難される方は、玖波公民館、小方学園、大竹会館をご利用ください。"
        ),
        "expect": {
            "level": None,
            "areas": [],
            "area_limited": False,
            "area_unclear": False,
            "mail_only": False,
            "opened": ["玖波公民館", "小方学園", "大竹会館"],
            "closed": ["栗谷小学校", "小栗林集会所"],
            "full": ["サントピア大竹"],
            "unknown": [],
            "hazard": "other",
            "summary_first": "避難される方は",
        },
    },
    {
        "name": "h02-close-one-open-another-in-one-sentence",
        "subject": "避難所の変更について",
        "text": (
            "こちらは、大竹市役所です。\n"
            "木野集会所は閉鎖し、かわりに玖波小学校を開設します。\n"
            "木野集会所に避難している方は、職員の案内に従って移動してください。"
        ),
        "expect": {
            "level": None,
            "areas": [],
            "area_limited": False,
            "area_unclear": False,
            "mail_only": False,
            "opened": ["玖波小学校"],
            "closed": ["木野集会所"],
            "full": [],
            "unknown": [],
            "hazard": "other",
            "summary_first": "木野集会所に避難している方は",
        },
    },
    {
        "name": "h03-shelter-opened-with-kaihou-and-unknown-name",
        "subject": "自主避難場所の開放について",
        "text": (
            "大竹市危機管理課からお知らせします。\n"
            "大雨に備えて、自主避難場所として、総合市民会館と大竹市立晴海中学校体育館を開放しています。\n"
            "避難の際は、食料や飲み物、常備薬などをお持ちください。"
        ),
        "expect": {
            "level": None,
            "areas": [],
            "area_limited": False,
            "area_unclear": False,
            "mail_only": False,
            "opened": ["総合市民会館"],
            "closed": [],
            "full": [],
            "unknown": ["大竹市立晴海中学校体育館"],
            "hazard": "heavy_rain",
            "summary_first": "避難の際は",
        },
    },
    {
        "name": "h04-all-shelters-closed-list",
        "subject": "避難所の閉鎖について",
        "text": (
            "【令和8年9月20日9時00分の防災行政無線放送内容です】\n"
            "こちらは防災大竹市役所です。\n"
            "台風第14号の通過にともない、開設していた大竹市役所、総合市民会館、阿多田漁村センターの避難所は、本日9時に閉鎖しました。\n"
            "ご協力ありがとうございました。"
        ),
        "expect": {
            "level": None,
            "areas": [],
            "area_limited": False,
            "area_unclear": False,
            "mail_only": False,
            "opened": [],
            "closed": ["大竹市役所", "総合市民会館", "阿多田漁村センター"],
            "full": [],
            "unknown": [],
            "hazard": "typhoon",
            "summary_first": "台風第14号の通過にともない",
        },
    },
    {
        "name": "h05-closed-but-another-still-open",
        "subject": "避難所について",
        "text": (
            "こちらは大竹市災害対策本部です。\n"
            "玖波公民館の避難所は閉鎖しましたが、小方学園は引き続き開設しています。\n"
            "引き続き、川や崖には近づかないでください。"
        ),
        "expect": {
            "level": None,
            "areas": [],
            "area_limited": False,
            "area_unclear": False,
            "mail_only": False,
            "opened": ["小方学園"],
            "closed": ["玖波公民館"],
            "full": [],
            "unknown": [],
            "hazard": "other",
            "summary_first": "引き続き、川や崖には近づかないでください",
        },
    },
    {
        "name": "h06-labelled-lists-of-open-and-closed",
        "subject": "避難所の状況",
        "text": (
            "大竹市からのお知らせです。\n"
            "現在開設している避難所：大竹市役所、玖波公民館、木野集会所\n"
            "閉鎖した避難所：栗谷小学校、松ヶ原集会所\n"
            "満員の避難所：総合市民会館\n"
            "お近くの開設中の避難所へ避難してください。"
        ),
        "expect": {
            "level": None,
            "areas": [],
            "area_limited": False,
            "area_unclear": False,
            "mail_only": False,
            "opened": ["大竹市役所", "玖波公民館", "木野集会所"],
            "closed": ["栗谷小学校", "松ケ原集会所"],
            "full": ["総合市民会館"],
            "unknown": [],
            "hazard": "other",
            "summary_first": "お近くの開設中の避難所へ避難してください",
        },
    },
    {
        "name": "h07-full-shelter-and-unknown-closed",
        "subject": "避難所の受け入れについて",
        "text": (
            "こちらは防災大竹市役所です。\n"
            "大竹会館は定員に達したため、これ以上の受け入れができません。\n"
            "かわりに、アゼリアおおたけを追加で開設しました。\n"
            "なお、南栄コミュニティセンターは閉鎖しました。"
        ),
        "expect": {
            "level": None,
            "areas": [],
            "area_limited": False,
            "area_unclear": False,
            "mail_only": False,
            "opened": ["アゼリアおおたけ"],
            "closed": [],
            "full": ["大竹会館"],
            "unknown": ["南栄コミュニティセンター"],
            "hazard": "other",
            "summary_first": "大竹会館は定員に達したため",
        },
    },
    {
        "name": "h08-area-note-where-heard",
        "subject": "クマの目撃情報",
        "text": (
            "こちらは防災大竹市役所です。\n"
            "本日朝、山沿いの市道でクマが目撃されました。\n"
            "外出の際は十分注意してください。\n"
            "※この放送は、玖波地区と小方地区の屋外スピーカーから流しています。"
        ),
        "expect": {
            "level": None,
            "areas": ["玖波", "小方"],
            "area_limited": True,
            "area_unclear": False,
            "mail_only": False,
            "opened": [],
            "closed": [],
            "full": [],
            "unknown": [],
            "hazard": "wildlife",
            "summary_first": "外出の際は十分注意してください",
        },
    },
    {
        "name": "h09-zone-only-note",
        "subject": "高潮に注意してください",
        "text": (
            "こちらは防災大竹市役所です。\n"
            "台風の接近で潮位が高くなっています。\n"
            "海岸や河口付近には近づかないでください。\n"
            "（沿岸部のみの放送です。）"
        ),
        "expect": {
            "level": None,
            "areas": [],
            "area_limited": True,
            "area_unclear": True,
            "mail_only": False,
            "opened": [],
            "closed": [],
            "full": [],
            "unknown": [],
            "hazard": "storm_surge",
            "summary_first": "海岸や河口付近には近づかないでください",
        },
    },
    {
        "name": "h10-note-names-towns-as-region",
        "subject": "断水のお知らせ",
        "text": (
            "上下水道局からお知らせします。\n"
            "水道管の工事のため、本日13時から16時まで断水します。\n"
            "あらかじめ飲み水などを準備してください。\n"
            "※本放送は栗谷町、松ヶ原町の地域を対象に放送しています。"
        ),
        "expect": {
            "level": None,
            "areas": ["栗谷", "松ケ原"],
            "area_limited": True,
            "area_unclear": False,
            "mail_only": False,
            "opened": [],
            "closed": [],
            "full": [],
            "unknown": [],
            "hazard": "water_supply",
            "summary_first": "あらかじめ飲み水などを準備してください",
        },
    },
    {
        "name": "h11-broadcast-on-one-island",
        "subject": "定期船の欠航について",
        "text": (
            "こちらは防災大竹市役所です。\n"
            "強風のため、阿多田島汽船は午後の便を欠航します。\n"
            "この放送は、阿多田島で放送しています。"
        ),
        "expect": {
            "level": None,
            "areas": ["阿多田島"],
            "area_limited": True,
            "area_unclear": False,
            "mail_only": False,
            "opened": [],
            "closed": [],
            "full": [],
            "unknown": [],
            "hazard": "other",
            "summary_first": "強風のため、阿多田島汽船は午後の便を欠航します",
        },
    },
    {
        "name": "h12-mail-only-not-broadcast",
        "subject": "熱中症に注意してください",
        "text": (
            "保健医療課からお知らせします。\n"
            "明日は気温が35度以上になる見込みです。\n"
            "こまめに水分をとり、暑い時間の外出は控えてください。\n"
            "※この情報は防災行政無線では放送していません。"
        ),
        "expect": {
            "level": None,
            "areas": [],
            "area_limited": False,
            "area_unclear": False,
            "mail_only": True,
            "opened": [],
            "closed": [],
            "full": [],
            "unknown": [],
            "hazard": "heat",
            "summary_first": "こまめに水分をとり",
        },
    },
    {
        "name": "h13-mail-only-other-words",
        "subject": "断水の復旧見込みについて",
        "text": (
            "上下水道局です。\n"
            "玖波地区で続いている断水は、本日18時ごろに復旧する見込みです。\n"
            "※メール配信のみのお知らせです。"
        ),
        "expect": {
            "level": None,
            "areas": [],
            "area_limited": False,
            "area_unclear": False,
            "mail_only": True,
            "opened": [],
            "closed": [],
            "full": [],
            "unknown": [],
            "hazard": "water_supply",
            "summary_first": "玖波地区で続いている断水は",
        },
    },
    {
        "name": "h14-jma-automatic-warning",
        "subject": "気象警報・注意報",
        "text": (
            "2026年07月02日04時35分 発表\n"
            "広島地方気象台\n"
            "大竹市に大雨警報（土砂災害）が発表されました。\n"
            "土砂災害に警戒してください。"
        ),
        "expect": {
            "level": None,
            "areas": [],
            "area_limited": False,
            "area_unclear": False,
            "mail_only": True,
            "opened": [],
            "closed": [],
            "full": [],
            "unknown": [],
            "hazard": "heavy_rain",
            "summary_first": "土砂災害に警戒してください",
        },
    },
    {
        "name": "h15-jma-automatic-fullwidth-no-space",
        "subject": "指定河川洪水予報",
        "text": (
            "２０２６年０９月１９日１３時１０分発表\n"
            "小瀬川氾濫警戒情報\n"
            "小瀬川の水位は、氾濫危険水位に達する見込みです。\n"
            "川沿いにお住まいの方は、今後の情報に注意してください。"
        ),
        "expect": {
            "level": None,
            "areas": [],
            "area_limited": False,
            "area_unclear": False,
            "mail_only": True,
            "opened": [],
            "closed": [],
            "full": [],
            "unknown": [],
            "hazard": "flood",
            "summary_first": "川沿いにお住まいの方は",
        },
    },
    {
        "name": "h16-fraud-pretending-water-bureau",
        "subject": "不審な電話にご注意ください",
        "text": (
            "【令和8年5月10日11時00分の防災行政無線放送内容です】\n"
            "こちらは防災大竹市役所です。\n"
            "大竹警察署からお知らせします。\n"
            "市内で、水道局の職員を名乗り、「断水の工事費を払ってほしい」とお金を求める不審な電話が相次いでいます。\n"
            "水道局がお金を電話で求めることはありません。\n"
            "このような電話があったら、すぐに切って警察に相談してください。"
        ),
        "expect": {
            "level": None,
            "areas": [],
            "area_limited": False,
            "area_unclear": False,
            "mail_only": False,
            "opened": [],
            "closed": [],
            "full": [],
            "unknown": [],
            "hazard": "other",
            "summary_first": "このような電話があったら",
        },
    },
    {
        "name": "h17-refund-fraud",
        "subject": "還付金詐欺に注意",
        "text": (
            "こちらは大竹市役所です。\n"
            "「保険料の還付金がある」とATMに誘導する詐欺の電話がかかっています。\n"
            "ATMでお金が戻ることは絶対にありません。\n"
            "不審に思ったら、家族や警察に相談しましょう。"
        ),
        "expect": {
            "level": None,
            "areas": [],
            "area_limited": False,
            "area_unclear": False,
            "mail_only": False,
            "opened": [],
            "closed": [],
            "full": [],
            "unknown": [],
            "hazard": "other",
            "summary_first": "不審に思ったら",
        },
    },
    {
        "name": "h18-river-overflow-flood",
        "subject": "河川の氾濫のおそれ",
        "text": (
            "こちらは防災大竹市役所です。\n"
            "降り続く雨で、小瀬川が氾濫するおそれがあります。\n"
            "川沿いの低い土地にお住まいの方は、浸水に備えてください。"
        ),
        "expect": {
            "level": None,
            "areas": [],
            "area_limited": False,
            "area_unclear": False,
            "mail_only": False,
            "opened": [],
            "closed": [],
            "full": [],
            "unknown": [],
            "hazard": "flood",
            "summary_first": "川沿いの低い土地にお住まいの方は",
        },
    },
    {
        "name": "h19-inundation-damage",
        "subject": "道路の冠水について",
        "text": (
            "こちらは防災大竹市役所です。\n"
            "大雨の影響で、市内の一部の道路が冠水し、床下浸水の被害が出ています。\n"
            "冠水した道路は通らないでください。"
        ),
        "expect": {
            "level": None,
            "areas": [],
            "area_limited": False,
            "area_unclear": False,
            "mail_only": False,
            "opened": [],
            "closed": [],
            "full": [],
            "unknown": [],
            "hazard": "flood",
            "summary_first": "冠水した道路は通らないでください",
        },
    },
    {
        "name": "h20-road-closed-by-landslide",
        "subject": "【交通情報】県道の通行止めについて",
        "text": (
            "こちらは防災大竹市役所です。\n"
            "土砂崩れのため、県道大竹湯来線は栗谷町大栗林付近で全面通行止めとなっています。\n"
            "通行される方は、迂回してください。"
        ),
        "expect": {
            "level": None,
            "areas": [],
            "area_limited": False,
            "area_unclear": False,
            "mail_only": False,
            "opened": [],
            "closed": [],
            "full": [],
            "unknown": [],
            "hazard": "other",
            "summary_first": "通行される方は、迂回してください",
        },
    },
    {
        "name": "h21-road-restriction-rockfall",
        "subject": "通行規制のお知らせ",
        "text": (
            "市道の落石のため、本日15時から、玖波地区の市道の一部を通行規制しています。\n"
            "ご迷惑をおかけしますが、ご理解とご協力をお願いします。"
        ),
        "expect": {
            "level": None,
            "areas": [],
            "area_limited": False,
            "area_unclear": False,
            "mail_only": False,
            "opened": [],
            "closed": [],
            "full": [],
            "unknown": [],
            "hazard": "other",
            "summary_first": "市道の落石のため",
        },
    },
    {
        "name": "h22-lv4-for-regions-not-chiku",
        "subject": "避難指示の発令",
        "text": (
            "緊急放送、緊急放送。\n"
            "こちらは大竹市災害対策本部です。\n"
            "土砂災害の危険性が高まったため、木野地域、川手地域に「警戒レベル４　避難指示」を発令しました。\n"
            "対象地域の方は、危険な場所から全員避難してください。"
        ),
        "expect": {
            "level": 4,
            "areas": ["木野", "川手"],
            "area_limited": True,
            "area_unclear": False,
            "mail_only": False,
            "opened": [],
            "closed": [],
            "full": [],
            "unknown": [],
            "hazard": "landslide",
            "summary_first": "対象地域の方は、危険な場所から全員避難してください",
        },
    },
    {
        "name": "h23-citywide-with-other-words",
        "subject": "避難指示",
        "text": (
            "こちらは大竹市災害対策本部です。\n"
            "大竹市全域に、警戒レベル４、避難指示を発令しました。\n"
            "避難場所として、大竹市役所、総合市民会館を開設しています。\n"
            "直ちに安全な場所へ避難してください。"
        ),
        "expect": {
            "level": 4,
            "areas": [],
            "area_limited": False,
            "area_unclear": False,
            "mail_only": False,
            "opened": ["大竹市役所", "総合市民会館"],
            "closed": [],
            "full": [],
            "unknown": [],
            "hazard": "other",
            "summary_first": "直ちに安全な場所へ避難してください",
        },
    },
    {
        "name": "h24-unnamed-partial-note-other-words",
        "subject": "防犯灯の点検について",
        "text": (
            "こちらは防災大竹市役所です。\n"
            "本日10時から、防犯灯の点検作業を行います。\n"
            "作業中は、車の通行にご注意ください。\n"
            "※一部の地域にのみ放送しています。"
        ),
        "expect": {
            "level": None,
            "areas": [],
            "area_limited": True,
            "area_unclear": True,
            "mail_only": False,
            "opened": [],
            "closed": [],
            "full": [],
            "unknown": [],
            "hazard": "other",
            "summary_first": "作業中は、車の通行にご注意ください",
        },
    },
    {
        "name": "h25-drill-opens-no-shelter",
        "subject": "【消防訓練】避難訓練",
        "text": (
            "こちらは防災大竹市役所です。\n"
            "これは訓練です。\n"
            "訓練のため、玖波公民館を避難所として開設します。\n"
            "参加される方は、玖波公民館にお集まりください。"
        ),
        "expect": {
            "level": None,
            "areas": [],
            "area_limited": False,
            "area_unclear": False,
            "mail_only": False,
            "opened": [],
            "closed": [],
            "full": [],
            "unknown": [],
            "hazard": "other",
            "summary_first": "参加される方は",
        },
    },
    {
        "name": "h26-water-station-is-not-a-shelter",
        "subject": "給水所の開設",
        "text": (
            "上下水道局からお知らせします。\n"
            "断水が続いている地域のため、玖波公民館に給水所を開設しました。\n"
            "容器をお持ちのうえ、お越しください。"
        ),
        "expect": {
            "level": None,
            "areas": [],
            "area_limited": False,
            "area_unclear": False,
            "mail_only": False,
            "opened": [],
            "closed": [],
            "full": [],
            "unknown": [],
            "hazard": "water_supply",
            "summary_first": "容器をお持ちのうえ、お越しください",
        },
    },
    {
        "name": "h27-lv3-chiku-with-header-and-opened",
        "subject": "【防災情報】高齢者等避難",
        "text": (
            "【大竹市防災行政無線の放送内容です】\n"
            "緊急放送、緊急放送、警戒レベル３、高齢者等避難。\n"
            "こちらは大竹市災害対策本部です。\n"
            "降り続く雨により、16時30分、玖波地区と油見地区に「警戒レベル３　高齢者等避難」を発令しました。\n"
            "お年寄りや体の不自由な方は、玖波公民館に避難してください。\n"
            "避難場所として、玖波公民館を開設しました。"
        ),
        "expect": {
            "level": 3,
            "areas": ["玖波", "油見"],
            "area_limited": True,
            "area_unclear": False,
            "mail_only": False,
            "opened": ["玖波公民館"],
            "closed": [],
            "full": [],
            "unknown": [],
            "hazard": "heavy_rain",
            "summary_first": "お年寄りや体の不自由な方は",
        },
    },
    {
        "name": "h28-note-broadcast-area-limited-wording",
        "subject": "野焼きの注意",
        "text": (
            "こちらは防災大竹市役所です。\n"
            "空気が乾燥しています。たき火や野焼きは控えてください。\n"
            "（放送区域：栗谷地区、松ケ原地区）"
        ),
        "expect": {
            "level": None,
            "areas": ["栗谷", "松ケ原"],
            "area_limited": True,
            "area_unclear": False,
            "mail_only": False,
            "opened": [],
            "closed": [],
            "full": [],
            "unknown": [],
            "hazard": "other",
            "summary_first": "たき火や野焼きは控えてください",
        },
    },
    {
        "name": "h29-shelters-listed-on-next-line-then-closed",
        "subject": "避難所の閉鎖",
        "text": (
            "大竹市危機管理課からお知らせします。\n"
            "次の避難所を閉鎖しました。\n"
            "木野集会所、栗谷農林振興センター\n"
            "引き続き開設している避難所は、大竹市役所です。"
        ),
        "expect": {
            "level": None,
            "areas": [],
            "area_limited": False,
            "area_unclear": False,
            "mail_only": False,
            "opened": ["大竹市役所"],
            "closed": ["木野集会所", "栗谷農林振興センター"],
            "full": [],
            "unknown": [],
            "hazard": "other",
            "summary_first": "次の避難所を閉鎖しました",
        },
    },
    {
        "name": "h30-zone-note-with-named-chiku",
        "subject": "潮位の上昇",
        "text": (
            "こちらは防災大竹市役所です。\n"
            "満潮の時刻にあわせて潮位が高くなるおそれがあります。\n"
            "海岸付近の方は注意してください。\n"
            "※沿岸の地区（小方地区、元町地区、阿多田島）に向けて放送しています。"
        ),
        "expect": {
            "level": None,
            "areas": ["小方", "元町", "阿多田島"],
            "area_limited": True,
            "area_unclear": False,
            "mail_only": False,
            "opened": [],
            "closed": [],
            "full": [],
            "unknown": [],
            "hazard": "storm_surge",
            "summary_first": "海岸付近の方は注意してください",
        },
    },
]
