"""Demo content for Otake LINE Hub (大竹市), loaded by the ``seed_demo`` command.

This module is pure data: module-level constants built from dicts, lists, str, int,
float, bool and None. It has no imports and no side effects.

Everything here is DEMO CONTENT:

* The news pages and disaster notices describe fictional events (dates in autumn
  2026, 令和8年). They are plausible, but none of them happened or was announced.
* The shelter names are places named in the city's disaster-radio broadcasts, but
  their addresses, coordinates, capacities and hazard flags are fictitious demo
  values, except the city hall's address (大竹市小方1丁目11番1号), which is real.
  Every shelter's ``notes`` says so.
* The garbage categories, items and collection schedules are generic rules of a
  typical Japanese city. They are not Otake City's official sorting rules.
* Phone numbers use the fictitious 0827-00-0000 style and are marked as such.
  Bus times, road works, event programmes and council dates are invented.

Body blocks (``NEWS[*]["body"]`` and ``DISASTER_NOTICES[*]["body"]``) use the
types ``heading`` (str), ``paragraph`` (simple HTML), ``table``
(``{"first_row_is_header": bool, "rows": [[str, ...], ...]}``) and ``button``
(``{"label": str, "url": str}``; a url starting with ``/`` is on this site).
"""

CITY = {
    "city_name": "大竹市",
    "city_name_kana": "おおたけし",
    "contact": (
        "大竹市役所 〒739-0692 広島県大竹市小方1丁目11番1号 "
        "電話 0827-00-0000（デモ用の架空の番号です）"
    ),
    "website_url": "https://www.city.otake.hiroshima.jp/",
}


# 受信設定で市民が選ぶトピック。並び順がそのまま表示順になります。
TOPICS = [
    {
        "slug": "bousai",
        "name": "防災",
        "description": "避難情報、避難所の開設、気象警報、防災行政無線の放送内容などをお届けします。",
    },
    {
        "slug": "gomi",
        "name": "ごみ",
        "description": "ごみの収集日の変更、分別の方法、年末年始の収集などのお知らせです。",
    },
    {
        "slug": "kosodate",
        "name": "子育て",
        "description": "保育所・児童館、子どもの予防接種や健診、子育て支援のお知らせです。",
    },
    {
        "slug": "kenko",
        "name": "健康・福祉",
        "description": "予防接種、健康診断、介護・高齢者福祉、障害福祉に関するお知らせです。",
    },
    {
        "slug": "event",
        "name": "イベント",
        "description": "市内で開かれる催し、講座、スポーツ大会などのご案内です。",
    },
    {
        "slug": "shisei",
        "name": "市政",
        "description": "市議会、予算、計画、パブリックコメントなど市の取り組みをお知らせします。",
    },
    {
        "slug": "kotsu",
        "name": "交通",
        "description": "こいこいバスなど路線バス、阿多田島汽船、道路の通行止めや工事の情報です。",
    },
    {
        "slug": "bohan",
        "name": "防犯",
        "description": "特殊詐欺や不審者の情報、交通安全など、暮らしの安全に関するお知らせです。",
    },
    {
        "slug": "kurashi",
        "name": "くらし・手続き",
        "description": "税・保険・年金、上下水道、戸籍や住民票など、暮らしの手続きのお知らせです。",
    },
]


# 地区。防災行政無線の放送で使われている地区名です。
AREAS = [
    {"name": "小方", "reading": "おがた", "aliases": []},
    {
        "name": "小方ヶ丘",
        "reading": "おがたがおか",
        "aliases": ["小方ケ丘", "小方が丘"],
    },
    {"name": "三ツ石", "reading": "みついし", "aliases": ["三ッ石", "三ツ石町"]},
    {"name": "玖波", "reading": "くば", "aliases": []},
    {"name": "木野", "reading": "きの", "aliases": []},
    {"name": "川手", "reading": "かわて", "aliases": []},
    {"name": "新町", "reading": "しんまち", "aliases": []},
    {"name": "本町", "reading": "ほんまち", "aliases": []},
    {"name": "白石", "reading": "しらいし", "aliases": []},
    {"name": "元町", "reading": "もとまち", "aliases": []},
    {"name": "立戸", "reading": "たてど", "aliases": []},
    {"name": "比作", "reading": "ひづくり", "aliases": []},
    {"name": "防鹿", "reading": "ぼうろく", "aliases": []},
    {"name": "安条", "reading": "やすじょう", "aliases": []},
    {"name": "穂仁原", "reading": "ほにはら", "aliases": []},
    {
        "name": "栗谷",
        "reading": "くりたに",
        "aliases": ["栗谷町", "谷尻", "大栗林", "小栗林", "後原", "広原"],
    },
    {
        "name": "松ケ原",
        "reading": "まつがはら",
        "aliases": ["松ヶ原", "松ケ原町", "松ヶ原町", "松が原"],
    },
    {"name": "阿多田", "reading": "あたた", "aliases": ["阿多田島"]},
]


# 地域の呼び名と、その地区（職員が管理画面で直せます）。放送は 沿岸部 のように地域で
# 対象を示すことがあります。どの地区を含めるかはデモ用の目安で、市の定めではありません。
ZONES = [
    {
        "name": "沿岸部",
        "aliases": [
            "沿岸地域",
            "沿岸の地域",
            "沿岸地区",
            "海岸沿い",
            "海沿い",
            "臨海部",
        ],
        "areas": ["小方", "玖波", "新町", "本町", "白石", "元町", "立戸", "阿多田"],
    },
    {
        "name": "山間部",
        "aliases": ["山間地域", "山沿い", "中山間地域"],
        "areas": ["栗谷", "松ケ原", "穂仁原", "比作"],
    },
    {
        "name": "島しょ部",
        "aliases": ["島しょ地域", "島嶼部", "島部"],
        "areas": ["阿多田"],
    },
    {
        "name": "市街地",
        "aliases": ["市街地域", "中心部"],
        "areas": ["小方", "小方ヶ丘", "新町", "本町", "白石", "元町", "立戸", "玖波"],
    },
    {
        "name": "北部",
        "aliases": ["市北部", "北部地域"],
        "areas": ["栗谷", "松ケ原", "穂仁原", "比作", "木野", "川手"],
    },
    {
        "name": "南部",
        "aliases": ["市南部", "南部地域"],
        "areas": ["小方", "小方ヶ丘", "三ツ石", "玖波", "元町", "防鹿", "安条"],
    },
    {
        "name": "小瀬川沿い",
        "aliases": ["小瀬川流域", "小瀬川の沿岸", "小瀬川周辺"],
        "areas": ["木野", "川手", "比作", "穂仁原"],
    },
    {
        "name": "玖島川沿い",
        "aliases": ["玖島川流域", "玖島川周辺"],
        "areas": ["栗谷"],
    },
]


# 避難所。名称は防災行政無線の放送に出てくるものです。
# 住所（市役所を除く）・座標・収容人数・対象災害はデモ用の架空の値です。
SHELTERS = [
    {
        "name": "大竹市役所",
        "reading": "おおたけしやくしょ",
        "address": "大竹市小方1丁目11番1号",
        "latitude": 34.238,
        "longitude": 132.222,
        "capacity": 200,
        "hazards": ["flood", "landslide", "earthquake", "fire"],
        "areas": ["小方", "元町"],
        "status": "closed",
        "notes": "住所は市役所の所在地です。座標・収容人数・対象災害はデモ用の架空の値です。",
    },
    {
        "name": "総合市民会館",
        "reading": "そうごうしみんかいかん",
        "address": "大竹市新町（デモ用）",
        "latitude": 34.232,
        "longitude": 132.215,
        "capacity": 300,
        "hazards": ["flood", "landslide", "earthquake", "fire"],
        "areas": ["新町", "防鹿", "安条"],
        "status": "closed",
        "notes": "デモ用の架空の住所・座標です。大雨のときは最初に自主避難場所として開設する想定です。",
    },
    {
        "name": "大竹会館",
        "reading": "おおたけかいかん",
        "address": "大竹市本町（デモ用）",
        "latitude": 34.229,
        "longitude": 132.219,
        "capacity": 150,
        "hazards": ["landslide", "earthquake", "fire"],
        "areas": ["本町", "白石"],
        "status": "closed",
        "notes": "デモ用の架空の住所・座標です。",
    },
    {
        "name": "玖波公民館",
        "reading": "くばこうみんかん",
        "address": "大竹市玖波（デモ用）",
        "latitude": 34.262,
        "longitude": 132.240,
        "capacity": 80,
        "hazards": ["landslide", "earthquake", "fire"],
        "areas": ["玖波"],
        "status": "closed",
        "notes": "デモ用の架空の住所・座標です。",
    },
    {
        "name": "玖波小学校",
        "reading": "くばしょうがっこう",
        "address": "大竹市玖波（デモ用）",
        "latitude": 34.265,
        "longitude": 132.243,
        "capacity": 300,
        "hazards": ["flood", "landslide", "earthquake", "fire", "inland_flood"],
        "areas": ["玖波", "三ツ石"],
        "status": "closed",
        "notes": "デモ用の架空の住所・座標です。体育館を避難スペースとして使う想定です。",
    },
    {
        "name": "サントピア大竹",
        "aliases": ["サントピア"],
        "reading": "さんとぴあおおたけ",
        "address": "大竹市立戸（デモ用）",
        "latitude": 34.226,
        "longitude": 132.212,
        "capacity": 250,
        "hazards": ["flood", "earthquake", "fire", "inland_flood"],
        "areas": ["立戸", "白石"],
        "status": "closed",
        "notes": "デモ用の架空の住所・座標です。断水時の給水所にもなる想定です。",
    },
    {
        "name": "アゼリアおおたけ",
        "reading": "あぜりあおおたけ",
        "address": "大竹市元町（デモ用）",
        "latitude": 34.234,
        "longitude": 132.218,
        "capacity": 100,
        "hazards": ["flood", "landslide", "earthquake"],
        "areas": ["元町", "新町"],
        "status": "closed",
        "notes": "デモ用の架空の住所・座標です。",
    },
    {
        "name": "小方学園",
        "reading": "おがたがくえん",
        "address": "大竹市小方（デモ用）",
        "latitude": 34.243,
        "longitude": 132.228,
        "capacity": 400,
        "hazards": ["flood", "landslide", "earthquake", "fire"],
        "areas": ["小方", "小方ヶ丘", "三ツ石"],
        "status": "closed",
        "notes": "デモ用の架空の住所・座標です。体育館を避難スペースとして使う想定です。",
    },
    {
        "name": "栗谷小学校",
        "reading": "くりたにしょうがっこう",
        "address": "大竹市栗谷（デモ用）",
        "latitude": 34.303,
        "longitude": 132.180,
        "capacity": 150,
        "hazards": ["flood", "earthquake", "fire"],
        "areas": ["栗谷"],
        "status": "closed",
        "notes": "デモ用の架空の住所・座標です。",
    },
    {
        "name": "小栗林集会所",
        "reading": "こくりばやししゅうかいじょ",
        "address": "大竹市栗谷（デモ用）",
        "latitude": 34.296,
        "longitude": 132.188,
        "capacity": 30,
        "hazards": ["earthquake", "fire"],
        "areas": ["栗谷"],
        "status": "closed",
        "notes": "デモ用の架空の住所・座標です。",
    },
    {
        "name": "栗谷農林振興センター",
        "aliases": ["農林振興センター"],
        "reading": "くりたにのうりんしんこうせんたー",
        "address": "大竹市栗谷（デモ用）",
        "latitude": 34.300,
        "longitude": 132.184,
        "capacity": 60,
        "hazards": ["flood", "landslide", "earthquake"],
        "areas": ["栗谷"],
        "status": "open",
        "notes": "デモ用の架空の住所・座標です。栗谷地区に警戒レベル3が発令されたときに開設する想定です。",
    },
    {
        "name": "木野集会所",
        "reading": "きのしゅうかいじょ",
        "address": "大竹市木野（デモ用）",
        "latitude": 34.247,
        "longitude": 132.195,
        "capacity": 50,
        "hazards": ["landslide", "earthquake", "fire"],
        "areas": ["木野", "川手", "比作", "穂仁原"],
        "status": "closed",
        "notes": "デモ用の架空の住所・座標です。小瀬川の水位が上がったときは比作・穂仁原地区の避難先にもなる想定です。",
    },
    {
        "name": "松ケ原集会所",
        "aliases": ["松ヶ原集会所"],
        "reading": "まつがはらしゅうかいじょ",
        "address": "大竹市松ケ原（デモ用）",
        "latitude": 34.310,
        "longitude": 132.225,
        "capacity": 30,
        "hazards": ["landslide", "earthquake", "fire"],
        "areas": ["松ケ原"],
        "status": "open",
        "notes": "デモ用の架空の住所・座標です。",
    },
    {
        "name": "阿多田漁村センター",
        "reading": "あたたぎょそんせんたー",
        "address": "大竹市阿多田（デモ用）",
        "latitude": 34.200,
        "longitude": 132.300,
        "capacity": 80,
        "hazards": ["flood", "landslide", "earthquake", "fire"],
        "areas": ["阿多田"],
        "status": "closed",
        "notes": "デモ用の架空の住所・座標です。",
    },
]


