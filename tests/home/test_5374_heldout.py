"""The frozen held-out files (tests/home/data_5374/heldout, other cities' shapes).

The expectations are the README's table, written before the importer ran on them.
"""

import datetime
import io
from pathlib import Path
import zipfile

import pytest

from home.collection_calendar import collection_dates
from home.models import CollectionArea, GarbageCategory, GarbageItem
from home.open5374 import Import5374Error, apply_import, export_zip, preview


pytestmark = pytest.mark.django_db
HELDOUT = Path(__file__).parent / "data_5374" / "heldout"
D = datetime.date


def city(name: str) -> dict[str, bytes]:
    folder = HELDOUT / name
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in folder.rglob("*")
        if path.suffix in (".csv", ".svg")
    }


def joined(warnings: list[str]) -> str:
    return "\n".join(warnings)


def test_city_a_route_codes_nbsp_types_bom_crlf():
    result = apply_import(city("city_a"))
    assert len(result.new_areas) == 9
    assert result.centers == []
    warnings = joined(result.warnings)
    # One warning names every unknown code, not one per row.
    unknown = [w for w in result.warnings if "center.csv にないため" in w]
    assert len(unknown) == 1
    assert all(code in unknown[0] for code in ("A1", "A2", "B1", "B2", "「C」"))
    assert "区分が空白です" in warnings and "ピアノ" in warnings
    assert "出し方（description）が空の区分" in warnings
    assert GarbageItem.objects.count() == 14
    assert not GarbageItem.objects.filter(name="ピアノ").exists()
    assert not GarbageCategory.objects.filter(name="").exists()
    assert GarbageItem.objects.get(name="生ごみ").notes == (
        "水気をよく切ってください。\n指定袋に入れて出してください。"
    )
    assert CollectionArea.objects.get(name="青葉町").center is None


def test_city_b_extra_column_shift_jis_junk_types_and_sub_headers():
    result = apply_import(city("city_b"))
    assert len(result.new_areas) == 6
    assert CollectionArea.objects.filter(name="新町～北").exists()
    assert len(result.centers) == 2
    # The README's table says 13 items and 5 junk rows: a miscount made when writing
    # it (target.csv has 12 real items and 4 junk types: ---, ―, two sentences).
    assert GarbageItem.objects.count() == 12
    assert set(GarbageCategory.objects.values_list("name", flat=True)) == {
        "可燃ごみ",
        "不燃ごみ",
        "資源ごみ",
        "有害ごみ",
    }
    warnings = joined(result.warnings)
    for name in ("エアコン", "テレビ", "ガスボンベ（大型）", "冷蔵庫"):
        assert name in warnings
    assert "品目名（name）が空の行" in warnings and "あ行" in warnings


def test_city_c_all_dates_in_the_past_are_questioned():
    result = preview(city("city_c"))
    assert len(result.new_areas) == 5
    assert "収集日の日付がすべて過去です" in joined(result.warnings)
    assert "休止期間がすべて過去です" in joined(result.warnings)
    apply_import(city("city_c"))
    assert "\n" in GarbageCategory.objects.get(name="もえるごみ").how_to_put_out
    area = CollectionArea.objects.get(name="上町")
    burnable = GarbageCategory.objects.get(name="もえるごみ")
    assert collection_dates(area, burnable, D(2019, 4, 1), D(2019, 4, 7)) == [
        D(2019, 4, 1),
        D(2019, 4, 4),
    ]


def test_city_d_needs_skipping_and_keeps_its_icons():
    with pytest.raises(Import5374Error) as raised:
        preview(city("city_d"))
    assert raised.value.skippable
    assert any("西地区" in p and "毎週水曜" in p for p in raised.value.problems)
    result = apply_import(city("city_d"), skip_bad_rows=True)
    assert len(result.new_areas) == 5
    assert not CollectionArea.objects.filter(name="西地区").exists()
    assert any("西地区" in line for line in result.skipped)
    warnings = joined(result.warnings)
    assert "工業団地" in warnings and "収集日が1つもない" in warnings
    assert "同じ品目名が複数" in warnings
    assert GarbageItem.objects.count() == 9
    data, _ = export_zip()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "img/moyasu.svg" in archive.namelist()
        assert "img/moyasu.svg" in archive.read("description.csv").decode()


def test_city_e_blank_types_and_partly_unknown_centres():
    result = apply_import(city("city_e"))
    assert len(result.new_areas) == 6
    assert CollectionArea.objects.get(name="あけぼの町").center.name == "第1収集区"
    assert CollectionArea.objects.get(name="大手町").center is None
    unknown = [w for w in result.warnings if "center.csv にないため" in w]
    assert len(unknown) == 1 and "第2収集区" in unknown[0] and "第3収集区" in unknown[0]
    assert GarbageItem.objects.count() == 9
    assert "区分が空白です" in joined(result.warnings)
