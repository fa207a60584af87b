"""Real-style chat queries and the demo garbage item a resident means by each.

Written the way residents type on a phone (IME conversions, flick-input slips, a
question around the item, romaji from a handset without Japanese input), not picked
to suit the search: the quality test reports every miss. Expected names are
``home.demo_content.GARBAGE_ITEMS`` names. Where a query could mean several items,
the comment says why the expected one is the most plausible.
"""

from typing import NamedTuple


class QualityQuery(NamedTuple):
    style: str
    query: str
    expected: str


HIRAGANA = "hiragana"
KATAKANA = "katakana"
KANJI = "kanji"
HALF_WIDTH = "half-width"
ROMAJI = "romaji/English"
TYPO = "typo"
PHRASE = "trailing phrase"
MIXED = "mixed/other"

GARBAGE_QUERIES: list[QualityQuery] = [
    # --- hiragana: typed without converting --------------------------------------
    QualityQuery(HIRAGANA, "ぺっとぼとる", "ペットボトル"),
    QualityQuery(HIRAGANA, "だんぼーる", "段ボール"),
    QualityQuery(HIRAGANA, "かんでんち", "乾電池"),
    QualityQuery(HIRAGANA, "なまごみ", "生ごみ"),
    QualityQuery(HIRAGANA, "ふとん", "布団"),
    QualityQuery(HIRAGANA, "てれび", "テレビ"),
    QualityQuery(HIRAGANA, "すぷれーかん", "スプレー缶"),
    QualityQuery(HIRAGANA, "れいぞうこ", "冷蔵庫"),
    QualityQuery(HIRAGANA, "しんぶん", "新聞紙"),
    QualityQuery(HIRAGANA, "かさ", "傘"),
    QualityQuery(HIRAGANA, "じてんしゃ", "自転車"),
    # 蛍光灯 is what people call the tube; the item is named 蛍光管.
    QualityQuery(HIRAGANA, "けいこうとう", "蛍光管"),
    QualityQuery(HIRAGANA, "せんぷうき", "扇風機"),
    QualityQuery(HIRAGANA, "ぎゅうにゅうぱっく", "牛乳パック"),
    QualityQuery(HIRAGANA, "わりばし", "割りばし"),
    QualityQuery(HIRAGANA, "おむつ", "紙おむつ"),
    # Plain "tobacco" in a garbage question means the butts; e-cigarettes are
    # always called 電子たばこ / 加熱式.
    QualityQuery(HIRAGANA, "たばこ", "たばこの吸い殻"),
    QualityQuery(HIRAGANA, "はぶらし", "歯ブラシ"),
    QualityQuery(HIRAGANA, "でんしれんじ", "電子レンジ"),
    QualityQuery(HIRAGANA, "ほうちょう", "包丁"),
    QualityQuery(HIRAGANA, "ほれいざい", "保冷剤"),
    QualityQuery(HIRAGANA, "しょっきだな", "食器棚"),
    # The aliases below are stored in kanji only (空き缶, 座布団, 瀬戸物), without
    # a reading; a resident who does not convert still types them in kana.
    QualityQuery(HIRAGANA, "あきかん", "飲料缶"),
    QualityQuery(HIRAGANA, "ざぶとん", "まくら"),
    QualityQuery(HIRAGANA, "せともの", "陶磁器"),
    QualityQuery(HIRAGANA, "けーたい", "携帯電話"),
    QualityQuery(HIRAGANA, "りゅっく", "かばん"),
    QualityQuery(HIRAGANA, "くーらー", "エアコン"),
    QualityQuery(HIRAGANA, "ちらし", "新聞紙"),
    # --- katakana ----------------------------------------------------------------
    QualityQuery(KATAKANA, "ペットボトル", "ペットボトル"),
    QualityQuery(KATAKANA, "ダンボール", "段ボール"),
    QualityQuery(KATAKANA, "テレビ", "テレビ"),
    QualityQuery(KATAKANA, "カセットボンベ", "カセットボンベ"),
    QualityQuery(KATAKANA, "ライター", "ライター"),
    QualityQuery(KATAKANA, "マットレス", "マットレス"),
    QualityQuery(KATAKANA, "ソファ", "ソファー"),
    QualityQuery(KATAKANA, "スマホ", "携帯電話"),
    QualityQuery(KATAKANA, "パソコン", "パソコン"),
    QualityQuery(KATAKANA, "エアコン", "エアコン"),
    QualityQuery(KATAKANA, "フライパン", "フライパン"),
    QualityQuery(KATAKANA, "ティッシュ", "ティッシュペーパー"),
    QualityQuery(KATAKANA, "プチプチ", "緩衝材"),
    QualityQuery(KATAKANA, "カイロ", "使い捨てカイロ"),
    QualityQuery(KATAKANA, "ヘルメット", "ヘルメット"),
    QualityQuery(KATAKANA, "トレー", "食品トレイ"),
    QualityQuery(KATAKANA, "ベビーカー", "ベビーカー"),
    # --- kanji (IME-converted) ---------------------------------------------------
    # Plain 電池 means ordinary AA/AAA batteries; button cells and rechargeables
    # are asked for by those names.
    QualityQuery(KANJI, "電池", "乾電池"),
    QualityQuery(KANJI, "蛍光灯", "蛍光管"),
    QualityQuery(KANJI, "傘", "傘"),
    QualityQuery(KANJI, "布団", "布団"),
    QualityQuery(KANJI, "冷蔵庫", "冷蔵庫"),
    QualityQuery(KANJI, "洗濯機", "洗濯機"),
    QualityQuery(KANJI, "新聞", "新聞紙"),
    QualityQuery(KANJI, "雑誌", "雑誌"),
    QualityQuery(KANJI, "茶碗", "陶磁器"),
    QualityQuery(KANJI, "鍋", "鍋"),
    QualityQuery(KANJI, "靴", "靴"),
    QualityQuery(KANJI, "枕", "まくら"),
    QualityQuery(KANJI, "空き缶", "飲料缶"),
    QualityQuery(KANJI, "一升瓶", "一升びん"),
    QualityQuery(KANJI, "炊飯器", "炊飯器"),
    QualityQuery(KANJI, "掃除機", "掃除機"),
    QualityQuery(KANJI, "消火器", "消火器"),
    QualityQuery(KANJI, "灯油", "灯油"),
    # Most household thermometers are digital; mercury ones are named as such.
    QualityQuery(KANJI, "体温計", "電子体温計"),
    QualityQuery(KANJI, "生ゴミ", "生ごみ"),
    QualityQuery(KANJI, "卵の殻", "卵の殻"),
    QualityQuery(KANJI, "割り箸", "割りばし"),
    QualityQuery(KANJI, "天ぷら油", "食用油"),
    QualityQuery(KANJI, "缶詰", "缶詰の缶"),
    QualityQuery(KANJI, "服", "古着"),
    QualityQuery(KANJI, "陶器", "陶磁器"),
    # --- half-width katakana (older phones, some keyboards) ----------------------
    QualityQuery(HALF_WIDTH, "ﾍﾟｯﾄﾎﾞﾄﾙ", "ペットボトル"),
    QualityQuery(HALF_WIDTH, "ﾀﾞﾝﾎﾞｰﾙ", "段ボール"),
    QualityQuery(HALF_WIDTH, "ﾃﾚﾋﾞ", "テレビ"),
    QualityQuery(HALF_WIDTH, "ｽﾌﾟﾚｰ缶", "スプレー缶"),
    QualityQuery(HALF_WIDTH, "ｶｾｯﾄﾎﾞﾝﾍﾞ", "カセットボンベ"),
    QualityQuery(HALF_WIDTH, "ﾏｯﾄﾚｽ", "マットレス"),
    QualityQuery(HALF_WIDTH, "ｴｱｺﾝ", "エアコン"),
    QualityQuery(HALF_WIDTH, "ﾊﾟｿｺﾝ", "パソコン"),
    QualityQuery(HALF_WIDTH, "ﾗｲﾀｰ", "ライター"),
    # --- romaji and English ------------------------------------------------------
    QualityQuery(ROMAJI, "pettobotoru", "ペットボトル"),
    QualityQuery(ROMAJI, "petto botoru", "ペットボトル"),
    QualityQuery(ROMAJI, "danboru", "段ボール"),
    QualityQuery(ROMAJI, "danbo-ru", "段ボール"),
    QualityQuery(ROMAJI, "terebi", "テレビ"),
    QualityQuery(ROMAJI, "denchi", "乾電池"),
    QualityQuery(ROMAJI, "futon", "布団"),
    QualityQuery(ROMAJI, "kasa", "傘"),
    QualityQuery(ROMAJI, "jitensha", "自転車"),
    QualityQuery(ROMAJI, "reizouko", "冷蔵庫"),
    QualityQuery(ROMAJI, "sentakuki", "洗濯機"),
    QualityQuery(ROMAJI, "namagomi", "生ごみ"),
    QualityQuery(ROMAJI, "PET", "ペットボトル"),
    QualityQuery(ROMAJI, "TV", "テレビ"),
    QualityQuery(ROMAJI, "PC", "パソコン"),
    QualityQuery(ROMAJI, "LED", "LED電球"),
    QualityQuery(ROMAJI, "DVD", "CD・DVD"),
    QualityQuery(ROMAJI, "sofa", "ソファー"),
    QualityQuery(ROMAJI, "pet bottle", "ペットボトル"),
    QualityQuery(ROMAJI, "akikan", "飲料缶"),
    QualityQuery(ROMAJI, "iPhone", "携帯電話"),
    QualityQuery(ROMAJI, "supure-kan", "スプレー缶"),
    # --- typos and spelling slips -------------------------------------------------
    QualityQuery(TYPO, "ぺっとぼとう", "ペットボトル"),
    QualityQuery(TYPO, "ペトボトル", "ペットボトル"),
    QualityQuery(TYPO, "だんぼうる", "段ボール"),
    QualityQuery(TYPO, "ダンボル", "段ボール"),
    QualityQuery(TYPO, "てれぴ", "テレビ"),
    QualityQuery(TYPO, "れいぞこ", "冷蔵庫"),
    QualityQuery(TYPO, "れいぞーこ", "冷蔵庫"),
    QualityQuery(TYPO, "せんぷき", "扇風機"),
    QualityQuery(TYPO, "スプレイ缶", "スプレー缶"),
    QualityQuery(TYPO, "じてんしや", "自転車"),
    QualityQuery(TYPO, "けいたいでんは", "携帯電話"),
    QualityQuery(TYPO, "でんしれんぢ", "電子レンジ"),
    QualityQuery(TYPO, "てぃしゅ", "ティッシュペーパー"),
    QualityQuery(TYPO, "発砲スチロール", "発泡スチロール"),
    QualityQuery(TYPO, "かせっとぼんべえ", "カセットボンベ"),
    QualityQuery(TYPO, "マットレッス", "マットレス"),
    QualityQuery(TYPO, "せんたっき", "洗濯機"),
    # --- with the question around it ---------------------------------------------
    QualityQuery(PHRASE, "ペットボトルは？", "ペットボトル"),
    QualityQuery(PHRASE, "ダンボールってどう出すの？", "段ボール"),
    QualityQuery(PHRASE, "電池の捨て方", "乾電池"),
    QualityQuery(PHRASE, "スプレー缶は何ごみですか", "スプレー缶"),
    QualityQuery(PHRASE, "布団を捨てたい", "布団"),
    QualityQuery(PHRASE, "冷蔵庫はどうやって捨てるの？", "冷蔵庫"),
    QualityQuery(PHRASE, "傘の出し方を教えてください", "傘"),
    QualityQuery(PHRASE, "フライパンって何ごみ？", "フライパン"),
    QualityQuery(PHRASE, "自転車を処分したいです", "自転車"),
    QualityQuery(PHRASE, "乾電池はどこに出す？", "乾電池"),
    QualityQuery(PHRASE, "古いテレビを捨てたいんですが", "テレビ"),
    QualityQuery(
        PHRASE, "使い終わったカセットボンベはどうすればいいですか", "カセットボンベ"
    ),
    QualityQuery(PHRASE, "生ごみの日はいつ？", "生ごみ"),
    QualityQuery(PHRASE, "ソファーは粗大ごみ？", "ソファー"),
    QualityQuery(PHRASE, "カイロって燃えるごみ？", "使い捨てカイロ"),
    QualityQuery(PHRASE, "ライターの捨て方を教えて", "ライター"),
    QualityQuery(PHRASE, "消火器 捨てたい", "消火器"),
    QualityQuery(PHRASE, "パソコンは回収してもらえますか", "パソコン"),
    QualityQuery(PHRASE, "ﾍﾟｯﾄﾎﾞﾄﾙの出し方", "ペットボトル"),
    QualityQuery(PHRASE, "pettobotoru wa?", "ペットボトル"),
    QualityQuery(PHRASE, "蛍光灯はどうやって出せばいい？", "蛍光管"),
    QualityQuery(PHRASE, "すみません、ガスボンベは何ごみでしょうか", "カセットボンベ"),
    # --- mixed and other ---------------------------------------------------------
    QualityQuery(MIXED, "PETボトル", "ペットボトル"),
    QualityQuery(MIXED, "ペットボトルのふた", "ペットボトルのキャップ"),
    QualityQuery(MIXED, "ペットボトルのキャップ", "ペットボトルのキャップ"),
    QualityQuery(MIXED, "ボタン電池", "ボタン電池"),
    QualityQuery(MIXED, "単3電池", "乾電池"),
    QualityQuery(MIXED, "カップラーメンの容器", "カップ麺の容器"),
    QualityQuery(MIXED, "割れたお皿", "陶磁器"),
    QualityQuery(MIXED, "使用済みの乾電池", "乾電池"),
    QualityQuery(MIXED, "ビールの空き缶", "飲料缶"),
    QualityQuery(MIXED, "ペンキの缶", "ペンキ"),
    QualityQuery(MIXED, "ＬＥＤ電球", "LED電球"),
    QualityQuery(MIXED, "エアコンの室外機", "エアコン"),
    QualityQuery(MIXED, "アルミ缶", "飲料缶"),
    QualityQuery(MIXED, "牛乳パックの出し方", "牛乳パック"),
    QualityQuery(MIXED, "ヘアスプレー", "スプレー缶"),
    QualityQuery(MIXED, "ビン", "飲料びん"),
]
