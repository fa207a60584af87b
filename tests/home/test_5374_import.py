"""Import and export of the open 5374 CSV format, against the real Kanazawa data."""

import csv
import datetime
import io
from io import StringIO
from pathlib import Path
import unicodedata
import zipfile

from django.core.management import CommandError, call_command

import pytest

from home.collection_calendar import collection_dates, next_collections
from home.collection_text import week_start
from home.models import (
    CollectionArea,
    CollectionCenter,
    CollectionException,
    GarbageCategory,
    GarbageItem,
)
from home.open5374 import (
    Import5374Error,
    apply_import,
    export_files,
    export_zip,
    preview,
)
from home.open5374.notation import NOTATION_HELP


pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data_5374"
D = datetime.date


def sample(folder: str = "kanazawa") -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in (DATA / folder).glob("*.csv")}


def snapshot() -> dict:
    """The rules as a resident would experience them, independent of row layout."""
    result = {}
    for area in CollectionArea.objects.prefetch_related(
        "schedules__category", "exceptions__category"
    ).select_related("center"):
        atoms = set()
        for s in area.schedules.all():
            months = tuple(s.months)
            every = s.biweekly_from and week_start(s.biweekly_from)
            atoms |= {(s.category.name, d, every, months) for d in s.weekly_days}
            atoms |= {
                (s.category.name, d, n, months) for d in s.nth_days for n in s.nth_weeks
            }
            if s.note:
                atoms.add((s.category.name, "note", s.note))
        atoms |= {
            (e.category.name, "extra", e.new_date)
            for e in area.exceptions.all()
            if e.category and not e.date
        }
        closures = (
            sorted((c.start, c.end) for c in area.center.closures.all())
            if area.center
            else []
        )
        result[area.name] = (
            frozenset(atoms),
            area.center_id and area.center.name,
            closures,
        )
    return result


def cells_by_area(data: bytes) -> dict[str, dict[str, frozenset[str]]]:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    header = rows[0]
    return {
        row[0]: {
            name: frozenset(unicodedata.normalize("NFKC", cell).split())
            for name, cell in zip(header[2:], row[2:], strict=True)
        }
        for row in rows[1:]
        if row
    }


def test_kanazawa_import_export_reimport_gives_the_same_rules():
    original = sample()
    result = apply_import(original)
    assert len(result.new_areas) == 71
    assert result.new_items > 1000
    first = snapshot()
    assert len(first) == 71
    # 浅野川: 燃やすごみ 月 木, 燃やさないごみ 水4, 資源 火1 火3 火5, あきびん 水2.
    asano = first["浅野川"][0]
    assert ("燃やすごみ", 0, None, ()) in asano and ("燃やすごみ", 3, None, ()) in asano
    assert {("資源", 1, n, ()) for n in (1, 3, 5)} <= asano
    assert first["浅野川"][1:] == (
        "東部管理センター",
        [(D(2022, 12, 30), D(2023, 1, 3))],
    )

    files, warnings = export_files(today=D(2022, 12, 1))
    assert warnings == []
    assert set(files) == {
        "area_days.csv",
        "center.csv",
        "description.csv",
        "target.csv",
        "remarks.csv",
    }
    # Every cell of the export says the same as the original (token order aside).
    assert cells_by_area(files["area_days.csv"]) == cells_by_area(
        original["area_days.csv"]
    )
    assert files["center.csv"].decode().splitlines()[1:] == [
        "東部管理センター,2022/12/30,2023/01/03",
        "西部管理センター,2022/12/30,2023/01/03",
    ]

    # Into an empty database: the same rules come back.
    CollectionArea.objects.all().delete()
    CollectionCenter.objects.all().delete()
    GarbageItem.objects.all().delete()
    GarbageCategory.objects.all().delete()
    apply_import(files)
    assert snapshot() == first
    assert GarbageItem.objects.count() == len(
        {row.split(",")[1] for row in files["target.csv"].decode().splitlines()[1:]}
    )


