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
import csv
from dataclasses import dataclass, field
import datetime
import io
import re
import unicodedata
import zipfile

from ..collection_text import WEEKDAY_CHARS, RuleParts


FILE_NAMES = (
    "area_days.csv",
    "center.csv",
    "description.csv",
    "target.csv",
    "remarks.csv",
)
MAX_PROBLEMS = 30
NOTATION_HELP = (
    "使える表記: 月（毎週）、水2（第2水曜）、火1 火3（複数はスペース区切り）、"
    "隔月20261207（2026/12/7の週から隔週の月曜）、20261230（日付）、"
    "*1（注意事項の番号）、水2:4 5 6（4・5・6月だけ）"
)


class Import5374Error(Exception):
    """The files cannot be imported; ``problems`` says why, in Japanese."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class CategoryRow:
    name: str
    description: str
    colour: str


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
    warnings: list[str] = field(default_factory=list)

    def category_names(self) -> list[str]:
        """Every category the files name, in their order."""
        names = [row.name for row in self.categories]
        names += [name for name in self.columns if name not in names]
        for item in self.items:
            if item.category not in names:
                names.append(item.category)
        return names


class _Problems:
    def __init__(self) -> None:
        self.messages: list[str] = []

    def add(self, message: str) -> None:
        if len(self.messages) < MAX_PROBLEMS:
            self.messages.append(message)

    def raise_if_any(self) -> None:
        if self.messages:
            raise Import5374Error(self.messages)


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


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


def parse_date(text: str) -> datetime.date | None:
    """2022/12/30, 2022/1/3 or 2022-12-30."""
    match = re.fullmatch(r"(\d{4})[/-](\d{1,2})[/-](\d{1,2})", _nfkc(text))
    if not match:
        return None
    try:
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


class CellError(ValueError):
    """A token of an area_days cell that is not 5374 notation we support."""

    def __init__(self, token: str, hint: str = NOTATION_HELP):
        super().__init__(token)
        self.token = token
        self.hint = hint


def parse_cell(
    cell: str, remarks: dict[str, str]
) -> tuple[list[RuleParts], list[datetime.date]]:
    """One area_days cell → rules (one per distinct set of weeks) and explicit dates."""
    text = _nfkc(cell)
    if not text:
        return [], []
    months: list[int] = []
    if ":" in text:
        text, month_text = text.split(":", 1)
        for token in month_text.split():
            if not token.isdigit() or not 1 <= int(token) <= 12:
                raise CellError(token)
            months.append(int(token))
        months = sorted(set(months))
        if len(months) == 12:
            months = []
    weekly: set[int] = set()
    weeks_by_day: dict[int, set[int]] = {}
    dates: list[datetime.date] = []
    notes: list[str] = []
    biweekly: list[RuleParts] = []
    for token in text.split():
        if len(token) == 1 and token in WEEKDAY_CHARS:
            weekly.add(WEEKDAY_CHARS.index(token))
        elif re.fullmatch(rf"[{WEEKDAY_CHARS}][1-5]", token):
            day = WEEKDAY_CHARS.index(token[0])
            weeks_by_day.setdefault(day, set()).add(int(token[1]))
        elif re.fullmatch(r"\*\d+", token):
            if token[1:] not in remarks:
                raise CellError(token)
            notes.append(remarks[token[1:]])
        elif re.fullmatch(r"\d{8}", token):
            try:
                dates.append(datetime.datetime.strptime(token, "%Y%m%d").date())
            except ValueError:
                raise CellError(token) from None
        elif re.fullmatch(rf"隔[{WEEKDAY_CHARS}]\d{{8}}", token):
            # 隔月20261207: every other Monday, in the week of 2026-12-07.
            try:
                base = datetime.datetime.strptime(token[2:], "%Y%m%d").date()
            except ValueError:
                raise CellError(token) from None
            biweekly.append(
                RuleParts(
                    weekly_days=[WEEKDAY_CHARS.index(token[1])],
                    months=list(months),
                    biweekly_from=base,
                )
            )
        else:
            raise CellError(token)
    # Weekdays that share the same weeks become one rule: 火1 火3 木1 木3 → 第1・第3火・木.
    by_weeks: dict[tuple[int, ...], list[int]] = {}
    for day, weeks in sorted(weeks_by_day.items()):
        by_weeks.setdefault(tuple(sorted(weeks)), []).append(day)
    rules = [
        RuleParts(nth_weeks=list(weeks), nth_days=days, months=list(months))
        for weeks, days in by_weeks.items()
    ]
    if weekly:
        if rules:
            rules[0].weekly_days = sorted(weekly)
        else:
            rules = [RuleParts(weekly_days=sorted(weekly), months=list(months))]
    rules += biweekly
    note = "、".join(notes)
    if note:
        if rules:
            rules[0].note = note
        else:
            rules = [RuleParts(note=note)]
    return rules, sorted(set(dates))


def _read_remarks(text: str, problems: _Problems) -> dict[str, str]:
    rows = _rows("remarks.csv", text)
    header = [_nfkc(cell) for cell in rows[0][1]]
    if len(header) < 2 or header[0].upper() != "ID":
        problems.add(_header_problem("remarks.csv", "ID,注意事項"))
        return {}
    remarks = {}
    for line, cells in rows[1:]:
        key = _nfkc(cells[0])
        if not key.isdigit():
            problems.add(f"remarks.csv {line}行目: IDは数字にしてください（{key}）。")
            continue
        remarks[key] = cells[1] if len(cells) > 1 else ""
    return remarks


def _read_centers(
    text: str, problems: _Problems
) -> dict[str, tuple[datetime.date, datetime.date]]:
    rows = _rows("center.csv", text)
    header = [_nfkc(cell) for cell in rows[0][1]]
    if header[:3] != ["名称", "休止開始日", "休止終了日"]:
        problems.add(_header_problem("center.csv", "名称,休止開始日,休止終了日"))
        return {}
    centers = {}
    for line, cells in rows[1:]:
        cells = [*cells, "", ""][:3]
        start, end = parse_date(cells[1]), parse_date(cells[2])
        if not cells[0]:
            problems.add(f"center.csv {line}行目: 名称が空です。")
        elif start is None or end is None:
            problems.add(
                f"center.csv {line}行目: 休止期間の日付は 2026/12/31 の形で入力してください。"
            )
        elif end < start:
            problems.add(f"center.csv {line}行目: 休止終了日が開始日より前です。")
        else:
            centers[cells[0]] = (start, end)
    return centers


def _read_description(text: str, problems: _Problems) -> list[CategoryRow]:
    rows = _rows("description.csv", text)
    header = [_nfkc(cell).lower() for cell in rows[0][1]]
    if not {"label", "description", "bgcolor"} <= set(header):
        problems.add(
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
            problems.add(f"description.csv {line}行目: label（区分名）が空です。")
        elif len(name) > 40:
            problems.add(f"description.csv {line}行目: 区分名は40文字までです。")
        elif colour and not re.fullmatch(r"#[0-9A-Fa-f]{6}", colour):
            problems.add(
                f"description.csv {line}行目: bgcolor は #E4572E のように6桁で入力してください（{colour}）。"
            )
        else:
            categories.append(
                CategoryRow(name, cells[column["description"]], colour.upper())
            )
    return categories


def _read_targets(text: str, problems: _Problems) -> list[ItemRow]:
    rows = _rows("target.csv", text)
    header = [_nfkc(cell).lower() for cell in rows[0][1]]
    kind = "type" if "type" in header else "label"
    if not {kind, "name"} <= set(header):
        problems.add(_header_problem("target.csv", "type,name,notice,furigana"))
        return []
    column = {name: index for index, name in enumerate(header)}
    items = []
    for line, cells in rows[1:]:
        cells = cells + [""] * (len(header) - len(cells))

        def cell(name: str, cells: list[str] = cells) -> str:
            return cells[column[name]] if name in column else ""

        category, name = cell(kind), cell("name")
        if not category or not name:
            problems.add(
                f"target.csv {line}行目: 区分（{kind}）と品目名（name）が必要です。"
            )
        elif len(name) > 60:
            problems.add(
                f"target.csv {line}行目: 品目名は60文字までです（{name[:20]}…）。"
            )
        elif len(category) > 40:
            problems.add(f"target.csv {line}行目: 区分名は40文字までです。")
        else:
            items.append(ItemRow(category, name, cell("notice"), cell("furigana")))
    return items


def _read_area_days(
    text: str,
    remarks: dict[str, str],
    center_names: set[str],
    problems: _Problems,
) -> tuple[list[str], list[AreaRow]]:
    rows = _rows("area_days.csv", text)
    header = rows[0][1]
    if len(header) < 3 or "センター" not in _nfkc(header[1]):
        problems.add(
            _header_problem(
                "area_days.csv", "地名,センター,燃やすごみ,…（区分ごとの列）"
            )
        )
        return [], []
    columns = header[2:]
    for index, name in enumerate(columns):
        if not name:
            problems.add(f"area_days.csv 1行目: {index + 3}列目の区分名が空です。")
        elif name in columns[:index]:
            problems.add(f"area_days.csv 1行目: 区分「{name}」の列が2つあります。")
    areas: list[AreaRow] = []
    seen: set[str] = set()
    for line, cells in rows[1:]:
        if len(cells) != len(header):
            problems.add(
                f"area_days.csv {line}行目: 列の数が見出しと違います"
                f"（見出し{len(header)}列、この行{len(cells)}列）。"
            )
            continue
        name, center = cells[0], cells[1]
        if not name:
            problems.add(f"area_days.csv {line}行目: 地名が空です。")
            continue
        if name in seen:
            problems.add(f"area_days.csv {line}行目: 地名「{name}」が2回あります。")
            continue
        seen.add(name)
        if center and center not in center_names:
            problems.add(
                f"area_days.csv {line}行目: センター「{center}」が center.csv にありません。"
            )
        area = AreaRow(name=name, center=center)
        for category, value in zip(columns, cells[2:], strict=True):
            try:
                rules, dates = parse_cell(value, remarks)
            except CellError as error:
                problems.add(
                    f"area_days.csv {line}行目「{name}」の「{category}」: "
                    f"「{error.token}」は読み取れない表記です。{error.hint}"
                )
                continue
            if rules:
                area.rules[category] = rules
            if dates:
                area.extra_dates[category] = dates
        areas.append(area)
    return columns, areas


def plan_import(
    files: dict[str, bytes], known_centers: set[str] = frozenset()
) -> ImportPlan:
    """Check every file; raise ``Import5374Error`` listing all problems found."""
    problems = _Problems()
    plan = ImportPlan()
    texts: dict[str, str] = {}
    for name, data in files.items():
        base = name.replace("\\", "/").rsplit("/", 1)[-1]
        if base not in FILE_NAMES:
            plan.warnings.append(
                f"{base} は5374形式のファイルではないため読み飛ばしました。"
            )
            continue
        try:
            texts[base] = decode(base, data)
        except Import5374Error as error:
            problems.messages += error.problems
    if "area_days.csv" not in texts and not problems.messages:
        problems.add(
            "area_days.csv がありません。収集日のCSVファイルを選んでください。"
        )
    problems.raise_if_any()

    remarks = (
        _read_remarks(texts["remarks.csv"], problems) if "remarks.csv" in texts else {}
    )
    if "center.csv" in texts:
        plan.centers = _read_centers(texts["center.csv"], problems)
    if "description.csv" in texts:
        plan.categories = _read_description(texts["description.csv"], problems)
    if "target.csv" in texts:
        plan.items = _read_targets(texts["target.csv"], problems)
    plan.columns, plan.areas = _read_area_days(
        texts["area_days.csv"],
        remarks,
        set(plan.centers) | set(known_centers),
        problems,
    )
    problems.raise_if_any()

    counts = Counter(item.name for item in plan.items)
    duplicates = sorted(name for name, count in counts.items() if count > 1)
    if duplicates:
        plan.warnings.append(
            "target.csv に同じ品目名が複数あります（後の行を使います）: "
            + "、".join(duplicates[:10])
            + ("…" if len(duplicates) > 10 else "")
        )
    return plan


#: A generous limit per file; the real Kanazawa data is about 100 kB.
MAX_FILE_BYTES = 20 * 1024 * 1024


def read_upload(name: str, data: bytes) -> dict[str, bytes]:
    """A zip (as exported) or a single CSV → {file name: bytes}."""
    if name.lower().endswith(".zip") or data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                # Only the five 5374 files are read (ZipExtFile stops at the
                # declared size, so a bomb cannot grow past the limit).
                return {
                    info.filename: archive.read(info)
                    for info in archive.infolist()
                    if info.filename.rsplit("/", 1)[-1] in FILE_NAMES
                    and info.file_size <= MAX_FILE_BYTES
                }
        except zipfile.BadZipFile:
            raise Import5374Error([f"{name}: zipファイルとして開けません。"]) from None
    return {name: data}