# ごみの分別区分。一般的な自治体のルールをもとにしたデモ用の内容で、
# 大竹市の正式な分別ルールではありません。並び順がそのまま表示順になります。
GARBAGE_CATEGORIES = [
    {
        "slug": "moyasu",
        "name": "燃やせるごみ",
        "colour": "#E4572E",
        "how_to_put_out": (
            "市の指定ごみ袋（燃やせるごみ用）に入れ、収集日の朝8時30分までに"
            "ごみステーションに出してください。生ごみは水気をよく切ってください。"
            "袋の口はしっかり結び、カラスなどに荒らされないようネットをかけてください。"
        ),
    },
    {
        "slug": "moyasenai",
        "name": "燃やせないごみ（埋立ごみ）",
        "collect_on_holidays": False,
        "colour": "#607D8B",
        "how_to_put_out": (
            "市の指定ごみ袋（燃やせないごみ用）に入れ、収集日の朝8時30分までに出してください。"
            "割れたガラスや刃物は厚紙や新聞紙で包み、「キケン」と書いてください。"
            "電池やスプレー缶は混ぜないでください。"
        ),
    },
    {
        "slug": "kanbin",
        "name": "資源ごみ（缶・びん）",
        "collect_on_holidays": False,
        "colour": "#1E6FD9",
        "how_to_put_out": (
            "中を軽くすすぎ、透明または半透明の袋に入れて出してください。"
            "缶とびんは別々の袋に分けてください。"
            "びんのふたは外し、金属のふたは燃やせないごみ、プラスチックのふたはプラスチック製容器包装へ出してください。"
        ),
    },
    {
        "slug": "petbottle",
        "name": "ペットボトル",
        "collect_on_holidays": False,
        "colour": "#0097A7",
        "how_to_put_out": (
            "PETマークのあるボトルが対象です。キャップとラベルを外し、中をすすいで軽くつぶしてから、"
            "透明または半透明の袋に入れて出してください。"
        ),
    },
    {
        "slug": "pura",
        "name": "プラスチック製容器包装",
        "colour": "#8E44AD",
        "how_to_put_out": (
            "プラマークのある容器や包装が対象です。中身を使い切り、汚れを軽く洗い流してから、"
            "透明または半透明の袋に入れて出してください。"
            "洗っても汚れが落ちないものは燃やせるごみへ出してください。"
        ),
    },
    {
        "slug": "koshi",
        "name": "古紙・古布",
        "collect_on_holidays": False,
        "colour": "#2E7D32",
        "how_to_put_out": (
            "新聞、雑誌、段ボール、雑がみ、紙パックは種類ごとにひもで十字に縛って出してください。"
            "古布は洗って乾かし、透明または半透明の袋に入れてください。"
            "雨の日は濡れるとリサイクルできなくなるため、次の収集日に出してください。"
        ),
    },
    {
        "slug": "yugai",
        "name": "有害・危険ごみ（乾電池・スプレー缶など）",
        "collect_on_holidays": False,
        "colour": "#9C7A00",
        "how_to_put_out": (
            "乾電池、蛍光管、スプレー缶、ライターなどは、他のごみと混ぜずに透明な袋に入れ、"
            "有害ごみの収集日に出してください。"
            "スプレー缶やカセットボンベは必ず中身を使い切ってください。"
            "充電式電池は収集車の火災の原因になるため、端子をテープで絶縁してください。"
        ),
    },
    {
        "slug": "kogata",
        "name": "小型家電",
        "collect_on_holidays": False,
        "colour": "#D81B60",
        "how_to_put_out": (
            "携帯電話、ドライヤー、ゲーム機など、指定ごみ袋に入る大きさの家電製品が対象です。"
            "電池やバッテリーは外し、有害ごみの収集日に中身の見える袋に入れて出してください。"
            "携帯電話などの個人情報は事前に消去してください。"
        ),
    },
    {
        "slug": "sodai",
        "name": "粗大ごみ",
        "colour": "#6D4C41",
        "how_to_put_out": (
            "指定ごみ袋に入らないもの、または一辺がおおむね50cmを超えるものが対象です。"
            "事前に電話で申し込み、案内された収集日の朝8時30分までに、"
            "粗大ごみ処理券を貼って指定の場所に出してください。"
        ),
    },
    {
        "slug": "shushu_fuka",
        "name": "市では収集できないもの",
        "colour": "#37474F",
        "how_to_put_out": (
            "テレビ・冷蔵庫・洗濯機・エアコンなど家電リサイクル法の対象品、パソコン、タイヤ、"
            "消火器などは市では収集できません。購入した販売店やメーカー、専門の処理業者に"
            "ご相談ください。"
        ),
    },
]