def test_kanazawa_next_collection_days_around_the_year_end_and_a_holiday():
    apply_import(sample())
    asano = CollectionArea.objects.get(name="浅野川")
    burnable = GarbageCategory.objects.get(name="燃やすごみ")
    # 月・木; the centre is closed 2022/12/30–2023/01/03, so Monday 1/2 is skipped.
    assert collection_dates(asano, burnable, D(2022, 12, 26), D(2023, 1, 8)) == [
        D(2022, 12, 26),
        D(2022, 12, 29),
        D(2023, 1, 5),
    ]
    nxt = {n.category.name: n.date for n in next_collections(asano, D(2022, 12, 30))}
    assert nxt["燃やすごみ"] == D(2023, 1, 5)
    # 2023-01-09 (Mon) is 成人の日: collected by default, skipped when staff say so.
    assert nxt_after(asano, "燃やすごみ", D(2023, 1, 6)) == D(2023, 1, 9)
    burnable.collect_on_holidays = False
    burnable.save()
    assert nxt_after(asano, "燃やすごみ", D(2023, 1, 6)) == D(2023, 1, 12)


def nxt_after(area, category_name: str, day: datetime.date) -> datetime.date:
    area = CollectionArea.objects.get(pk=area.pk)  # fresh category flags
    return {n.category.name: n.date for n in next_collections(area, day)}[category_name]


def test_template_sample_with_label_header_and_unused_remarks():
    result = apply_import(sample("template"))
    assert result.new_areas == ["片町"]
    katamachi = CollectionArea.objects.get(name="片町")
    bottles = GarbageCategory.objects.get(name="びん")
    assert [s.days for s in katamachi.schedules.filter(category=bottles)] == [
        "毎月第4水曜日"
    ]
    assert GarbageItem.objects.get(name="一升びん").category == bottles


def area_days(*rows: str, header: str = "地名,センター,燃やすごみ,資源") -> bytes:
    return "\n".join([header, *rows]).encode("utf-8")


def test_months_remarks_and_explicit_dates():
    files = {
        "area_days.csv": area_days("玖波,,月 木 *1,水2 20261230:4 5 6 7 8 9 10 11"),
        "remarks.csv": "ID,注意事項\n1,祝日も収集します\n".encode(),
    }
    apply_import(files)
    kuba = CollectionArea.objects.get(name="玖波")
    burnable, resources = (
        kuba.schedules.get(category__name="燃やすごみ"),
        kuba.schedules.get(category__name="資源"),
    )
    assert burnable.days == "毎週月曜日・木曜日（祝日も収集します）"
    assert resources.days == "毎月第2水曜日（4月〜11月）"
    assert list(
        CollectionException.objects.filter(collection_area=kuba).values_list(
            "new_date", flat=True
        )
    ) == [D(2026, 12, 30)]
    cell = next(
        row
        for row in export_files()[0]["area_days.csv"].decode().splitlines()
        if row.startswith("玖波")
    )
    assert cell == "玖波,,月 木 *1,水2 20261230:4 5 6 7 8 9 10 11"


def test_every_other_week_notation_round_trips():
    apply_import({"area_days.csv": area_days("玖波,,月 木,隔水20261209")})
    kuba = CollectionArea.objects.get(name="玖波")
    resources = kuba.schedules.get(category__name="資源")
    assert resources.days == "隔週水曜日"
    assert collection_dates(
        kuba, resources.category, D(2026, 12, 1), D(2026, 12, 31)
    ) == [D(2026, 12, 9), D(2026, 12, 23)]
    cell = export_files()[0]["area_days.csv"].decode().splitlines()[1]
    assert cell == "玖波,,月 木,隔水20261209"


