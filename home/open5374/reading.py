"""Read the open 5374 CSV files into an import plan, or explain in Japanese what is wrong.

Nothing here writes to the database: ``plan_import`` only reads the CSVs (and the
database, to tell new from existing rows), so staff see a preview before anything
changes. The format is the one of the 5374.jp app (github: codeforkanazawa-org/5374):

- ``area_days.csv``: 地名, センター, then one column per category; a cell holds tokens
  separated by spaces: ``月`` (every Monday), ``水2`` (2nd Wednesday), ``20261230``
  (an explicit date), ``隔月20261207`` (every other Monday, from that week), ``*1``
  (remark 1), and an optional month list after a colon
  (``水2:4 6 8``, only those months).
- ``center.csv``: 名称, 休止開始日, 休止終了日 (a closure such as 年末年始).
- ``description.csv``: label, sublabel, description, styles, bgcolor (the categories).
- ``target.csv``: type (or label), name, notice, furigana (the items).
- ``remarks.csv``: ID, 注意事項.
"""

import codecs
from collections import Counter
from collections.abc import Callable
import csv
from dataclasses import dataclass, field
import datetime
import io
import re
import unicodedata
import zipfile

from django.utils import timezone

from ..collection_text import RuleParts
from .notation import CellError, nfkc, parse_cell, parse_date
from .problems import ROWS_SHOWN, Check, Import5374Error


FILE_NAMES = (
    "area_days.csv",
    "center.csv",
    "description.csv",
    "target.csv",
    "remarks.csv",
)


@dataclass
class CategoryRow:
    name: str
    description: str
    colour: str
    icon: str = ""


@dataclass
class AreaRow:
    name: str
    center: str
    rules: dict[str, list[RuleParts]] = field(default_factory=dict)
    extra_dates: dict[str, list[datetime.date]] = field(default_factory=dict)


@dataclass
class ItemRow:
    category: str
    name: str
    notes: str
    furigana: str


@dataclass
class ImportPlan:
    """Everything the CSVs say, checked and ready to apply."""

    categories: list[CategoryRow] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    centers: dict[str, tuple[datetime.date, datetime.date]] = field(
        default_factory=dict
    )
    areas: list[AreaRow] = field(default_factory=list)
    items: list[ItemRow] = field(default_factory=list)
    #: Things staff should look at; the import goes ahead (Japanese, grouped).
    warnings: list[str] = field(default_factory=list)
    #: Rows left out because staff chose to skip rows with problems (Japanese, grouped).
    skipped: list[str] = field(default_factory=list)
    skipped_rows: int = 0
    #: img/*.svg files that came with the CSVs (5374's category icons).
    icons: dict[str, bytes] = field(default_factory=dict)

    def category_names(self) -> list[str]:
        """Every category the files name, in their order."""
        names = [row.name for row in self.categories]
        names += [name for name in self.columns if name not in names]
        for item in self.items:
            if item.category not in names:
                names.append(item.category)
        return names


def decode(name: str, data: bytes) -> str:
    """UTF-8 (with or without BOM) as 5374 uses, or Shift_JIS as Excel saves it."""
    problem = (
        f"{name}: 文字コードを読み取れません。"
        "UTF-8（またはShift_JIS）で保存したCSVファイルを選んでください。"
    )
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _decode_shift_jis(data)
    if text is None or "\x00" in text:  # NULs: UTF-16 and other binaries
        raise Import5374Error([problem])
    return text


def _decode_shift_jis(data: bytes) -> str | None:
    try:
        text = data.decode("cp932")
    except UnicodeDecodeError:
        return None
    # cp932 maps a few undefined bytes to private-use characters: not real text.
    return None if re.search("[\ue000-\uf8ff]", text) else text


def _rows(name: str, text: str) -> list[tuple[int, list[str]]]:
    """(line number, cells) of the non-empty lines."""
    reader = csv.reader(io.StringIO(text))
    rows = []
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                rows.append((reader.line_num, [cell.strip() for cell in cells]))
    except csv.Error as error:
        raise Import5374Error(
            [f"{name} {reader.line_num}行目: CSVとして読み取れません（{error}）。"]
        ) from None
    if not rows:
        raise Import5374Error([f"{name}: 中身が空です。"])
    return rows