# ごみの品目。aliases はチャットでの検索に使う別の呼び方です。
GARBAGE_ITEMS = [
    # --- 燃やせるごみ ---
    {
        "name": "生ごみ",
        "reading": "なまごみ",
        "aliases": ["生ゴミ", "台所ごみ", "残飯", "野菜くず"],
        "category": "moyasu",
        "notes": "水気をよく切ってから出してください。",
    },
    {
        "name": "紙くず",
        "reading": "かみくず",
        "aliases": ["紙ごみ", "紙クズ"],
        "category": "moyasu",
        "notes": "リサイクルできる紙は古紙・古布へ出してください。",
    },
    {
        "name": "ティッシュペーパー",
        "reading": "てぃっしゅぺーぱー",
        "aliases": ["ティッシュ", "ちり紙", "鼻紙"],
        "category": "moyasu",
        "notes": "",
    },
    {
        "name": "紙おむつ",
        "reading": "かみおむつ",
        "aliases": ["おむつ", "オムツ", "大人用おむつ", "紙オムツ"],
        "category": "moyasu",
        "notes": "汚物はトイレに流してから、丸めて出してください。",
    },
    {
        "name": "生理用品",
        "reading": "せいりようひん",
        "aliases": ["ナプキン"],
        "category": "moyasu",
        "notes": "紙などで包んでから出してください。",
    },
    {
        "name": "たばこの吸い殻",
        "reading": "たばこのすいがら",
        "aliases": ["吸い殻", "吸殻", "タバコ", "煙草"],
        "category": "moyasu",
        "notes": "火が完全に消えていることを確認し、水で湿らせてから出してください。",
    },
    {
        "name": "灰",
        "reading": "はい",
        "aliases": ["ストーブの灰", "バーベキューの灰", "線香の灰"],
        "category": "moyasu",
        "notes": "完全に冷めて火が消えていることを確認してから出してください。",
    },
    {
        "name": "木炭",
        "reading": "もくたん",
        "aliases": ["炭", "備長炭", "消し炭"],
        "category": "moyasu",
        "notes": "水をかけて完全に火を消し、乾かしてから出してください。",
    },
    {
        "name": "猫砂",
        "reading": "ねこすな",
        "aliases": ["ネコ砂", "猫の砂", "ペットの砂", "ねこ砂"],
        "category": "moyasu",
        "notes": "紙・木・おから製が対象です。鉱物系の砂は燃やせないごみへ出してください。",
    },
    {
        "name": "ペットシーツ",
        "reading": "ぺっとしーつ",
        "aliases": ["ペットシート", "トイレシート"],
        "category": "moyasu",
        "notes": "汚物を包むように丸めて出してください。",
    },
    {
        "name": "食用油",
        "reading": "しょくようあぶら",
        "aliases": ["天ぷら油", "てんぷら油", "サラダ油", "使用済みの油", "揚げ油"],
        "category": "moyasu",
        "notes": "紙や布にしみ込ませるか、凝固剤で固めて出してください。排水口には流さないでください。",
    },
    {
        "name": "卵の殻",
        "reading": "たまごのから",
        "aliases": ["たまごの殻", "卵のから"],
        "category": "moyasu",
        "notes": "",
    },
    {
        "name": "貝殻",
        "reading": "かいがら",
        "aliases": ["カキ殻", "牡蠣殻", "貝がら", "貝"],
        "category": "moyasu",
        "notes": "水気を切って出してください。大量にある場合はご相談ください。",
    },
    {
        "name": "茶殻",
        "reading": "ちゃがら",
        "aliases": ["お茶がら", "コーヒーかす", "ティーバッグ"],
        "category": "moyasu",
        "notes": "水気を切ってから出してください。",
    },
    {
        "name": "革製品",
        "reading": "かわせいひん",
        "aliases": ["皮革製品", "革のかばん", "ベルト"],
        "category": "moyasu",
        "notes": "金具はできるだけ外してください。",
    },
    {
        "name": "靴",
        "reading": "くつ",
        "aliases": ["スニーカー", "運動靴", "革靴", "長靴", "サンダル"],
        "category": "moyasu",
        "notes": "",
    },
    {
        "name": "かばん",
        "reading": "かばん",
        "aliases": ["鞄", "バッグ", "リュック", "ランドセル"],
        "category": "moyasu",
        "notes": "一辺が50cmを超えるものは粗大ごみへ出してください。",
    },
    {
        "name": "ぬいぐるみ",
        "reading": "ぬいぐるみ",
        "aliases": ["縫いぐるみ", "人形"],
        "category": "moyasu",
        "notes": "電池が入っているものは電池を外してください。",
    },
    {
        "name": "ゴム製品",
        "reading": "ごむせいひん",
        "aliases": ["ゴム手袋", "輪ゴム", "ゴム"],
        "category": "moyasu",
        "notes": "",
    },
    {
        "name": "ビデオテープ",
        "reading": "びでおてーぷ",
        "aliases": ["VHS", "カセットテープ", "ビデオ"],
        "category": "moyasu",
        "notes": "",
    },
    {
        "name": "CD・DVD",
        "reading": "しーでぃー・でぃーぶいでぃー",
        "aliases": ["CD", "DVD", "ブルーレイ", "ディスク"],
        "category": "moyasu",
        "notes": "ケースがプラスチック製のものも燃やせるごみへ出してください。",
    },
    {
        "name": "写真",
        "reading": "しゃしん",
        "aliases": ["アルバム", "プリント写真"],
        "category": "moyasu",
        "notes": "",
    },
    {
        "name": "紙コップ",
        "reading": "かみこっぷ",
        "aliases": ["紙皿", "紙カップ"],
        "category": "moyasu",
        "notes": "",
    },
    {
        "name": "割りばし",
        "reading": "わりばし",
        "aliases": ["割り箸", "割箸", "つまようじ", "竹串"],
        "category": "moyasu",
        "notes": "",
    },
    {
        "name": "レシート",
        "reading": "れしーと",
        "aliases": ["感熱紙"],
        "category": "moyasu",
        "notes": "感熱紙はリサイクルできないため燃やせるごみへ出してください。",
    },
    {
        "name": "ピザの箱",
        "reading": "ぴざのはこ",
        "aliases": ["ピザの空き箱", "油のしみた紙"],
        "category": "moyasu",
        "notes": "油や食べ物で汚れた紙はリサイクルできません。",
    },
    {
        "name": "食品用ラップ",
        "reading": "しょくひんようらっぷ",
        "aliases": ["ラップ", "ラップフィルム"],
        "category": "moyasu",
        "notes": "家庭で使ったラップは燃やせるごみへ。芯は古紙（雑がみ）へ出してください。",
    },
    {
        "name": "汚れの落ちないプラスチック容器",
        "reading": "よごれのおちないぷらすちっくようき",
        "aliases": ["汚れたプラスチック", "油で汚れた容器"],
        "category": "moyasu",
        "notes": "洗っても汚れが落ちない容器は燃やせるごみへ出してください。",
    },
    {
        "name": "プラスチックのハンガー",
        "reading": "ぷらすちっくのはんがー",
        "aliases": ["ハンガー"],
        "category": "moyasu",
        "notes": "針金のハンガーは燃やせないごみへ出してください。",
    },
    {
        "name": "バケツ",
        "reading": "ばけつ",
        "aliases": ["プラスチックのバケツ"],
        "category": "moyasu",
        "notes": "プラスチック製のものが対象です。金属製は燃やせないごみへ。",
    },
    {
        "name": "おもちゃ",
        "reading": "おもちゃ",
        "aliases": ["玩具", "プラモデル", "ブロック遊び"],
        "category": "moyasu",
        "notes": "プラスチック製のものが対象です。電池は外し、電子部品のあるものは小型家電へ出してください。",
    },
    {
        "name": "歯ブラシ",
        "reading": "はぶらし",
        "aliases": ["ハブラシ"],
        "category": "moyasu",
        "notes": "電動歯ブラシは小型家電へ出してください。",
    },
    {
        "name": "ボールペン",
        "reading": "ぼーるぺん",
        "aliases": ["シャープペンシル", "マーカー", "筆記用具", "文房具"],
        "category": "moyasu",
        "notes": "",
    },
    {
        "name": "保冷剤",
        "reading": "ほれいざい",
        "aliases": ["保冷パック", "ケーキの保冷剤"],
        "category": "moyasu",
        "notes": "中身は排水口に流さず、袋のまま出してください。",
    },
    {
        "name": "ホース",
        "reading": "ほーす",
        "aliases": ["ゴムホース", "散水ホース"],
        "category": "moyasu",
        "notes": "50cm程度の長さに切って出してください。",
    },
    {
        "name": "プランター",
        "reading": "ぷらんたー",
        "aliases": ["プラスチックの植木鉢"],
        "category": "moyasu",
        "notes": "土を取り除いてから出してください。",
    },
    {
        "name": "マスク",
        "reading": "ますく",
        "aliases": ["使い捨てマスク", "不織布マスク"],
        "category": "moyasu",
        "notes": "袋に入れて口をしっかり結んで出してください。",
    },
    {
        "name": "まくら",
        "reading": "まくら",
        "aliases": ["枕", "クッション", "座布団"],
        "category": "moyasu",
        "notes": "一辺が50cmを超えるものは粗大ごみへ出してください。",
    },
    {
        "name": "落ち葉・草",
        "reading": "おちば・くさ",
        "aliases": ["落ち葉", "草", "雑草", "枝", "剪定した枝"],
        "category": "moyasu",
        "notes": "枝は長さ50cm以下・太さ10cm以下に切り、ひもで束ねてください。",
    },
    # --- 燃やせないごみ（埋立ごみ） ---
    {
        "name": "陶磁器",
        "reading": "とうじき",
        "aliases": ["茶わん", "茶碗", "お皿", "陶器", "瀬戸物", "土鍋"],
        "category": "moyasenai",
        "notes": "割れたものは紙に包み、「キケン」と書いてください。",
    },
    {
        "name": "割れたガラス",
        "reading": "われたがらす",
        "aliases": ["ガラス", "ガラスの破片", "窓ガラス"],
        "category": "moyasenai",
        "notes": "厚紙や新聞紙で包み、「キケン」と書いてください。",
    },
    {
        "name": "コップ",
        "reading": "こっぷ",
        "aliases": ["グラス", "ガラスのコップ"],
        "category": "moyasenai",
        "notes": "ガラス製・陶器製のものが対象です。",
    },
    {
        "name": "耐熱ガラス",
        "reading": "たいねつがらす",
        "aliases": ["耐熱容器", "耐熱ガラスの食器"],
        "category": "moyasenai",
        "notes": "びんとは溶ける温度が違うため、資源ごみ（びん）には入れないでください。",
    },
    {
        "name": "鏡",
        "reading": "かがみ",
        "aliases": ["手鏡", "ミラー"],
        "category": "moyasenai",
        "notes": "一辺が50cmを超えるものは粗大ごみへ出してください。",
    },
    {
        "name": "電球",
        "reading": "でんきゅう",
        "aliases": ["白熱電球", "白熱球"],
        "category": "moyasenai",
        "notes": "割れないよう、購入時の箱や紙に包んで出してください。",
    },
    {
        "name": "LED電球",
        "reading": "えるいーでぃーでんきゅう",
        "aliases": ["LED", "LEDライト"],
        "category": "moyasenai",
        "notes": "",
    },
    {
        "name": "包丁",
        "reading": "ほうちょう",
        "aliases": ["ナイフ", "刃物", "果物ナイフ"],
        "category": "moyasenai",
        "notes": "刃を厚紙などで包み、「キケン」と書いてください。",
    },
    {
        "name": "はさみ",
        "reading": "はさみ",
        "aliases": ["ハサミ", "鋏"],
        "category": "moyasenai",
        "notes": "刃の部分を紙で包んでください。",
    },
    {
        "name": "かみそり",
        "reading": "かみそり",
        "aliases": ["カミソリ", "剃刀", "替刃"],
        "category": "moyasenai",
        "notes": "刃を紙で包み、「キケン」と書いてください。",
    },
    {
        "name": "フライパン",
        "reading": "ふらいぱん",
        "aliases": ["中華鍋"],
        "category": "moyasenai",
        "notes": "",
    },
    {
        "name": "鍋",
        "reading": "なべ",
        "aliases": ["やかん", "ナベ", "片手鍋", "圧力鍋"],
        "category": "moyasenai",
        "notes": "土鍋は陶磁器として出してください。",
    },
    {
        "name": "傘",
        "reading": "かさ",
        "aliases": ["かさ", "雨傘", "日傘", "ビニール傘"],
        "category": "moyasenai",
        "notes": "",
    },
    {
        "name": "使い捨てカイロ",
        "reading": "つかいすてかいろ",
        "aliases": ["カイロ", "貼るカイロ"],
        "category": "moyasenai",
        "notes": "",
    },
    {
        "name": "針金ハンガー",
        "reading": "はりがねはんがー",
        "aliases": ["クリーニングのハンガー", "金属のハンガー"],
        "category": "moyasenai",
        "notes": "",
    },
    {
        "name": "くぎ",
        "reading": "くぎ",
        "aliases": ["釘", "ねじ", "画びょう"],
        "category": "moyasenai",
        "notes": "紙に包んでから出してください。",
    },
    {
        "name": "びんの金属のふた",
        "reading": "びんのきんぞくのふた",
        "aliases": ["王冠", "金属のキャップ", "びんのふた"],
        "category": "moyasenai",
        "notes": "",
    },
    {
        "name": "アルミホイル",
        "reading": "あるみほいる",
        "aliases": ["アルミはく", "アルミ箔"],
        "category": "moyasenai",
        "notes": "",
    },
    {
        "name": "魔法瓶",
        "reading": "まほうびん",
        "aliases": ["水筒", "ステンレスボトル", "マグボトル"],
        "category": "moyasenai",
        "notes": "",
    },
    {
        "name": "陶器の植木鉢",
        "reading": "とうきのうえきばち",
        "aliases": ["植木鉢", "素焼きの鉢"],
        "category": "moyasenai",
        "notes": "土を取り除いてから出してください。",
    },
    {
        "name": "ヘルメット",
        "reading": "へるめっと",
        "aliases": [],
        "category": "moyasenai",
        "notes": "",
    },
    {
        "name": "鉱物系の猫砂",
        "reading": "こうぶつけいのねこすな",
        "aliases": ["ベントナイトの猫砂", "固まる猫砂"],
        "category": "moyasenai",
        "notes": "汚物を取り除いてから出してください。",
    },
    # --- 資源ごみ（缶・びん） ---
    {
        "name": "飲料缶",
        "reading": "いんりょうかん",
        "aliases": ["空き缶", "アルミ缶", "スチール缶", "ビール缶", "缶"],
        "category": "kanbin",
        "notes": "中を軽くすすいでください。",
    },
    {
        "name": "缶詰の缶",
        "reading": "かんづめのかん",
        "aliases": ["缶詰", "ツナ缶", "サバ缶", "お菓子の缶", "のりの缶"],
        "category": "kanbin",
        "notes": "中を洗ってください。ふたで手を切らないよう注意してください。",
    },
    {
        "name": "飲料びん",
        "reading": "いんりょうびん",
        "aliases": ["空きびん", "瓶", "ビン", "ビールびん", "ジュースのびん"],
        "category": "kanbin",
        "notes": "ふたを外し、中を軽くすすいでください。",
    },
    {
        "name": "調味料のびん",
        "reading": "ちょうみりょうのびん",
        "aliases": ["ジャムのびん", "ドレッシングのびん", "しょうゆのびん"],
        "category": "kanbin",
        "notes": "中を洗ってください。汚れが落ちないものは燃やせないごみへ。",
    },
    {
        "name": "一升びん",
        "reading": "いっしょうびん",
        "aliases": ["一升瓶", "日本酒のびん"],
        "category": "kanbin",
        "notes": "販売店で引き取ってもらえる場合があります。",
    },
    # --- ペットボトル ---
    {
        "name": "ペットボトル",
        "reading": "ぺっとぼとる",
        "aliases": ["PET", "PETボトル", "ペット"],
        "category": "petbottle",
        "notes": "キャップとラベルは外してプラスチック製容器包装へ。中を軽くすすいでください。",
    },
    {
        "name": "しょうゆのペットボトル",
        "reading": "しょうゆのぺっとぼとる",
        "aliases": ["醤油のペットボトル", "みりんのペットボトル"],
        "category": "petbottle",
        "notes": "PETマークがあるものが対象です。中をよくすすいでください。",
    },
    # --- プラスチック製容器包装 ---
    {
        "name": "ペットボトルのキャップ",
        "reading": "ぺっとぼとるのきゃっぷ",
        "aliases": ["キャップ", "ペットボトルのふた"],
        "category": "pura",
        "notes": "",
    },
    {
        "name": "ペットボトルのラベル",
        "reading": "ぺっとぼとるのらべる",
        "aliases": ["ラベル"],
        "category": "pura",
        "notes": "",
    },
    {
        "name": "食品トレイ",
        "reading": "しょくひんとれい",
        "aliases": ["トレー", "トレイ", "発泡トレー", "肉のトレー"],
        "category": "pura",
        "notes": "汚れを洗い流してから出してください。",
    },
    {
        "name": "卵のパック",
        "reading": "たまごのぱっく",
        "aliases": ["卵パック", "たまごパック"],
        "category": "pura",
        "notes": "",
    },
    {
        "name": "カップ麺の容器",
        "reading": "かっぷめんのようき",
        "aliases": ["カップラーメン", "カップ麺", "カップうどん", "カップ焼きそば"],
        "category": "pura",
        "notes": "紙製の容器は燃やせるごみへ出してください。",
    },
    {
        "name": "レジ袋",
        "reading": "れじぶくろ",
        "aliases": ["ビニール袋", "ポリ袋", "買い物袋"],
        "category": "pura",
        "notes": "",
    },
    {
        "name": "お菓子の袋",
        "reading": "おかしのふくろ",
        "aliases": ["菓子袋", "スナック菓子の袋"],
        "category": "pura",
        "notes": "",
    },
    {
        "name": "シャンプーの容器",
        "reading": "しゃんぷーのようき",
        "aliases": ["リンスの容器", "ボディソープの容器", "詰め替え袋"],
        "category": "pura",
        "notes": "中をすすいでから出してください。ポンプ部分も同じく出せます。",
    },
    {
        "name": "洗剤の容器",
        "reading": "せんざいのようき",
        "aliases": ["洗剤のボトル", "柔軟剤の容器"],
        "category": "pura",
        "notes": "中身を使い切ってから出してください。",
    },
    {
        "name": "マヨネーズの容器",
        "reading": "まよねーずのようき",
        "aliases": ["マヨネーズ", "ケチャップの容器"],
        "category": "pura",
        "notes": "中身を使い切ってください。汚れが落ちなければ燃やせるごみへ。",
    },
    {
        "name": "発泡スチロール",
        "reading": "はっぽうすちろーる",
        "aliases": ["発砲スチロール", "スチロール"],
        "category": "pura",
        "notes": "大きなものは袋に入る大きさに割ってください。",
    },
    {
        "name": "プリンのカップ",
        "reading": "ぷりんのかっぷ",
        "aliases": ["ヨーグルトのカップ", "ゼリーのカップ"],
        "category": "pura",
        "notes": "",
    },
    {
        "name": "弁当の容器",
        "reading": "べんとうのようき",
        "aliases": ["弁当容器", "コンビニ弁当の容器", "惣菜の容器"],
        "category": "pura",
        "notes": "汚れを軽く洗い流してから出してください。",
    },
    {
        "name": "果物のネット",
        "reading": "くだもののねっと",
        "aliases": ["みかんのネット", "野菜のネット"],
        "category": "pura",
        "notes": "",
    },
    {
        "name": "緩衝材",
        "reading": "かんしょうざい",
        "aliases": ["プチプチ", "エアキャップ", "気泡緩衝材"],
        "category": "pura",
        "notes": "",
    },
    {
        "name": "薬のシート",
        "reading": "くすりのしーと",
        "aliases": ["PTPシート", "錠剤のシート"],
        "category": "pura",
        "notes": "",
    },
    {
        "name": "歯磨き粉のチューブ",
        "reading": "はみがきこのちゅーぶ",
        "aliases": ["歯磨き粉", "チューブ"],
        "category": "pura",
        "notes": "",
    },
    # --- 古紙・古布 ---
    {
        "name": "新聞紙",
        "reading": "しんぶんし",
        "aliases": ["新聞", "チラシ", "折込広告"],
        "category": "koshi",
        "notes": "ひもで十字に縛って出してください。",
    },
    {
        "name": "段ボール",
        "reading": "だんぼーる",
        "aliases": ["ダンボール", "だんぼーる", "段ボール箱", "ダンボール箱"],
        "category": "koshi",
        "notes": "テープや伝票を外し、たたんでひもで縛ってください。",
    },
    {
        "name": "雑誌",
        "reading": "ざっし",
        "aliases": ["週刊誌", "マンガ", "漫画", "カタログ"],
        "category": "koshi",
        "notes": "",
    },
    {
        "name": "本",
        "reading": "ほん",
        "aliases": ["書籍", "文庫本", "教科書", "辞書"],
        "category": "koshi",
        "notes": "",
    },
    {
        "name": "牛乳パック",
        "reading": "ぎゅうにゅうぱっく",
        "aliases": ["紙パック", "ミルクパック", "ジュースのパック"],
        "category": "koshi",
        "notes": "開いて洗い、乾かしてから出してください。内側が銀色のものは燃やせるごみへ。",
    },
    {
        "name": "雑がみ",
        "reading": "ざつがみ",
        "aliases": ["お菓子の箱", "紙箱", "封筒", "はがき", "ティッシュの箱"],
        "category": "koshi",
        "notes": "紙袋に入れるか、ひもで縛って出してください。",
    },
    {
        "name": "トイレットペーパーの芯",
        "reading": "といれっとぺーぱーのしん",
        "aliases": ["ラップの芯", "紙の芯"],
        "category": "koshi",
        "notes": "雑がみと一緒に出してください。",
    },
    {
        "name": "古着",
        "reading": "ふるぎ",
        "aliases": ["衣類", "服", "洋服", "古布", "シャツ"],
        "category": "koshi",
        "notes": "洗って乾いたものを出してください。汚れたもの・濡れたものは燃やせるごみへ。",
    },
    {
        "name": "タオル",
        "reading": "たおる",
        "aliases": ["バスタオル", "手ぬぐい"],
        "category": "koshi",
        "notes": "",
    },
    {
        "name": "シーツ",
        "reading": "しーつ",
        "aliases": ["布団カバー", "まくらカバー"],
        "category": "koshi",
        "notes": "",
    },
    # --- 有害・危険ごみ ---
    {
        "name": "乾電池",
        "reading": "かんでんち",
        "aliases": ["電池", "単三電池", "単3電池", "アルカリ電池", "マンガン電池"],
        "category": "yugai",
        "notes": "端子部分にセロハンテープを貼って絶縁してください。",
    },
    {
        "name": "ボタン電池",
        "reading": "ぼたんでんち",
        "aliases": ["コイン電池", "時計の電池"],
        "category": "yugai",
        "notes": "テープで絶縁してください。販売店の回収箱もご利用いただけます。",
    },
    {
        "name": "充電式電池",
        "reading": "じゅうでんしきでんち",
        "aliases": ["リチウムイオン電池", "充電池", "ニッケル水素電池", "バッテリー"],
        "category": "yugai",
        "notes": "収集車の火災の原因になります。絶対に他のごみに混ぜないでください。",
    },
    {
        "name": "モバイルバッテリー",
        "reading": "もばいるばってりー",
        "aliases": ["モバイル充電器", "携帯充電器"],
        "category": "yugai",
        "notes": "膨らんだり熱くなったりしたものは使用をやめ、ほかのごみと分けて出してください。",
    },
    {
        "name": "電子たばこ",
        "reading": "でんしたばこ",
        "aliases": ["加熱式たばこ", "電子タバコ"],
        "category": "yugai",
        "notes": "電池が内蔵されているため有害ごみへ出してください。",
    },
    {
        "name": "蛍光管",
        "reading": "けいこうかん",
        "aliases": ["蛍光灯", "丸型蛍光灯", "蛍光ランプ"],
        "category": "yugai",
        "notes": "割れないよう、購入時のケースや紙に包んで出してください。",
    },
    {
        "name": "水銀体温計",
        "reading": "すいぎんたいおんけい",
        "aliases": ["水銀血圧計", "水銀温度計"],
        "category": "yugai",
        "notes": "割れないようにして出してください。",
    },
    {
        "name": "スプレー缶",
        "reading": "すぷれーかん",
        "aliases": ["スプレー", "ヘアスプレー", "殺虫スプレー", "エアゾール缶"],
        "category": "yugai",
        "notes": "必ず中身を使い切ってから出してください。",
    },
    {
        "name": "カセットボンベ",
        "reading": "かせっとぼんべ",
        "aliases": ["カセットガス", "ガス缶", "ガスボンベ"],
        "category": "yugai",
        "notes": "必ず中身を使い切ってから出してください。",
    },
    {
        "name": "ライター",
        "reading": "らいたー",
        "aliases": ["使い捨てライター", "ガスライター"],
        "category": "yugai",
        "notes": "ガスを使い切ってから出してください。",
    },
    # --- 小型家電 ---
    {
        "name": "携帯電話",
        "reading": "けいたいでんわ",
        "aliases": ["スマホ", "スマートフォン", "携帯", "ガラケー"],
        "category": "kogata",
        "notes": "個人情報を消去してから出してください。販売店でも回収しています。",
    },
    {
        "name": "デジタルカメラ",
        "reading": "でじたるかめら",
        "aliases": ["デジカメ", "カメラ", "ビデオカメラ"],
        "category": "kogata",
        "notes": "メモリーカードと電池は外してください。",
    },
    {
        "name": "ゲーム機",
        "reading": "げーむき",
        "aliases": ["ゲーム", "携帯ゲーム機"],
        "category": "kogata",
        "notes": "",
    },
    {
        "name": "ドライヤー",
        "reading": "どらいやー",
        "aliases": ["ヘアドライヤー", "ヘアアイロン"],
        "category": "kogata",
        "notes": "",
    },
    {
        "name": "電気ポット",
        "reading": "でんきぽっと",
        "aliases": ["電気ケトル", "ポット"],
        "category": "kogata",
        "notes": "",
    },
    {
        "name": "炊飯器",
        "reading": "すいはんき",
        "aliases": ["炊飯ジャー", "電気釜"],
        "category": "kogata",
        "notes": "",
    },
    {
        "name": "アイロン",
        "reading": "あいろん",
        "aliases": ["スチームアイロン"],
        "category": "kogata",
        "notes": "",
    },
    {
        "name": "ラジオ",
        "reading": "らじお",
        "aliases": ["ラジカセ", "CDラジカセ"],
        "category": "kogata",
        "notes": "電池は外してください。",
    },
    {
        "name": "電動歯ブラシ",
        "reading": "でんどうはぶらし",
        "aliases": ["電気シェーバー", "電気かみそり"],
        "category": "kogata",
        "notes": "電池を外せるものは外してください。",
    },
    {
        "name": "電子体温計",
        "reading": "でんしたいおんけい",
        "aliases": ["体温計", "デジタル体温計"],
        "category": "kogata",
        "notes": "水銀の体温計は有害ごみへ出してください。",
    },
    {
        "name": "延長コード",
        "reading": "えんちょうこーど",
        "aliases": ["電気コード", "ケーブル", "充電器", "ACアダプター"],
        "category": "kogata",
        "notes": "",
    },
    {
        "name": "DVDレコーダー",
        "reading": "でぃーぶいでぃーれこーだー",
        "aliases": ["DVDプレーヤー", "ブルーレイレコーダー", "ビデオデッキ"],
        "category": "kogata",
        "notes": "",
    },
    {
        "name": "キーボード・マウス",
        "reading": "きーぼーど・まうす",
        "aliases": ["キーボード", "マウス"],
        "category": "kogata",
        "notes": "",
    },
    # --- 粗大ごみ ---
    {
        "name": "布団",
        "reading": "ふとん",
        "aliases": ["ふとん", "掛け布団", "敷布団", "羽毛布団"],
        "category": "sodai",
        "notes": "ひもで縛って出してください。",
    },
    {
        "name": "毛布",
        "reading": "もうふ",
        "aliases": ["ブランケット"],
        "category": "sodai",
        "notes": "",
    },
    {
        "name": "マットレス",
        "reading": "まっとれす",
        "aliases": ["スプリングマットレス", "ベッドマット"],
        "category": "sodai",
        "notes": "",
    },
    {
        "name": "ベッド",
        "reading": "べっど",
        "aliases": ["ベッドフレーム", "すのこベッド", "二段ベッド"],
        "category": "sodai",
        "notes": "解体できるものは解体してください。",
    },
    {
        "name": "たんす",
        "reading": "たんす",
        "aliases": ["タンス", "箪笥", "整理たんす", "洋服ダンス"],
        "category": "sodai",
        "notes": "中身を空にしてから出してください。",
    },
    {
        "name": "食器棚",
        "reading": "しょっきだな",
        "aliases": ["カップボード", "棚"],
        "category": "sodai",
        "notes": "ガラス戸は割れないよう、テープで留めてください。",
    },
    {
        "name": "机・テーブル",
        "reading": "つくえ・てーぶる",
        "aliases": ["机", "テーブル", "デスク", "学習机", "ちゃぶ台"],
        "category": "sodai",
        "notes": "",
    },
    {
        "name": "いす",
        "reading": "いす",
        "aliases": ["椅子", "イス", "チェア", "座椅子"],
        "category": "sodai",
        "notes": "",
    },
    {
        "name": "ソファー",
        "reading": "そふぁー",
        "aliases": ["ソファ", "ソファベッド"],
        "category": "sodai",
        "notes": "",
    },
    {
        "name": "カーペット",
        "reading": "かーぺっと",
        "aliases": ["じゅうたん", "絨毯", "ラグ", "敷物"],
        "category": "sodai",
        "notes": "丸めてひもで縛ってください。",
    },
    {
        "name": "畳",
        "reading": "たたみ",
        "aliases": ["たたみ"],
        "category": "sodai",
        "notes": "一度に出せる枚数に限りがあります。申込のときにご相談ください。",
    },
    {
        "name": "自転車",
        "reading": "じてんしゃ",
        "aliases": ["チャリ", "三輪車", "子ども用自転車"],
        "category": "sodai",
        "notes": "防犯登録の抹消は販売店や警察でお手続きください。",
    },
    {
        "name": "ベビーカー",
        "reading": "べびーかー",
        "aliases": ["バギー"],
        "category": "sodai",
        "notes": "",
    },
    {
        "name": "チャイルドシート",
        "reading": "ちゃいるどしーと",
        "aliases": ["ジュニアシート"],
        "category": "sodai",
        "notes": "",
    },
    {
        "name": "衣装ケース",
        "reading": "いしょうけーす",
        "aliases": ["収納ケース", "プラスチックの収納ケース"],
        "category": "sodai",
        "notes": "",
    },
    {
        "name": "スーツケース",
        "reading": "すーつけーす",
        "aliases": ["キャリーバッグ", "キャリーケース"],
        "category": "sodai",
        "notes": "",
    },
    {
        "name": "ストーブ",
        "reading": "すとーぶ",
        "aliases": ["石油ストーブ", "ファンヒーター", "電気ストーブ"],
        "category": "sodai",
        "notes": "灯油と乾電池は必ず抜いてください。",
    },
    {
        "name": "こたつ",
        "reading": "こたつ",
        "aliases": ["コタツ", "炬燵"],
        "category": "sodai",
        "notes": "こたつ布団も粗大ごみとして出せます。",
    },
    {
        "name": "電子レンジ",
        "reading": "でんしれんじ",
        "aliases": ["レンジ", "オーブンレンジ"],
        "category": "sodai",
        "notes": "",
    },
    {
        "name": "扇風機",
        "reading": "せんぷうき",
        "aliases": ["サーキュレーター"],
        "category": "sodai",
        "notes": "",
    },
    {
        "name": "掃除機",
        "reading": "そうじき",
        "aliases": ["クリーナー", "コードレス掃除機"],
        "category": "sodai",
        "notes": "充電式の電池は外して有害ごみへ出してください。",
    },
    {
        "name": "照明器具",
        "reading": "しょうめいきぐ",
        "aliases": ["シーリングライト", "電気スタンド", "蛍光灯の器具"],
        "category": "sodai",
        "notes": "蛍光管は外して有害ごみへ出してください。",
    },
    {
        "name": "プリンター",
        "reading": "ぷりんたー",
        "aliases": ["複合機"],
        "category": "sodai",
        "notes": "インクカートリッジは外してください。販売店の回収もご利用ください。",
    },
    # --- 市では収集できないもの ---
    {
        "name": "テレビ",
        "reading": "てれび",
        "aliases": ["TV", "液晶テレビ", "ブラウン管テレビ"],
        "category": "shushu_fuka",
        "notes": "家電リサイクル法の対象です。購入した店か買い替えをする店に引き取りを依頼してください。",
    },
    {
        "name": "冷蔵庫",
        "reading": "れいぞうこ",
        "aliases": ["冷凍庫", "冷凍冷蔵庫"],
        "category": "shushu_fuka",
        "notes": "家電リサイクル法の対象です。販売店に引き取りを依頼してください。",
    },
    {
        "name": "洗濯機",
        "reading": "せんたくき",
        "aliases": ["衣類乾燥機", "乾燥機", "洗濯乾燥機"],
        "category": "shushu_fuka",
        "notes": "家電リサイクル法の対象です。販売店に引き取りを依頼してください。",
    },
    {
        "name": "エアコン",
        "reading": "えあこん",
        "aliases": ["クーラー", "室外機", "エアーコンディショナー"],
        "category": "shushu_fuka",
        "notes": "家電リサイクル法の対象です。取り外しも含めて販売店にご相談ください。",
    },
    {
        "name": "パソコン",
        "reading": "ぱそこん",
        "aliases": ["PC", "ノートパソコン", "デスクトップパソコン", "ノートPC"],
        "category": "shushu_fuka",
        "notes": "メーカーによる回収をご利用ください。データは消去してください。",
    },
    {
        "name": "パソコン用モニター",
        "reading": "ぱそこんようもにたー",
        "aliases": ["モニター", "ディスプレイ", "液晶モニター"],
        "category": "shushu_fuka",
        "notes": "メーカーによる回収をご利用ください。",
    },
    {
        "name": "タイヤ",
        "reading": "たいや",
        "aliases": ["ホイール", "スタッドレスタイヤ"],
        "category": "shushu_fuka",
        "notes": "販売店やガソリンスタンドにご相談ください。",
    },
    {
        "name": "自動車用バッテリー",
        "reading": "じどうしゃようばってりー",
        "aliases": ["カーバッテリー", "バイクのバッテリー"],
        "category": "shushu_fuka",
        "notes": "販売店にご相談ください。",
    },
    {
        "name": "消火器",
        "reading": "しょうかき",
        "aliases": ["消火剤"],
        "category": "shushu_fuka",
        "notes": "販売店など消火器の回収窓口にご相談ください。",
    },
    {
        "name": "プロパンガスのボンベ",
        "reading": "ぷろぱんがすのぼんべ",
        "aliases": ["プロパンガス", "LPガスボンベ"],
        "category": "shushu_fuka",
        "notes": "ガスの販売店にご相談ください。",
    },
    {
        "name": "灯油",
        "reading": "とうゆ",
        "aliases": ["残った灯油", "ガソリン"],
        "category": "shushu_fuka",
        "notes": "購入した販売店にご相談ください。",
    },
    {
        "name": "エンジンオイル",
        "reading": "えんじんおいる",
        "aliases": ["廃油", "オイル"],
        "category": "shushu_fuka",
        "notes": "販売店や整備工場にご相談ください。",
    },
    {
        "name": "ペンキ",
        "reading": "ぺんき",
        "aliases": ["塗料", "ペンキ缶"],
        "category": "shushu_fuka",
        "notes": "少量なら新聞紙などにしみ込ませ、乾かして燃やせるごみへ出せます。",
    },
    {
        "name": "農薬",
        "reading": "のうやく",
        "aliases": ["除草剤", "殺虫剤"],
        "category": "shushu_fuka",
        "notes": "購入した販売店やJAにご相談ください。",
    },
    {
        "name": "注射針",
        "reading": "ちゅうしゃばり",
        "aliases": ["注射器", "インスリンの注射針"],
        "category": "shushu_fuka",
        "notes": "在宅医療で使ったものは、医療機関や薬局にお返しください。",
    },
    {
        "name": "土・砂・石",
        "reading": "つち・すな・いし",
        "aliases": [
            "土",
            "砂",
            "石",
            "ブロック",
            "レンガ",
            "コンクリート",
            "瓦",
            "がれき",
        ],
        "category": "shushu_fuka",
        "notes": "専門の処理業者にご相談ください。リフォームなどで出たものは、工事をした業者に処理を依頼してください。",
    },
    {
        "name": "オートバイ",
        "reading": "おーとばい",
        "aliases": ["バイク", "原付", "原動機付自転車"],
        "category": "shushu_fuka",
        "notes": "販売店や二輪車のリサイクル窓口にご相談ください。",
    },
]