def test_shift_jis_from_excel_is_accepted():
    apply_import({"area_days.csv": area_days("小方,,火 金,").decode().encode("cp932")})
    assert (
        CollectionArea.objects.get(name="小方").schedules.get().days
        == "毎週火曜日・金曜日"
    )


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (
            {"area_days.csv": area_days("玖波,,月,", header="地名,燃やすごみ,資源")},
            "area_days.csv の1行目（見出し）が5374形式ではありません",
        ),
        (
            {"area_days.csv": area_days("玖波,,月")},
            "area_days.csv 2行目（玖波）: 列の数が見出しと違います",
        ),
        (
            {"area_days.csv": area_days("玖波,,毎週月曜,")},
            "「燃やすごみ」の「毎週月曜」は読み取れない表記です",
        ),
        (
            {"area_days.csv": area_days("玖波,,,隔月20261340")},
            "「隔月20261340」は読み取れない表記です",
        ),
        (
            {"area_days.csv": area_days("玖波,,月6,")},
            "「月6」は読み取れない表記です",
        ),
        (
            {"area_days.csv": area_days("玖波,,月 *3,")},
            "「*3」は読み取れない表記です",
        ),
        (
            {"area_days.csv": "地名,センター,燃やすごみ\n玖波,,月\n".encode("utf-16")},
            "文字コードを読み取れません",
        ),
        (
            {"area_days.csv": b"\x82\xa0\xff\xfe,\x80\x80\n"},
            "文字コードを読み取れません",
        ),
        (
            {"center.csv": "名称,休止開始日,休止終了日\n".encode()},
            "area_days.csv がありません",
        ),
        (
            {
                "area_days.csv": area_days("玖波,東,月,"),
                "center.csv": "名称,開始,終了\n東,2026/12/31,2027/1/3\n".encode(),
            },
            "center.csv の1行目（見出し）が5374形式ではありません",
        ),
        (
            {
                "area_days.csv": area_days("玖波,東,月,"),
                "center.csv": "名称,休止開始日,休止終了日\n東,12月31日,1月3日\n".encode(),
            },
            "2026/12/31 の形で入力してください",
        ),
    ],
)
def test_wrong_csv_gets_a_clear_japanese_error_and_nothing_is_imported(files, message):
    GarbageCategory.objects.create(name="既存の区分", slug="kizon", how_to_put_out="")
    files = {
        **files,
        "description.csv": "label,sublabel,description,styles,bgcolor\n新しい区分,,,,#123456\n".encode(),
    }
    with pytest.raises(Import5374Error) as raised:
        apply_import(files)
    assert any(message in problem for problem in raised.value.problems), (
        raised.value.problems
    )
    assert list(GarbageCategory.objects.values_list("name", flat=True)) == [
        "既存の区分"
    ]
    assert not CollectionArea.objects.exists()


def test_every_problem_is_listed_at_once():
    with pytest.raises(Import5374Error) as raised:
        preview({"area_days.csv": area_days("玖波,,毎週,", "小方,,月,隔週")})
    assert len(raised.value.problems) == 2


def test_preview_changes_nothing_and_names_areas_without_a_district():
    result = preview(sample())
    assert len(result.new_areas) == 71 and "浅野川" in result.unlinked_areas
    assert result.samples[0][0] == "浅野川"
    assert ("燃やすごみ", "毎週月曜日・木曜日") in result.samples[0][1]
    assert not CollectionArea.objects.exists() and not GarbageItem.objects.exists()


def test_management_commands_import_a_folder_and_export_a_zip(tmp_path):
    out = StringIO()
    call_command("import_5374", str(DATA / "template"), "--dry-run", stdout=out)
    assert "確認のみ" in out.getvalue() and not CollectionArea.objects.exists()
    call_command("import_5374", str(DATA / "template"), stdout=StringIO())
    assert CollectionArea.objects.get().name == "片町"
    target = tmp_path / "garbage.zip"
    call_command("export_5374", str(target), stdout=StringIO())
    with zipfile.ZipFile(target) as archive:
        assert "area_days.csv" in archive.namelist()
    before = snapshot()
    # Importing the export over itself changes nothing.
    call_command("import_5374", str(target), stdout=StringIO())
    assert snapshot() == before
    assert CollectionArea.objects.count() == 1
    bad = tmp_path / "area_days.csv"
    bad.write_text("地名,燃やすごみ\n玖波,月\n")
    with pytest.raises(CommandError, match="見出し"):
        call_command("import_5374", str(bad), stdout=StringIO())


def test_export_zip_holds_the_five_files_in_utf8_without_bom():
    apply_import(sample("template"))
    data, _ = export_zip()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        area = archive.read("area_days.csv")
    assert names == {
        "area_days.csv",
        "center.csv",
        "description.csv",
        "target.csv",
        "remarks.csv",
    }
    assert not area.startswith(b"\xef\xbb\xbf")
    assert area.decode("utf-8").startswith("地名,センター,")


def test_imported_kanji_items_get_readings_so_kana_finds_them():
    # Most cities' furigana column holds only an index letter: no reading comes in.
    apply_import(sample("kanazawa"))
    kanji = [
        item
        for item in GarbageItem.objects.all()
        if any("\u4e00" <= char <= "\u9fff" for char in item.name)
    ]
    assert kanji
    for item in kanji:
        readings = item.generated_readings.splitlines()
        assert readings, item.name
        assert all(
            unicodedata.name(c).startswith("HIRAGANA") for c in readings[0] if c != "ー"
        )