def _header_problem(name: str, expected: str) -> str:
    return (
        f"{name} の1行目（見出し）が5374形式ではありません。"
        f"「{expected}」の列が必要です。"
    )


_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_KANA = re.compile(r"[\u3041-\u309f\u30a0-\u30ffー・、 ]+")
_SENTENCE = re.compile(r"[。！？!?]|です|ます|ください|ません")
#: First-column titles cities use for the area name (5374's own is 地名).
AREA_HEADERS = (
    "地名",
    "地域名",
    "地区名",
    "地区",
    "校下・地区",
    "町名",
    "町丁目",
    "地域",
)


def line_breaks(text: str) -> str:
    """5374 writes line breaks as ``<br>``; staff and LINE need real ones."""
    return _BREAK.sub("\n", text).strip()


def is_reading(text: str) -> bool:
    """Whether a furigana cell holds a reading, not an index letter (あ, あ行)."""
    return len(text) > 1 and bool(_KANA.fullmatch(text))


def junk_category(name: str, known: set[str] = frozenset()) -> str:
    """Why a type cell cannot be a category name ("" if it can).

    A name that description.csv or area_days.csv also uses is a category however long
    (プラスチック製容器包装（白色トレイを除く）); an unknown one is questioned when
    it reads like a sentence.
    """
    if not name.strip():
        return "区分が空白です"
    if name in known:
        return ""
    if all(unicodedata.category(char)[0] in "PSZ" or char == "ー" for char in name):
        return f"区分が記号（{name}）だけです"
    if len(name) > 20 or _SENTENCE.search(name):
        return "区分の欄に文章が入っています"
    return ""


def _header(cells: list[str]) -> list[str]:
    return [nfkc(cell).lower() for cell in cells]


def _read_remarks(text: str, check: Check) -> dict[str, str]:
    rows = _rows("remarks.csv", text)
    header = _header(rows[0][1])
    if len(header) < 2 or header[0] != "id":
        check.file_problem(_header_problem("remarks.csv", "ID,注意事項"))
        return {}
    remarks = {}
    for line, cells in rows[1:]:
        key = nfkc(cells[0])
        if not key.isdigit():
            check.bad_row(
                "remarks.csv", line, key, "IDは数字にしてください（1、2、3…）。"
            )
            continue
        remarks[key] = line_breaks(cells[1]) if len(cells) > 1 else ""
    return remarks


def _read_centers(
    text: str, check: Check
) -> dict[str, tuple[datetime.date, datetime.date]]:
    rows = _rows("center.csv", text)
    header = _header(rows[0][1])
    if header[:3] != ["名称", "休止開始日", "休止終了日"]:
        check.file_problem(_header_problem("center.csv", "名称,休止開始日,休止終了日"))
        return {}
    centers = {}
    for line, cells in rows[1:]:
        cells = [*cells, "", ""][:3]
        start, end = parse_date(cells[1]), parse_date(cells[2])
        if not cells[0]:
            check.bad_row("center.csv", line, "", "名称が空です。")
        elif start is None or end is None:
            check.bad_row(
                "center.csv",
                line,
                cells[0],
                "休止期間の日付は 2026/12/31 の形で入力してください。",
            )
        elif end < start:
            check.bad_row(
                "center.csv", line, cells[0], "休止終了日が開始日より前です。"
            )
        else:
            centers[cells[0]] = (start, end)
    return centers