# ごみの収集地区。AREAS のすべての地区が、どれか一つの収集地区に入ります。
COLLECTION_AREAS = [
    {
        "name": "小方・元町・白石地区",
        "areas": ["小方", "小方ヶ丘", "元町", "白石", "立戸"],
        "schedules": [
            {"category": "moyasu", "days": "毎週月曜日・木曜日"},
            {"category": "moyasenai", "days": "毎月第2水曜日"},
            {"category": "kanbin", "days": "毎月第1・第3水曜日"},
            {"category": "petbottle", "days": "毎月第2・第4火曜日"},
            {"category": "pura", "days": "毎週金曜日"},
            {"category": "koshi", "days": "毎月第1・第3火曜日"},
            {"category": "yugai", "days": "毎月第4水曜日"},
            {"category": "kogata", "days": "毎月第4水曜日（有害ごみと同じ日）"},
            {"category": "sodai", "days": "申込制（電話で予約）"},
        ],
    },
    {
        "name": "新町・本町・三ツ石・玖波地区",
        "areas": ["新町", "本町", "三ツ石", "玖波"],
        "schedules": [
            {"category": "moyasu", "days": "毎週火曜日・金曜日"},
            {"category": "moyasenai", "days": "毎月第2木曜日"},
            {"category": "kanbin", "days": "毎月第1・第3木曜日"},
            {"category": "petbottle", "days": "毎月第2・第4月曜日"},
            {"category": "pura", "days": "毎週水曜日"},
            {"category": "koshi", "days": "毎月第1・第3月曜日"},
            {"category": "yugai", "days": "毎月第4木曜日"},
            {"category": "kogata", "days": "毎月第4木曜日（有害ごみと同じ日）"},
            {"category": "sodai", "days": "申込制（電話で予約）"},
        ],
    },
    {
        "name": "木野・川手・小瀬川沿い地区",
        "areas": ["木野", "川手", "比作", "防鹿", "安条", "穂仁原"],
        "schedules": [
            {"category": "moyasu", "days": "毎週水曜日・土曜日"},
            {"category": "moyasenai", "days": "毎月第1金曜日"},
            {"category": "kanbin", "days": "毎月第2・第4金曜日"},
            {"category": "petbottle", "days": "毎月第1・第3月曜日"},
            {"category": "pura", "days": "毎週月曜日"},
            {"category": "koshi", "days": "毎月第2・第4月曜日"},
            {"category": "yugai", "days": "毎月第3金曜日"},
            {"category": "kogata", "days": "毎月第3金曜日（有害ごみと同じ日）"},
            {"category": "sodai", "days": "申込制（電話で予約）"},
        ],
    },
    {
        "name": "栗谷・松ケ原地区",
        "areas": ["栗谷", "松ケ原"],
        "schedules": [
            {"category": "moyasu", "days": "毎週月曜日・木曜日"},
            {"category": "moyasenai", "days": "毎月第3火曜日"},
            {"category": "kanbin", "days": "毎月第1火曜日"},
            {"category": "petbottle", "days": "毎月第2火曜日"},
            {"category": "pura", "days": "毎月第1・第3金曜日"},
            {"category": "koshi", "days": "毎月第4火曜日"},
            {"category": "yugai", "days": "毎月第3火曜日（燃やせないごみと同じ日）"},
            {"category": "kogata", "days": "毎月第3火曜日（燃やせないごみと同じ日）"},
            {"category": "sodai", "days": "申込制（電話で予約）"},
        ],
    },
    {
        "name": "阿多田地区",
        "areas": ["阿多田"],
        "schedules": [
            {"category": "moyasu", "days": "毎週火曜日・金曜日"},
            {"category": "moyasenai", "days": "毎月第1木曜日"},
            {"category": "kanbin", "days": "毎月第1・第3木曜日"},
            {"category": "petbottle", "days": "毎月第2木曜日"},
            {"category": "pura", "days": "毎月第2・第4水曜日"},
            {"category": "koshi", "days": "毎月第4木曜日"},
            {"category": "yugai", "days": "毎月第1木曜日（燃やせないごみと同じ日）"},
            {"category": "kogata", "days": "毎月第1木曜日（燃やせないごみと同じ日）"},
            {
                "category": "sodai",
                "nth_weeks": [2],
                "nth_days": [3],
                "months": [2, 5, 8, 11],
                "note": "申込制（電話で予約）。船で運ぶため年4回",
            },
        ],
    },
]