# --- Real files as cities publish them (issue 15) ---------------------------------


@pytest.mark.parametrize(
    "header",
    [
        "地域名,センター,燃やすごみ,資源",
        "地区名,センター,燃やすごみ,資源",
        "No,地区名,センター,燃やすごみ,資源",
        "市町村コード,市町村名,地名,センター,燃やすごみ,資源",
    ],
)
def test_header_variants_and_extra_leading_columns(header):
    extra = ",".join(["342114"] * (header.count(",") - 3))
    row = (extra + "," if extra else "") + "玖波,,月 木,水2"
    data = "\ufeff" + "\r\n".join([header, row]) + "\r\n"
    apply_import({"area_days.csv": data.encode("utf-8")})
    kuba = CollectionArea.objects.get()
    assert kuba.name == "玖波"
    assert sorted(s.days for s in kuba.schedules.all()) == [
        "毎月第2水曜日",
        "毎週月曜日・木曜日",
    ]


def test_shift_jis_with_extra_columns_and_crlf():
    data = "No,地区名,センター,可燃ごみ\r\n1,新町～北,,火 金\r\n".encode("cp932")
    apply_import({"area_days.csv": data})
    assert CollectionArea.objects.get().name == "新町～北"


def test_unknown_centres_mean_no_closure_with_one_warning_for_all_rows():
    rows = [f"地区{n},R{n % 3},月," for n in range(50)]
    result = apply_import(
        {
            "area_days.csv": area_days(*rows),
            "center.csv": "名称,休止開始日,休止終了日\n".encode(),
        }
    )
    unknown = [w for w in result.warnings if "center.csv にないため" in w]
    assert len(unknown) == 1
    assert "「R0」「R1」「R2」" in unknown[0]
    assert CollectionArea.objects.count() == 50
    assert not CollectionArea.objects.filter(center__isnull=False).exists()
    assert not CollectionCenter.objects.exists()


@pytest.mark.parametrize(
    ("type_cell", "reason"),
    [
        ("\u00a0", "区分が空白です"),
        ("\u3000", "区分が空白です"),
        ("---", "区分が記号（---）だけです"),
        ("―", "区分が記号（―）だけです"),
        ("市では収集できません。販売店にご相談ください。", "文章が入っています"),
        ("販売店または許可業者にご相談ください", "文章が入っています"),
    ],
)
def test_junk_types_are_questioned_not_made_categories(type_cell, reason):
    target = (
        f"type,name,notice,furigana\n燃やすごみ,紙くず,,か\n{type_cell},ピアノ,,ひ\n"
    )
    result = apply_import(
        {"area_days.csv": area_days("玖波,,月,"), "target.csv": target.encode()}
    )
    warning = next(w for w in result.warnings if reason in w)
    assert "target.csv 3行目（ピアノ）" in warning
    assert not GarbageItem.objects.filter(name="ピアノ").exists()
    assert set(GarbageCategory.objects.values_list("name", flat=True)) == {
        "燃やすごみ",
        "資源",
    }


def test_sub_header_rows_are_skipped_with_a_warning():
    target = "type,name,notice,furigana\n,,あ行の品目です,あ行\n燃やすごみ,紙くず,,か\n"
    result = apply_import(
        {"area_days.csv": area_days("玖波,,月,"), "target.csv": target.encode()}
    )
    assert any(
        "target.csv 2行目（あ行）" in w and "品目名（name）が空の行" in w
        for w in result.warnings
    )
    assert list(GarbageItem.objects.values_list("name", flat=True)) == ["紙くず"]
    # An index letter or あ行 is not taken as a reading; a real reading is.
    assert GarbageItem.objects.get().reading == ""


def test_dates_all_in_the_past_and_areas_without_collection_are_warned():
    result = preview(
        {"area_days.csv": area_days("玖波,,20190401 20190404,20190410", "小方,,,")}
    )
    warnings = "\n".join(result.warnings)
    assert "収集日の日付がすべて過去です（最後は2019/04/10）" in warnings
    assert "収集日が1つもない収集地区があります: 小方" in warnings
    assert not preview(
        {"area_days.csv": area_days(f"玖波,,{D.today().year + 1}0401,")}
    ).warnings