def _read_description(text: str, check: Check) -> list[CategoryRow]:
    rows = _rows("description.csv", text)
    header = _header(rows[0][1])
    if not {"label", "description", "bgcolor"} <= set(header):
        check.file_problem(
            _header_problem(
                "description.csv", "label,sublabel,description,styles,bgcolor"
            )
        )
        return []
    column = {name: index for index, name in enumerate(header)}
    categories = []
    for line, cells in rows[1:]:
        cells = cells + [""] * (len(header) - len(cells))
        name = cells[column["label"]]
        colour = cells[column["bgcolor"]]
        if not name:
            check.bad_row("description.csv", line, "", "label（区分名）が空です。")
        elif len(name) > 40:
            check.bad_row(
                "description.csv", line, name[:20], "区分名は40文字までです。"
            )
        elif colour and not re.fullmatch(r"#[0-9A-Fa-f]{6}", colour):
            check.bad_row(
                "description.csv",
                line,
                name,
                f"bgcolor は #E4572E のように # と6桁で入力してください（{colour}）。",
            )
        else:
            icon = cells[column["styles"]] if "styles" in column else ""
            categories.append(
                CategoryRow(
                    name,
                    line_breaks(cells[column["description"]]),
                    colour.upper(),
                    icon if re.fullmatch(r"[\w./-]+\.svg", icon) else "",
                )
            )
    empty = [row.name for row in categories if not row.description]
    if empty:
        check.warn(
            "description.csv",
            "出し方（description）が空の区分があります: "
            + "、".join(empty)
            + "。このまま取り込めますが、取り込んだあと「ごみの分別区分」で"
            "出し方（袋の種類・時間・場所）を入力してください。"
            "入力するまで、LINEでは区分名だけをお知らせします。",
        )
    return categories


def _read_targets(text: str, known: set[str], check: Check) -> list[ItemRow]:
    rows = _rows("target.csv", text)
    header = _header(rows[0][1])
    kind = "type" if "type" in header else "label"
    if not {kind, "name"} <= set(header):
        check.file_problem(_header_problem("target.csv", "type,name,notice,furigana"))
        return []
    column = {name: index for index, name in enumerate(header)}
    items = []
    for line, cells in rows[1:]:
        cells = cells + [""] * (len(header) - len(cells))

        def cell(name: str, cells: list[str] = cells) -> str:
            return cells[column[name]] if name in column else ""

        category, name = cell(kind), cell("name")
        if not name:
            # A sub-header such as 「あ行」 (empty type and name, text in furigana).
            check.warn(
                "target.csv",
                "品目名（name）が空の行（見出し行など）は品目ではないため飛ばしました。",
                line,
                cell("furigana")[:20] or category[:20],
            )
            continue
        reason = junk_category(category, known)
        if reason:
            check.warn(
                "target.csv",
                f"{reason}。区分として取り込まず、この品目を飛ばしました。"
                "正しい区分名（description.csv の label）を入れるか、"
                "取り込んだあと「ごみの品目」で追加してください。",
                line,
                name,
            )
        elif len(name) > 60:
            check.bad_row("target.csv", line, name[:20], "品目名は60文字までです。")
        else:
            furigana = nfkc(cell("furigana"))
            items.append(
                ItemRow(
                    category,
                    name,
                    line_breaks(cell("notice")),
                    furigana if is_reading(furigana) else "",
                )
            )
    return items


def _area_header(header: list[str]) -> tuple[int, int] | None:
    """(area name column, centre column), allowing extra leading columns."""
    center = next(
        (index for index, cell in enumerate(header) if "センター" in nfkc(cell)), None
    )
    if not center or center == len(header) - 1:
        return None
    named = [i for i in range(center) if nfkc(header[i]) in AREA_HEADERS]
    return (named[0] if named else center - 1), center