# 年末年始の休み（5374形式の center.csv にあたる）。毎年12月31日〜1月3日は収集しません。
COLLECTION_CENTER = {
    "name": "大竹市（年末年始の休み）",
    "closures": [
        {"start": "2026-12-31", "end": "2027-01-03", "label": "年末年始"},
        {"start": "2027-12-31", "end": "2028-01-03", "label": "年末年始"},
    ],
}

# 休みに当たる燃やせるごみの振替（架空の例）。収集地区名 → (元の日, 新しい日)。
COLLECTION_EXCEPTIONS = [
    {
        "collection_area": "小方・元町・白石地区",
        "category": "moyasu",
        "date": "2026-12-31",
        "new_date": "2026-12-30",
        "note": "年末の振替",
    },
    {
        "collection_area": "栗谷・松ケ原地区",
        "category": "moyasu",
        "date": "2026-12-31",
        "new_date": "2026-12-30",
        "note": "年末の振替",
    },
    {
        "collection_area": "新町・本町・三ツ石・玖波地区",
        "category": "moyasu",
        "date": "2027-01-01",
        "new_date": "2027-01-04",
        "note": "年始の振替",
    },
    {
        "collection_area": "阿多田地区",
        "category": "moyasu",
        "date": "2027-01-01",
        "new_date": "2027-01-04",
        "note": "年始の振替",
    },
]