def test_the_same_problem_on_many_rows_is_one_line_and_nothing_is_cut():
    rows = [f"地区{n},,毎週月曜," for n in range(100)]
    rows += [f"別{n},,月,隔週{n}" for n in range(40)]
    with pytest.raises(Import5374Error) as raised:
        preview({"area_days.csv": area_days(*rows)})
    problems = raised.value.problems
    assert raised.value.skippable
    # 1 grouped line for the 100 equal problems, 40 lines for 40 different tokens.
    assert len(problems) == 41
    assert "ほか80行（計100行）" in problems[0]
    assert "2行目（地区0）" in problems[0]


def test_skipping_bad_rows_imports_the_rest_and_lists_what_was_left_out():
    files = {"area_days.csv": area_days("玖波,,月,", "小方,,毎週月曜,", "大竹,,火,")}
    with pytest.raises(Import5374Error):
        apply_import(files)
    assert not CollectionArea.objects.exists()
    result = apply_import(files, skip_bad_rows=True)
    assert set(CollectionArea.objects.values_list("name", flat=True)) == {
        "玖波",
        "大竹",
    }
    assert result.skipped == [
        "area_days.csv 3行目（小方）: 「燃やすごみ」の「毎週月曜」は読み取れない表記です。"
        + NOTATION_HELP
    ]
    assert result.plan.skipped_rows == 1


def test_br_becomes_a_line_break_and_export_writes_it_back_with_readings():
    files = {
        "area_days.csv": area_days("玖波,,月 *1,"),
        "description.csv": (
            "label,sublabel,description,styles,bgcolor\n"
            "燃やすごみ,,朝8時までに<br>出してください,img/moyasu.svg,#E4572E\n"
        ).encode(),
        "target.csv": "type,name,notice,furigana\n燃やすごみ,茶碗,割れたら<BR />紙に包む,ち\n".encode(),
        "remarks.csv": "ID,注意事項\n1,祝日も<br/>収集\n".encode(),
        "img/moyasu.svg": b"<svg xmlns='http://www.w3.org/2000/svg'/>",
    }
    apply_import(files)
    assert GarbageCategory.objects.get(name="燃やすごみ").how_to_put_out == (
        "朝8時までに\n出してください"
    )
    item = GarbageItem.objects.get(name="茶碗")
    assert item.notes == "割れたら\n紙に包む"
    assert "<br" not in CollectionArea.objects.get().schedules.get().note.lower()

    exported, _ = export_files()
    assert exported["img/moyasu.svg"] == files["img/moyasu.svg"]
    description = exported["description.csv"].decode()
    assert "朝8時までに<br>出してください,img/moyasu.svg" in description
    target = list(csv.reader(io.StringIO(exported["target.csv"].decode())))
    assert target[1] == ["燃やすごみ", "茶碗", "割れたら<br>紙に包む", "ちゃわん"]


def test_an_exported_zip_with_icons_imports_back_with_them():
    apply_import(
        {
            "area_days.csv": area_days("玖波,,月,"),
            "description.csv": (
                "label,sublabel,description,styles,bgcolor\n"
                "燃やすごみ,,袋に入れる,img/moyasu.svg,#E4572E\n"
            ).encode(),
            "img/moyasu.svg": b"<svg/>",
        }
    )
    data, _ = export_zip()
    GarbageCategory.objects.update(icon_5374="")
    from home.open5374 import read_upload

    result = apply_import(read_upload("garbage.zip", data))
    assert result.plan.icons == {"img/moyasu.svg": b"<svg/>"}
    assert GarbageCategory.objects.get(name="燃やすごみ").icon_5374 == "img/moyasu.svg"


def test_a_long_category_name_the_files_use_elsewhere_is_not_questioned():
    long_name = "プラスチック製容器包装（白色トレイを除く）"
    result = apply_import(
        {
            "area_days.csv": area_days(
                "玖波,,月,", header=f"地名,センター,{long_name},資源"
            ),
            "target.csv": f"type,name,notice,furigana\n{long_name},卵のパック,,た\n".encode(),
        }
    )
    assert GarbageItem.objects.get(name="卵のパック").category.name == long_name
    assert not any("文章" in warning for warning in result.warnings)
