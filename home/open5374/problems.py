"""What is wrong with 5374 files, in Japanese, grouped so 1,000 equal errors make one line."""

from dataclasses import dataclass, field


class Import5374Error(Exception):
    """The files cannot be imported; ``problems`` says why, in Japanese.

    ``skippable`` is true when every problem is in single rows: staff may then choose
    「問題のある行を飛ばして取り込む」 and import the rest.
    """

    def __init__(self, problems: list[str], skippable: bool = False):
        super().__init__("\n".join(problems))
        self.problems = problems
        self.skippable = skippable


#: Row numbers shown per grouped problem; the total is always given.
ROWS_SHOWN = 20


@dataclass
class Finding:
    """One kind of problem in one file, with every row it was seen on."""

    file: str
    message: str
    rows: list[tuple[int, str]] = field(default_factory=list)

    def __str__(self) -> str:
        if not self.rows:
            return f"{self.file}: {self.message}"
        places = "、".join(
            f"{line}行目" + (f"（{label}）" if label else "")
            for line, label in self.rows[:ROWS_SHOWN]
        )
        if len(self.rows) > ROWS_SHOWN:
            places += f" ほか{len(self.rows) - ROWS_SHOWN}行（計{len(self.rows)}行）"
        return f"{self.file} {places}: {self.message}"


class Findings:
    """Problems grouped by file and message, so 1,000 equal errors make one line."""

    def __init__(self) -> None:
        self._groups: dict[tuple[str, str], Finding] = {}

    def add(self, file: str, message: str, line: int = 0, label: str = "") -> None:
        finding = self._groups.setdefault((file, message), Finding(file, message))
        if line:
            finding.rows.append((line, label))

    def __bool__(self) -> bool:
        return bool(self._groups)

    def __len__(self) -> int:
        return len(self._groups)

    def messages(self) -> list[str]:
        return [str(finding) for finding in self._groups.values()]

    def rows(self) -> int:
        return sum(len(finding.rows) for finding in self._groups.values())


class Check:
    """What reading the files found: fatal file problems, bad rows, warnings."""

    def __init__(self) -> None:
        self.fatal: list[str] = []
        self.bad_rows = Findings()
        self.warnings = Findings()

    def file_problem(self, message: str) -> None:
        self.fatal.append(message)

    def bad_row(self, file: str, line: int, label: str, message: str) -> None:
        self.bad_rows.add(file, message, line, label)

    def warn(self, file: str, message: str, line: int = 0, label: str = "") -> None:
        self.warnings.add(file, message, line, label)
