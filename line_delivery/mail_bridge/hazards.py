"""Which hazard (災害の種類) a disaster mail is about: a first guess staff can change.

Pure Python. The subject is read first (「高潮に注意してください」 says more than a
body that mentions the typhoon causing it), then the text. Two rules come before
the word list, because a word list alone misleads:

* a fraud or crime warning is never a hazard, even when it quotes one (「水道局の
  職員を名乗る…断水の工事費を払って」 is not 断水);
* a road closure, a ferry or bus suspension is traffic news, even when a landslide
  closed the road (「土砂崩れのため…通行止め」 is not 土砂災害) — unless the mail
  issues an evacuation level;

and a drill or test is not the hazard it rehearses. Specific words come before
general ones: a 大雨警報 is 大雨 even when it says （土砂災害）; 浸水, 冠水 and 氾濫
are floods even after 大雨; 「雨」 alone is the last resort.
"""

from __future__ import annotations


# Hazard values of home.models.Hazard (this module imports no Django).
CIVIL_PROTECTION = "civil_protection"
LANDSLIDE = "landslide"
TYPHOON = "typhoon"
STORM_SURGE = "storm_surge"
TSUNAMI = "tsunami"
EARTHQUAKE = "earthquake"
FLOOD = "flood"
HEAVY_RAIN = "heavy_rain"
HEAT = "heat"
WATER_SUPPLY = "water_supply"
WILDLIFE = "wildlife"
FIRE = "fire"
OTHER = "other"

ALERT_WORDS = ["Ｊアラート", "Jアラート", "弾道ミサイル", "国民保護"]
NOT_A_HAZARD_WORDS = [
    # fraud and crime
    "詐欺",
    "名乗る",
    "名乗り",
    "不審な電話",
    "不審者",
    "還付金",
    "架空請求",
    "なりすまし",
    # traffic
    "通行止め",
    "通行規制",
    "欠航",
    "運休",
    "運行を見合わせ",
    "運転を見合わせ",
]
HAZARD_WORDS: list[tuple[str, str]] = [
    ("大雨特別警報", HEAVY_RAIN),
    ("大雨警報", HEAVY_RAIN),
    ("大雨注意報", HEAVY_RAIN),
    ("土砂災害警戒情報", LANDSLIDE),
    ("洪水", FLOOD),
    ("氾濫", FLOOD),
    ("浸水", FLOOD),
    ("冠水", FLOOD),
    ("水位", FLOOD),
    ("高潮", STORM_SURGE),
    ("潮位", STORM_SURGE),
    ("津波", TSUNAMI),
    ("地震", EARTHQUAKE),
    ("土砂", LANDSLIDE),
    ("崖崩れ", LANDSLIDE),
    ("がけ崩れ", LANDSLIDE),
    ("土石流", LANDSLIDE),
    ("台風", TYPHOON),
    ("大雨", HEAVY_RAIN),
    ("熱中症", HEAT),
    ("赤水", WATER_SUPPLY),
    ("断水", WATER_SUPPLY),
    ("給水", WATER_SUPPLY),
    ("水道", WATER_SUPPLY),
    ("クマ", WILDLIFE),
    ("イノシシ", WILDLIFE),
    ("サル", WILDLIFE),
    ("火災", FIRE),
    ("雨", HEAVY_RAIN),
]


def guess_hazard(
    subject: str, text: str, *, is_drill: bool = False, issues_level: bool = False
) -> str:
    """The ``home.models.Hazard`` value for a mail (``OTHER`` when unsure).

    ``issues_level``: the mail issues an evacuation level, so a closed road it
    mentions in passing does not make it traffic news.
    """
    whole = subject + "\n" + text
    if any(word in whole for word in ALERT_WORDS):
        return CIVIL_PROTECTION
    if is_drill:
        return OTHER
    if not issues_level and any(word in whole for word in NOT_A_HAZARD_WORDS):
        return OTHER
    for part in (subject, text):
        for word, hazard in HAZARD_WORDS:
            if word in part:
                return hazard
    return OTHER