# お知らせ（ニュース）。令和8年秋の架空の内容です。古い順に並べています。
NEWS = [
    {
        "slug": "influenza-covid-vaccine-2026",
        "title": "高齢者のインフルエンザ・新型コロナワクチンの定期接種を行います",
        "date": "2026-10-01",
        "summary": (
            "65歳以上の方などを対象に、10月1日から令和9年1月31日まで、"
            "インフルエンザと新型コロナワクチンの定期接種を行います。"
            "接種の前に医療機関へ予約してください。"
        ),
        "topics": ["kenko"],
        "areas": [],
        "body": [
            {"type": "heading", "value": "対象となる方"},
            {
                "type": "paragraph",
                "value": (
                    "<p>接種日に大竹市に住民登録があり、次のいずれかに当てはまる方が対象です。</p>"
                    "<ul><li>65歳以上の方</li>"
                    "<li>60歳以上65歳未満で、心臓・腎臓・呼吸器の機能、またはヒト免疫不全ウイルスによる"
                    "免疫の機能に障害があり、日常生活が極度に制限される方</li></ul>"
                ),
            },
            {"type": "heading", "value": "接種の期間と回数"},
            {
                "type": "table",
                "value": {
                    "first_row_is_header": True,
                    "rows": [
                        ["ワクチン", "接種期間", "回数"],
                        [
                            "インフルエンザ",
                            "令和8年10月1日（木）～令和9年1月31日（日）",
                            "1回",
                        ],
                        [
                            "新型コロナ",
                            "令和8年10月1日（木）～令和9年1月31日（日）",
                            "1回",
                        ],
                    ],
                },
            },
            {"type": "heading", "value": "接種の受け方"},
            {
                "type": "paragraph",
                "value": (
                    "<p>市内の協力医療機関に<b>事前に予約</b>してから接種を受けてください。"
                    "当日は、健康保険証（マイナ保険証など）と、市から届いた予診票をお持ちください。"
                    "自己負担額や、生活保護を受けている方などの負担の免除については、"
                    "市のホームページでご確認ください。</p>"
                    "<p>2種類のワクチンを同じ日に接種することもできます。"
                    "体調や持病について心配のある方は、かかりつけ医にご相談ください。</p>"
                ),
            },
            {
                "type": "button",
                "value": {
                    "label": "協力医療機関を見る",
                    "url": "https://www.city.otake.hiroshima.jp/",
                },
            },
            {
                "type": "paragraph",
                "value": "<p>お問い合わせ：保健医療課</p>",
            },
        ],
    },
    {
        "slug": "koikoi-bus-timetable-2026-11",
        "title": "こいこいバス（おおたけ幹線バス）の時刻表を11月1日から改正します",
        "date": "2026-10-06",
        "summary": (
            "11月1日（日）から、こいこいバスの時刻表を改正します。"
            "JR大竹駅・玖波駅での列車との乗り継ぎを見直し、平日の朝の便の時刻を一部変更します。"
        ),
        "topics": ["kotsu"],
        "areas": [],
        "body": [
            {
                "type": "paragraph",
                "value": (
                    "<p>こいこいバス（おおたけ幹線バス：大竹駅～市役所～玖波駅）の時刻表を、"
                    "<b>令和8年11月1日（日）</b>から改正します。"
                    "通勤・通学で利用される方の声をもとに、JRの列車との乗り継ぎを見直しました。</p>"
                ),
            },
            {"type": "heading", "value": "主な変更点"},
            {
                "type": "table",
                "value": {
                    "first_row_is_header": True,
                    "rows": [
                        ["便", "現在の時刻", "11月1日からの時刻"],
                        ["大竹駅発 玖波駅行き（平日 朝1便目）", "6時50分", "6時45分"],
                        ["玖波駅発 大竹駅行き（平日 朝2便目）", "7時40分", "7時35分"],
                        [
                            "大竹駅発 玖波駅行き（土日祝 夕方）",
                            "運行なし",
                            "17時10分（新設）",
                        ],
                    ],
                },
            },
            {
                "type": "paragraph",
                "value": (
                    "<ul><li>運賃、バス停の場所は変わりません。</li>"
                    "<li>新しい時刻表は、10月中旬から市役所、各公民館、バスの車内で配布します。</li>"
                    "<li>大竹・栗谷線、坂上線の時刻は変わりません。</li></ul>"
                    "<p>時刻表の内容はデモ用の架空のものです。</p>"
                ),
            },
            {
                "type": "button",
                "value": {
                    "label": "新しい時刻表を見る",
                    "url": "https://www.city.otake.hiroshima.jp/",
                },
            },
            {
                "type": "paragraph",
                "value": "<p>お問い合わせ：自治振興課</p>",
            },
        ],
    },
    {
        "slug": "kuba-road-works-2026",
        "title": "玖波地区で市道の舗装工事を行います（通行規制のお知らせ）",
        "date": "2026-10-14",
        "summary": (
            "10月26日（月）から11月27日（金）まで、玖波地区の市道で舗装工事を行います。"
            "片側交互通行となるほか、11月17日（火）は全面通行止めになります。"
        ),
        "topics": ["kotsu", "kurashi"],
        "areas": ["玖波"],
        "body": [
            {
                "type": "paragraph",
                "value": (
                    "<p>玖波地区内の市道の一部区間で、傷んだ路面の舗装工事を行います。"
                    "工事期間中は通行規制を行いますので、ご理解とご協力をお願いします。</p>"
                ),
            },
            {"type": "heading", "value": "工事の日程と規制の内容"},
            {
                "type": "table",
                "value": {
                    "first_row_is_header": True,
                    "rows": [
                        ["期間", "規制の内容"],
                        ["10月26日（月）～11月13日（金）", "片側交互通行（9時～17時）"],
                        ["11月17日（火）", "全面通行止め（9時～16時）"],
                        ["11月18日（水）～11月27日（金）", "片側交互通行（9時～17時）"],
                    ],
                },
            },
            {
                "type": "paragraph",
                "value": (
                    "<ul><li>土曜日・日曜日・祝日は工事を行いません。</li>"
                    "<li>雨天の場合は、日程が変わることがあります。</li>"
                    "<li>全面通行止めの日は、誘導員が迂回路をご案内します。</li>"
                    "<li>工事期間中も、ごみの収集とこいこいバスの運行は通常どおりです。</li></ul>"
                    "<p>工事中は騒音や振動でご迷惑をおかけしますが、"
                    "安全に工事を進めてまいりますので、よろしくお願いします。</p>"
                ),
            },
            {
                "type": "paragraph",
                "value": "<p>お問い合わせ：都市計画課</p>",
            },
        ],
    },
    {
        "slug": "autumn-marche-harumi-2026",
        "title": "晴海臨海公園で「おおたけ秋のふれあいマルシェ」を開催します",
        "date": "2026-10-20",
        "summary": (
            "11月8日（日）10時から15時まで、晴海臨海公園で「おおたけ秋のふれあいマルシェ」を開催します。"
            "市内の農産物や海産物の販売、ステージ発表などを予定しています。"
        ),
        "topics": ["event"],
        "areas": [],
        "body": [
            {
                "type": "paragraph",
                "value": (
                    "<p>秋の一日を海辺で楽しんでいただけるよう、晴海臨海公園で"
                    "「おおたけ秋のふれあいマルシェ」を開催します。"
                    "市内の農家や漁業者、商店の皆さんが出店します。入場は無料です。</p>"
                ),
            },
            {"type": "heading", "value": "開催日時"},
            {
                "type": "paragraph",
                "value": (
                    "<p><b>令和8年11月8日（日）10時～15時</b></p>"
                    "<p>雨天の場合は、ステージ発表のみ総合市民会館で行います。"
                    "開催の有無は、当日の朝7時にこのLINE公式アカウントでお知らせします。</p>"
                ),
            },
            {"type": "heading", "value": "主な催し"},
            {
                "type": "table",
                "value": {
                    "first_row_is_header": True,
                    "rows": [
                        ["時間", "内容"],
                        ["10時00分～", "開会・小学生の吹奏楽演奏"],
                        ["10時30分～14時30分", "市内の農産物・阿多田島の海産物の販売"],
                        [
                            "11時00分～13時00分",
                            "手すき和紙のはがきづくり体験（先着50人）",
                        ],
                        ["13時30分～", "地元のダンスチームによるステージ発表"],
                    ],
                },
            },
            {
                "type": "paragraph",
                "value": (
                    "<p>駐車場には限りがありますので、できるだけ公共交通機関をご利用ください。"
                    "会場で出たごみは、お持ち帰りにご協力ください。</p>"
                ),
            },
            {
                "type": "button",
                "value": {
                    "label": "イベントの詳細を見る",
                    "url": "https://www.city.otake.hiroshima.jp/",
                },
            },
        ],
    },
    {
        "slug": "tokushu-sagi-kanpukin-2026-10",
        "title": "市役所職員をかたる還付金詐欺の電話にご注意ください",
        "date": "2026-10-27",
        "summary": (
            "市内で、市役所の職員を名乗り「医療費の還付金がある」とATMへ誘導する不審な電話が相次いでいます。"
            "市役所がATMでの手続きをお願いすることはありません。"
        ),
        "topics": ["bohan"],
        "areas": [],
        "body": [
            {
                "type": "paragraph",
                "value": (
                    "<p>10月に入り、市内の高齢者のお宅に、市役所の職員を名乗る者から"
                    "「医療費の還付金があります。今日が手続きの期限です」という電話が相次いでいます。"
                    "電話ではその後、近くのスーパーやコンビニのATMへ行くよう指示されます。</p>"
                ),
            },
            {"type": "heading", "value": "だまされないためのポイント"},
            {
                "type": "paragraph",
                "value": (
                    "<ul><li>市役所や年金事務所が、ATMでお金を受け取る手続きをお願いすることは"
                    "<b>絶対にありません</b>。</li>"
                    "<li>携帯電話で話しながらATMを操作するよう言われたら、詐欺です。</li>"
                    "<li>ふだんから留守番電話に設定し、知らない番号には出ないようにしましょう。</li>"
                    "<li>少しでもおかしいと思ったら、一人で判断せず、家族や警察に相談してください。</li></ul>"
                ),
            },
            {"type": "heading", "value": "相談窓口"},
            {
                "type": "paragraph",
                "value": (
                    "<p>不審な電話を受けたときは、大竹警察署、または警察相談専用電話（#9110）に"
                    "ご相談ください。消費生活に関する相談は、消費者ホットライン（188）でも受け付けています。</p>"
                ),
            },
            {
                "type": "button",
                "value": {
                    "label": "防犯情報を見る",
                    "url": "https://www.city.otake.hiroshima.jp/",
                },
            },
        ],
    },
    {
        "slug": "hoikusho-moushikomi-r9",
        "title": "令和9年度の保育所等の入所申込みを受け付けます",
        "date": "2026-11-02",
        "summary": (
            "令和9年4月から保育所・認定こども園などの利用を希望する方の申込みを、"
            "11月16日（月）から12月4日（金）まで受け付けます。"
        ),
        "topics": ["kosodate"],
        "areas": [],
        "body": [
            {
                "type": "paragraph",
                "value": (
                    "<p>令和9年4月1日から保育所・認定こども園（保育部分）・小規模保育事業所の"
                    "利用を希望する方の申込みを受け付けます。"
                    "現在利用中で、引き続き同じ施設を利用する方の申込みは不要です。</p>"
                ),
            },
            {"type": "heading", "value": "申込みの日程"},
            {
                "type": "table",
                "value": {
                    "first_row_is_header": True,
                    "rows": [
                        ["項目", "日程"],
                        ["申込書の配布", "11月9日（月）から"],
                        ["受付期間", "11月16日（月）～12月4日（金）"],
                        ["受付時間", "8時30分～17時15分（土日祝を除く）"],
                        ["結果のお知らせ", "令和9年2月中旬（予定）"],
                    ],
                },
            },
            {
                "type": "paragraph",
                "value": (
                    "<p>申込書は、子育て支援担当の窓口と各保育所で配布するほか、"
                    "市のホームページからダウンロードできます。"
                    "就労証明書など、保育が必要な理由がわかる書類を添えてお申し込みください。</p>"
                    "<p>予防接種や健診の予定は、「おおたけ子育て応援アプリ」でも確認できます。</p>"
                ),
            },
            {
                "type": "button",
                "value": {
                    "label": "申込書をダウンロード",
                    "url": "https://www.city.otake.hiroshima.jp/",
                },
            },
        ],
    },
    {
        "slug": "gomi-station-kino-kawate",
        "title": "木野・川手地区のゴミステーションの一部を移設します",
        "date": "2026-11-06",
        "summary": (
            "12月1日（火）から、木野・川手地区のゴミステーション3か所の場所が変わります。"
            "新しい場所と収集日をご確認ください。"
        ),
        "topics": ["gomi"],
        "areas": ["木野", "川手"],
        "body": [
            {
                "type": "paragraph",
                "value": (
                    "<p>道路の拡幅工事と、通学路の安全確保のため、"
                    "木野・川手地区のゴミステーションのうち3か所を移設します。"
                    "<b>12月1日（火）の収集分から</b>、新しい場所にごみを出してください。</p>"
                ),
            },
            {"type": "heading", "value": "移設するゴミステーション"},
            {
                "type": "table",
                "value": {
                    "first_row_is_header": True,
                    "rows": [
                        ["地区", "現在の場所", "12月1日からの場所"],
                        ["木野", "木野集会所の前", "木野集会所の駐車場の入口横"],
                        ["木野", "小瀬川沿いの市道の北側", "同じ市道の約30m南側"],
                        ["川手", "川手地区北側の三差路", "三差路から約20m東側の空き地"],
                    ],
                },
            },
            {
                "type": "paragraph",
                "value": (
                    "<p>収集日（燃やせるごみは毎週水曜日・土曜日）と、ごみの出し方は変わりません。"
                    "11月中は、今までの場所に出してください。"
                    "移設に合わせて、新しいゴミステーションには防鳥ネットを設置します。</p>"
                    "<p>ご不明な点は、地区の自治会長または環境衛生課にお問い合わせください。</p>"
                ),
            },
        ],
    },
    {
        "slug": "battery-spray-fire-prevention",
        "title": "リチウムイオン電池やスプレー缶によるごみ収集車の火災を防ぎましょう",
        "date": "2026-11-10",
        "summary": (
            "燃やせないごみに混ざったリチウムイオン電池やスプレー缶が原因で、"
            "ごみ収集車や処理施設で火災が起きています。正しい出し方にご協力ください。"
        ),
        "topics": ["gomi", "bousai"],
        "areas": [],
        "body": [
            {
                "type": "paragraph",
                "value": (
                    "<p>全国で、ごみに混ざったリチウムイオン電池やスプレー缶が原因となる"
                    "ごみ収集車や処理施設の火災が増えています。"
                    "火災が起きると、作業員が危険にさらされるだけでなく、"
                    "施設が止まり、ごみの収集ができなくなるおそれがあります。</p>"
                ),
            },
            {"type": "heading", "value": "正しい出し方"},
            {
                "type": "paragraph",
                "value": (
                    "<ul><li><b>充電式電池・モバイルバッテリー</b>：端子にテープを貼り、"
                    "有害ごみの日に出してください。</li>"
                    "<li><b>スプレー缶・カセットボンベ</b>：中身を使い切り、"
                    "有害ごみの日に出してください。</li>"
                    "<li><b>電池が外せない小型家電</b>：そのまま小型家電として出してください。</li>"
                    "<li>燃やせないごみや燃やせるごみの袋には、絶対に入れないでください。</li></ul>"
                ),
            },
            {
                "type": "paragraph",
                "value": (
                    "<p>分け方がわからないときは、このLINE公式アカウントのトーク画面で"
                    "「電池」「スプレー」のように品目名を送ると、分け方を調べることができます。</p>"
                ),
            },
            {
                "type": "button",
                "value": {
                    "label": "ごみの分け方を調べる",
                    "url": "https://www.city.otake.hiroshima.jp/",
                },
            },
        ],
    },
    {
        "slug": "shigikai-r8-dai4kai",
        "title": "令和8年第4回大竹市議会定例会の日程をお知らせします",
        "date": "2026-11-16",
        "summary": (
            "令和8年第4回大竹市議会定例会は、11月30日（月）から12月18日（金）までの19日間の予定です。"
            "本会議はどなたでも傍聴できます。"
        ),
        "topics": ["shisei"],
        "areas": [],
        "body": [
            {
                "type": "paragraph",
                "value": (
                    "<p>令和8年第4回大竹市議会定例会を、次の日程で開く予定です。"
                    "令和8年度一般会計補正予算のほか、条例の改正などの議案が提出される予定です。</p>"
                ),
            },
            {"type": "heading", "value": "会期の日程（予定）"},
            {
                "type": "table",
                "value": {
                    "first_row_is_header": True,
                    "rows": [
                        ["日付", "内容"],
                        ["11月30日（月）", "本会議（開会、議案の提案説明）"],
                        ["12月7日（月）・8日（火）", "本会議（一般質問）"],
                        ["12月10日（木）～14日（月）", "常任委員会"],
                        ["12月18日（金）", "本会議（委員長報告、採決、閉会）"],
                    ],
                },
            },
            {"type": "heading", "value": "傍聴について"},
            {
                "type": "paragraph",
                "value": (
                    "<p>本会議は、どなたでも傍聴できます。"
                    "当日、市役所の議場入口で受付をしてください。"
                    "車いすで傍聴される方や、手話通訳を希望される方は、事前に議会事務局へご連絡ください。</p>"
                    "<p>一般質問の通告の内容と質問の順番は、11月下旬に市議会のページでお知らせします。"
                    "日程は、議事の進み具合によって変わることがあります。</p>"
                ),
            },
        ],
    },
    {
        "slug": "gomi-shushubi-henko",
        "title": "年末年始のごみ収集日が変わります",
        "date": "2026-11-20",
        "summary": (
            "燃えるごみの収集日が変更になります。"
            "12月31日（木）から1月3日（日）までは収集を休み、12月30日（水）は全地区で燃やせるごみを収集します。"
        ),
        "topics": ["gomi"],
        "areas": [],
        "body": [
            {"type": "heading", "value": "変更の内容"},
            {
                "type": "paragraph",
                "value": (
                    "<p>年末年始は、燃えるごみの収集日が変更になります。"
                    "12月31日（木）から1月3日（日）までは、すべてのごみの収集を休みます。"
                    "その代わり、<b>12月30日（水）は全地区で燃やせるごみを収集します</b>。</p>"
                ),
            },
            {
                "type": "table",
                "value": {
                    "first_row_is_header": True,
                    "rows": [
                        ["日付", "内容"],
                        ["12月29日（火）まで", "通常どおり収集します"],
                        ["12月30日（水）", "全地区で燃やせるごみのみ収集します"],
                        ["12月31日（木）～1月3日（日）", "収集を休みます"],
                        ["1月4日（月）から", "通常どおり収集します"],
                    ],
                },
            },
            {"type": "heading", "value": "ご注意ください"},
            {
                "type": "paragraph",
                "value": (
                    "<ul><li>粗大ごみの年内の申込みは、12月25日（金）までです。</li>"
                    "<li>ごみ処理施設への直接の持ち込みは、12月29日（火）までです。</li>"
                    "<li>収集の休み中は、ごみステーションにごみを出さないでください。</li>"
                    "<li>大掃除で出るごみは、分別して早めに出してください。</li></ul>"
                ),
            },
            {
                "type": "button",
                "value": {
                    "label": "ごみの出し方を見る",
                    "url": "https://www.city.otake.hiroshima.jp/",
                },
            },
        ],
    },
]