def _read_area_days(
    text: str,
    remarks: dict[str, str],
    center_names: set[str],
    check: Check,
    progress: Callable[[float], None] | None = None,
) -> tuple[list[str], list[AreaRow]]:
    file = "area_days.csv"
    rows = _rows(file, text)
    header = rows[0][1]
    columns_at = _area_header(header)
    if columns_at is None:
        check.file_problem(
            _header_problem(file, "地名,センター,燃やすごみ,…（区分ごとの列）")
        )
        return [], []
    name_at, center_at = columns_at
    columns = header[center_at + 1 :]
    for index, name in enumerate(columns):
        if not name:
            check.file_problem(
                f"{file} 1行目: {center_at + index + 2}列目の区分名が空です。"
                "見出しに区分名を入れてください。"
            )
        elif name in columns[:index]:
            check.file_problem(
                f"{file} 1行目: 区分「{name}」の列が2つあります。1つにしてください。"
            )
    areas: list[AreaRow] = []
    seen: set[str] = set()
    unknown_centers: dict[str, None] = {}
    no_collection: list[str] = []
    for done, (line, cells) in enumerate(rows[1:]):
        if progress and done % 100 == 0:
            progress(done / len(rows))
        while len(cells) > len(header) and not cells[-1]:
            cells = cells[:-1]  # trailing commas Excel adds
        if len(cells) != len(header):
            check.bad_row(
                file,
                line,
                cells[name_at] if len(cells) > name_at else "",
                f"列の数が見出しと違います（見出しは{len(header)}列）。"
                "カンマの数を見出しに合わせてください。",
            )
            continue
        name, center = cells[name_at], cells[center_at]
        values = cells[center_at + 1 :]
        if not name:
            if any(values):
                check.bad_row(file, line, "", "地名が空です。地名を入れてください。")
            else:
                check.warn(file, "地名も収集日も空の行を飛ばしました。", line)
            continue
        if name in seen:
            check.bad_row(
                file, line, name, "同じ地名が2回あります。1行にまとめてください。"
            )
            continue
        if len(name) > 80:
            check.bad_row(file, line, name[:20], "地名は80文字までです。")
            continue
        if center and center not in center_names:
            # 5374 itself treats an unknown centre as one with no closure.
            unknown_centers[center] = None
            center = ""
        area = AreaRow(name=name, center=center)
        readable = True
        for category, value in zip(columns, values, strict=True):
            try:
                rules, dates = parse_cell(value, remarks)
            except CellError as error:
                check.bad_row(
                    file,
                    line,
                    name,
                    f"「{category}」の「{error.token}」は読み取れない表記です。"
                    f"{error.hint}",
                )
                readable = False
                continue
            if rules:
                area.rules[category] = rules
            if dates:
                area.extra_dates[category] = dates
        if not readable:
            continue
        if not area.rules and not area.extra_dates:
            no_collection.append(name)
        seen.add(name)
        areas.append(area)
    if unknown_centers:
        check.warn(
            file,
            "センター列の「"
            + "」「".join(unknown_centers)
            + "」は center.csv にないため、休止期間（年末年始など）なしで取り込みます"
            "（5374と同じ扱い）。休みがあるなら center.csv に名称と期間を書いてください。",
        )
    if no_collection:
        check.warn(
            file,
            "収集日が1つもない収集地区があります: "
            + "、".join(no_collection[:ROWS_SHOWN])
            + (
                f" ほか{len(no_collection) - ROWS_SHOWN}地区"
                if len(no_collection) > ROWS_SHOWN
                else ""
            )
            + "。収集日の列が空でないか確かめてください。",
        )
    return columns, areas


def _check_dates(plan: ImportPlan, today: datetime.date, check: Check) -> None:
    latest = max(
        (
            day
            for area in plan.areas
            for days in area.extra_dates.values()
            for day in days
        ),
        default=None,
    )
    has_rules = any(area.rules for area in plan.areas)
    if latest and latest < today and not has_rules:
        check.warn(
            "area_days.csv",
            f"収集日の日付がすべて過去です（最後は{latest:%Y/%m/%d}）。"
            "取り込むとこれからの収集日が1つもありません。今年度のデータか確かめてください。",
        )
    elif latest and latest < today:
        check.warn(
            "area_days.csv",
            f"日付で書かれた収集日はすべて過去です（最後は{latest:%Y/%m/%d}）。"
            "今年度のデータか確かめてください。",
        )
    if plan.centers and all(end < today for _, end in plan.centers.values()):
        check.warn(
            "center.csv",
            "休止期間がすべて過去です。今年の年末年始の期間に直すと、"
            "その間は収集なしとお知らせできます。",
        )


