"""Existing installations get the words the defaults gained in 0012 (issue 14).

AddField/AlterField defaults reach only new rows; a city that already saved its
settings would keep reading area notes and shelters with the old, shorter lists.
Words staff added are kept; only missing default words are appended. The words are
frozen here (not imported from ``defaults``), as a migration must not change later.
"""

from django.db import migrations


NEW_WORDS = {
    "area_note_markers": [
        "のみに放送",
        "にのみ放送",
        "で放送しています",
        "で放送しております",
        "に向けて放送",
        "を対象に放送",
        "を対象として放送",
        "に限って放送",
        "に限定して放送",
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
    ],
    "whole_city_words": ["市全域", "市内全体", "全市", "市内の全域"],
    "mail_only_markers": [
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
    ],
    "shelter_open_words": [
        "開放",
        "開所",
        "受け入れています",
        "受け入れを開始",
        "受け入れを始め",
        "受け付けています",
    ],
    "shelter_close_words": [
        "閉所",
        "開設を終了",
        "開設を取りやめ",
        "受け入れを終了",
        "受け入れを終え",
    ],
}


def add_new_words(apps, schema_editor):
    settings_model = apps.get_model("line_delivery", "MailBridgeSettings")
    for row in settings_model.objects.all():
        for field, words in NEW_WORDS.items():
            current = getattr(row, field)
            present = {line.strip() for line in current.splitlines()}
            missing = [word for word in words if word not in present]
            if missing:
                setattr(
                    row, field, "\n".join([current.rstrip("\n"), *missing]).strip("\n")
                )
        row.save()


class Migration(migrations.Migration):
    dependencies = [("line_delivery", "0012_mail_reading_words")]

    operations = [migrations.RunPython(add_new_words, migrations.RunPython.noop)]