# 防災情報。架空の内容です。本文は防災行政無線の放送の文体にそろえています。
DISASTER_NOTICES = [
    {
        "slug": "2026-10-29-landslide-evacuation-order-lifted",
        "title": "比作・防鹿・安条地区の避難指示（警戒レベル4）を解除しました",
        "level": 4,
        "hazard": "landslide",
        "areas": ["比作", "防鹿", "安条"],
        "issued_at": "2026-10-29T05:30:00+09:00",
        "lifted_at": "2026-10-29T15:00:00+09:00",
        "shelters": ["木野集会所", "総合市民会館", "大竹市役所"],
        "summary": (
            "10月29日5時30分に比作・防鹿・安条地区に発令した警戒レベル4避難指示は、"
            "15時00分に解除しました。開設していた避難場所は閉鎖します。"
        ),
        "body": [
            {"type": "heading", "value": "避難指示の解除について"},
            {
                "type": "paragraph",
                "value": (
                    "<p>【令和8年10月29日15時00分の防災行政無線放送内容】</p>"
                    "<p>こちらは大竹市災害対策本部です。</p>"
                    "<p>雨がやみ、土砂災害の危険性が低くなったため、本日5時30分に比作地区、防鹿地区、"
                    "安条地区に発令していた「警戒レベル4 避難指示」を、15時00分に解除しました。"
                    "これに伴い、開設していた避難場所を閉鎖します。</p>"
                    "<p>雨がやんだ後も、崖崩れなどが起きることがあります。"
                    "斜面からの水の噴き出しや小石が落ちてくるなど、異常に気づいたときは、"
                    "近づかずに市役所へご連絡ください。</p>"
                    "<p>（この放送は、比作地区、防鹿地区、安条地区のみの放送です。）</p>"
                ),
            },
            {"type": "heading", "value": "発令時の放送内容（10月29日5時30分）"},
            {
                "type": "paragraph",
                "value": (
                    "<p>緊急放送、警戒レベル4、避難指示発令。</p>"
                    "<p>こちらは大竹市災害対策本部です。</p>"
                    "<p>大雨により土砂災害の危険性が非常に高まっているため、5時30分に、比作地区、防鹿地区、"
                    "安条地区に「警戒レベル4 避難指示」を発令しました。"
                    "土砂災害警戒区域などにお住まいの方は、全員、避難場所や安全な親戚・知人宅へ避難してください。"
                    "外に出るのがかえって危険な場合は、家の中で崖から離れた2階以上の部屋に移動してください。</p>"
                    "<p>開設している避難場所は、木野集会所、総合市民会館、大竹市役所です。</p>"
                ),
            },
            {
                "type": "table",
                "value": {
                    "first_row_is_header": True,
                    "rows": [
                        ["避難場所", "状況"],
                        ["木野集会所", "閉鎖しました（15時00分）"],
                        ["総合市民会館", "閉鎖しました（15時00分）"],
                        ["大竹市役所", "閉鎖しました（15時00分）"],
                    ],
                },
            },
            {
                "type": "paragraph",
                "value": "<p>※この情報はデモ用の架空の内容です。</p>",
            },
        ],
    },
    {
        "slug": "2026-11-18-bear-sighting-kino",
        "title": "クマの目撃情報について（木野地区）",
        "level": 0,
        "hazard": "wildlife",
        "areas": ["木野", "川手"],
        "issued_at": "2026-11-18T09:10:00+09:00",
        "lifted_at": None,
        "shelters": [],
        "summary": (
            "11月18日午前7時ごろ、木野地区の山ぎわでクマが目撃されました。"
            "木野・川手地区の皆さんは、早朝や夕方の外出、山に入るときは十分注意してください。"
        ),
        "body": [
            {
                "type": "paragraph",
                "value": (
                    "<p>【令和8年11月18日9時10分の防災行政無線放送内容】</p>"
                    "<p>こちらは防災大竹市役所です。</p>"
                    "<p>産業振興課からお知らせします。</p>"
                    "<p>本日午前7時ごろ、木野地区の山ぎわで、クマの目撃情報がありました。"
                    "早朝や夕方に付近を通行される方や、山に入る予定のある方は、十分に注意してください。</p>"
                    "<p>（この放送は、木野地区、川手地区のみの放送です。）</p>"
                ),
            },
            {"type": "heading", "value": "クマに出会わないために"},
            {
                "type": "paragraph",
                "value": (
                    "<ul><li>山や畑に入るときは、鈴やラジオなど音の出るものを身につけましょう。</li>"
                    "<li>早朝や夕方の一人での散歩や農作業は、できるだけ避けましょう。</li>"
                    "<li>生ごみや取り残した柿・栗などの果実は、クマを引き寄せます。"
                    "屋外に放置しないでください。</li>"
                    "<li>クマを見かけたら、騒がずにゆっくりとその場を離れてください。</li></ul>"
                    "<p>クマを見かけたときは、市役所産業振興課または大竹警察署にご連絡ください。</p>"
                ),
            },
            {
                "type": "paragraph",
                "value": "<p>※この情報はデモ用の架空の内容です。</p>",
            },
        ],
    },
    {
        "slug": "2026-11-21-heavy-rain-kuritani-matsugahara",
        "title": "【防災情報】栗谷地区・松ケ原地区に警戒レベル3「高齢者等避難」を発令しました",
        "level": 3,
        "hazard": "heavy_rain",
        "areas": ["栗谷", "松ケ原"],
        "issued_at": "2026-11-21T16:40:00+09:00",
        "lifted_at": None,
        "shelters": ["栗谷農林振興センター", "松ケ原集会所"],
        "summary": (
            "大雨で土砂災害の危険が高まっているため、栗谷地区・松ケ原地区に警戒レベル3高齢者等避難を発令しました。"
            "避難場所は栗谷農林振興センター、松ケ原集会所です。"
        ),
        "body": [
            {
                "type": "paragraph",
                "value": (
                    "<p>【令和8年11月21日16時40分の防災行政無線放送内容】</p>"
                    "<p>緊急放送、警戒レベル3、警戒レベル3。</p>"
                    "<p>こちらは大竹市災害対策本部です。</p>"
                    "<p>大雨の影響で土砂災害の危険が高まっているため、16時40分に、栗谷地区、松ケ原地区に"
                    "「警戒レベル3 高齢者等避難」を発令しました。</p>"
                    "<p>山ぎわや谷のそばなど、土砂災害警戒区域にお住まいの高齢者や体の不自由な方など、"
                    "避難に時間のかかる方と、その支援をする方は、避難場所または安全な親戚・知人宅へ"
                    "速やかに避難してください。"
                    "その他の方も、不要不急の外出は控え、いつでも避難できるよう準備をしてください。"
                    "危険を感じたら、ためらわずに自主的に避難してください。</p>"
                    "<p>開設している避難場所は、栗谷農林振興センター、松ケ原集会所です。</p>"
                    "<p>（この放送は、栗谷地区、松ケ原地区のみの放送です。）</p>"
                ),
            },
            {"type": "heading", "value": "開設している避難場所"},
            {
                "type": "table",
                "value": {
                    "first_row_is_header": True,
                    "rows": [
                        ["避難場所", "主な対象地区", "状況"],
                        ["栗谷農林振興センター", "栗谷", "開設中（16時30分から）"],
                        ["松ケ原集会所", "松ケ原", "開設中（16時30分から）"],
                    ],
                },
            },
            {"type": "heading", "value": "避難するときは"},
            {
                "type": "paragraph",
                "value": (
                    "<ul><li>暗くなる前に、明るいうちに避難してください。</li>"
                    "<li>飲み物、食べ物、常備薬、毛布、懐中電灯などを持っていきましょう。</li>"
                    "<li>川や水路、崖には近づかないでください。</li>"
                    "<li>隣近所の方にも声をかけ、一緒に避難しましょう。</li></ul>"
                ),
            },
            {
                "type": "button",
                "value": {
                    "label": "避難所の開設状況を見る",
                    "url": "/shelters/",
                },
            },
            {
                "type": "paragraph",
                "value": "<p>※この情報はデモ用の架空の内容です。</p>",
            },
        ],
    },
]