def _check_items(plan: ImportPlan, check: Check) -> None:
    counts = Counter(item.name for item in plan.items)
    duplicates = [name for name, count in counts.items() if count > 1]
    if duplicates:
        check.warn(
            "target.csv",
            "同じ品目名が複数あります（後の行を使います）: "
            + "、".join(duplicates[:ROWS_SHOWN])
            + (
                f" ほか{len(duplicates) - ROWS_SHOWN}件"
                if len(duplicates) > ROWS_SHOWN
                else ""
            ),
        )
    known = {row.name for row in plan.categories} | set(plan.columns)
    orphans = list(
        dict.fromkeys(i.category for i in plan.items if i.category not in known)
    )
    if orphans and known:
        check.warn(
            "target.csv",
            "区分「"
            + "」「".join(orphans[:ROWS_SHOWN])
            + "」は description.csv にも area_days.csv にもありません。"
            "新しい区分として取り込みますが、収集日はありません。"
            "区分名の書き間違いでないか確かめてください。",
        )


def plan_import(
    files: dict[str, bytes],
    known_centers: set[str] = frozenset(),
    *,
    skip_bad_rows: bool = False,
    today: datetime.date | None = None,
    progress: Callable[[float], None] | None = None,
) -> ImportPlan:
    """Check every file; raise ``Import5374Error`` listing all problems found.

    Problems in single rows stop the import unless ``skip_bad_rows``: then those rows
    are left out and listed in ``plan.skipped``.
    """
    check = Check()
    plan = ImportPlan()
    texts: dict[str, str] = {}
    for name, data in files.items():
        path = name.replace("\\", "/")
        base = path.rsplit("/", 1)[-1]
        if _is_icon(path):
            plan.icons[f"img/{base}"] = data
            continue
        if base not in FILE_NAMES:
            check.warn(base, "5374形式のファイルではないため読み飛ばしました。")
            continue
        try:
            texts[base] = decode(base, data)
        except Import5374Error as error:
            check.fatal += error.problems
    if "area_days.csv" not in texts and not check.fatal:
        check.file_problem(
            "area_days.csv がありません。収集日のCSVファイルを選んでください。"
        )
    if check.fatal:
        raise Import5374Error(check.fatal)

    try:
        remarks = (
            _read_remarks(texts["remarks.csv"], check) if "remarks.csv" in texts else {}
        )
        if "center.csv" in texts:
            plan.centers = _read_centers(texts["center.csv"], check)
        if "description.csv" in texts:
            plan.categories = _read_description(texts["description.csv"], check)
        plan.columns, plan.areas = _read_area_days(
            texts["area_days.csv"],
            remarks,
            set(plan.centers) | set(known_centers),
            check,
            progress,
        )
        if "target.csv" in texts:
            known = {row.name for row in plan.categories} | set(plan.columns)
            plan.items = _read_targets(texts["target.csv"], known, check)
    except Import5374Error as error:
        check.fatal += error.problems
    if check.fatal:
        raise Import5374Error(check.fatal + check.bad_rows.messages())
    if check.bad_rows and not skip_bad_rows:
        raise Import5374Error(check.bad_rows.messages(), skippable=True)
    plan.skipped = check.bad_rows.messages()
    plan.skipped_rows = check.bad_rows.rows()
    _check_dates(plan, today or timezone.localdate(), check)
    _check_items(plan, check)
    plan.warnings = check.warnings.messages()
    return plan


#: A generous limit per file; the real Kanazawa data is about 100 kB.
MAX_FILE_BYTES = 20 * 1024 * 1024


def _is_icon(path: str) -> bool:
    return bool(re.fullmatch(r"(.*/)?img/[\w.-]+\.svg", path.replace("\\", "/")))


def read_upload(name: str, data: bytes) -> dict[str, bytes]:
    """A zip (as exported) or a single CSV/SVG → {file name: bytes}."""
    if name.lower().endswith(".zip") or data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                # Only the five 5374 files and img/*.svg icons are read (ZipExtFile
                # stops at the declared size, so a bomb cannot grow past the limit).
                return {
                    info.filename: archive.read(info)
                    for info in archive.infolist()
                    if (
                        info.filename.rsplit("/", 1)[-1] in FILE_NAMES
                        or _is_icon(info.filename)
                    )
                    and info.file_size <= MAX_FILE_BYTES
                }
        except zipfile.BadZipFile:
            raise Import5374Error([f"{name}: zipファイルとして開けません。"]) from None
    if name.lower().endswith(".svg") and not _is_icon(name):
        return {f"img/{name.rsplit('/', 1)[-1]}": data}
    return {name: data}