FAQS = [  # よくある質問 the chat answers by keyword (demo answers; check the city's real rules)
    {
        "question": "粗大ごみはどうやって出しますか",
        "keywords": ["粗大ごみ", "大きいごみ", "そだいごみ"],
        "answer_text": "粗大ごみは申込制です。収集日の前の週までに、電話で環境整備課へお申し込みください（デモ用の案内です）。",
    },
    {
        "question": "住民票の写しはどこで取れますか",
        "keywords": ["住民票", "印鑑証明", "証明書"],
        "answer_text": "市役所1階の市民課の窓口で取れます。マイナンバーカードがあれば、コンビニでも取得できます（デモ用の案内です）。",
    },
    {
        "question": "避難所はどこですか",
        "keywords": ["避難場所", "逃げる場所", "避難先"],
        "answer_text": "「現在地を送る」を押すと、近くの開設中の避難所をお知らせします。開設状況は防災情報のページでも確認できます。",
    },
    {
        "question": "ごみの収集日を知りたい",
        "keywords": ["ごみの日", "収集日はいつ", "何曜日"],
        "answer_text": "受信設定でお住まいの地区を選ぶと、「今日のごみ」のボタンで収集日をお知らせします。",
    },
    {
        "question": "子育ての相談はどこにすればよいですか",
        "keywords": ["子育て相談", "育児相談", "子育て支援"],
        "answer_text": "子育て世代包括支援センターで、妊娠・出産・子育ての相談を受け付けています（デモ用の案内です）。",
    },
]

SURVEYS = [  # アンケート answered in LINE (demo; questions of every type)
    {
        "slug": "line-jouhou-anketo",
        "title": "LINEで受け取りたい情報についてのアンケート",
        "summary": "市の公式LINEで届けてほしい情報を教えてください。回答は3分ほどで終わります。",
        "intro": "市の公式LINEをより便利にするため、受け取りたい情報やお住まいの地区をうかがいます。",
        "consent_text": (
            "回答は市がこのアンケートの集計と、あなたへのお知らせの配信設定にだけ使います。"
            "匿名で集計し、LINEの運営会社には送りません。回答は締切から1年後に削除します。"
        ),
        "thank_you_text": "ご回答ありがとうございました。受信設定を回答どおりに変更しました。",
        "retention_days": 365,
        "questions": [
            {
                "label": "はじめに",
                "field_type": "explanation",
                "required": False,
                "help_text": "「地区」と「知りたい情報」の回答は、あなたのLINEの受信設定になります。",
            },
            {
                "label": "お住まいの地区",
                "field_type": "area",
                "updates_delivery_settings": True,
            },
            {
                "label": "知りたい情報",
                "field_type": "topics",
                "required": False,
                "updates_delivery_settings": True,
                "help_text": "選ばなければ、すべての情報が届きます。",
            },
            {
                "label": "LINEのお知らせの満足度",
                "field_type": "radio",
                "choices": "満足\nやや満足\nふつう\nやや不満\n不満",
            },
            {
                "label": "よく使う機能",
                "field_type": "checkboxes",
                "required": False,
                "choices": "ごみの分別検索\nごみ収集カレンダー\n防災情報\n避難所の検索",
            },
            {
                "label": "年代",
                "field_type": "dropdown",
                "required": False,
                "choices": "10代以下\n20代\n30代\n40代\n50代\n60代\n70代以上",
            },
            {"label": "世帯の人数", "field_type": "number", "required": False},
            {"label": "市のLINEを知った日", "field_type": "date", "required": False},
            {
                "label": "ひとことで言うと",
                "field_type": "singleline",
                "required": False,
            },
            {"label": "ご意見・ご要望", "field_type": "multiline", "required": False},
        ],
    },
]


def seed_zones(areas: dict) -> int:
    """Create the ZONES staff have not made yet (by name); return how many."""
    from home.models import Zone

    created = 0
    for order, data in enumerate(ZONES):
        zone, was_created = Zone.objects.get_or_create(
            name=data["name"],
            defaults={"aliases": "\n".join(data["aliases"]), "sort_order": order},
        )
        if was_created:
            zone.areas.set([areas[name] for name in data["areas"] if name in areas])
            created += 1
    return created
