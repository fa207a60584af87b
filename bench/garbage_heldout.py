"""Held-out quality of the garbage search: what a resident would get, per kind of query.

Reads a frozen set (``tests/search/heldout/*.tsv``; never edited after it was written)
and scores the decision the chat makes for each query against the demo guide:
an intent (days, shelters, disaster info), a direct answer, a choice, or nothing.

    .venv/bin/python -m bench.garbage_heldout [set.tsv] [--write]

Figures, per kind and overall:
- top-1: in-guide queries whose first-ranked item is right (for ``cat:`` any item of
  the category; for ``amb:`` a choice naming every candidate; for intents the intent);
- at-once: answered directly and right;
- confident-wrong: answered directly and wrong (share of ALL queries);
- not-in-guide confident: ``none`` queries answered directly.
"""

from collections import defaultdict
from dataclasses import dataclass
import inspect
from pathlib import Path
import sys
import time

from home.demo_content import GARBAGE_ITEMS
from search.garbage import CHOICES_LIMIT, Entry, SearchIndex


HELDOUT = Path(__file__).resolve().parent.parent / "tests/search/heldout"
DEFAULT_SET = HELDOUT / "heldout_2026_12.tsv"
SYNONYMS = Path(__file__).resolve().parent.parent / "home/data/garbage_synonyms.tsv"


@dataclass(frozen=True)
class HeldOutQuery:
    kind: str
    query: str
    expected: str


@dataclass(frozen=True)
class Outcome:
    """What the chat would do: ``intent`` set, or an ``answer`` (item names), or choices."""

    intent: str | None
    answer: tuple[str, ...]
    choices: tuple[str, ...]
    first: str | None


def load(path: Path = DEFAULT_SET) -> list[HeldOutQuery]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, query, expected = line.split("\t")
        rows.append(HeldOutQuery(kind, query, expected))
    return rows


CATEGORY_OF = {item["name"]: item["category"] for item in GARBAGE_ITEMS}


def demo_index() -> SearchIndex:
    with_group = "group" in inspect.signature(Entry).parameters
    entries = []
    use_synonyms = with_group and "--no-synonyms" not in sys.argv
    synonyms = demo_synonyms() if use_synonyms else {}
    for key, item in enumerate(GARBAGE_ITEMS):
        fields = {
            "key": key,
            "name": item["name"],
            "reading": item.get("reading", ""),
            "aliases": item.get("aliases", []),
        }
        if with_group:
            from search.readings import readings_for

            fields["group"] = item["category"]
            fields["readings"] = readings_for(item["name"], item.get("aliases", []))
            fields["synonyms"] = synonyms.get(item["name"], [])
        entries.append(Entry(**fields))
    return SearchIndex(entries)


def demo_synonyms() -> dict[str, list[str]]:
    """Item name → the seeded synonym words for it (``home/data/garbage_synonyms.tsv``)."""
    try:
        from search.synonyms import parse_synonyms
    except ImportError:
        return {}
    words_of: dict[str, list[str]] = defaultdict(list)
    for word, items in parse_synonyms(SYNONYMS.read_text(encoding="utf-8")):
        for item in items:
            words_of[item].append(word)
    return words_of


def decide(index: SearchIndex, query: str) -> Outcome:
    """The chat's decision for ``query``, without a database."""
    names = {key: item["name"] for key, item in enumerate(GARBAGE_ITEMS)}
    try:
        from search.intents import recognise_intent
    except ImportError:  # the search before issue 23: only exact command words
        from search.text import compact

        commands = {"今日のごみ": "today", "収集日": "schedule", "避難所": "shelter"}
        commands["防災情報"] = "disaster"
        intent = commands.get(compact(query))
        intent = {compact(k): v for k, v in commands.items()}.get(compact(query))
    else:
        from home.demo_content import GARBAGE_CATEGORIES
        from search.intents import CategoryWords

        categories = [CategoryWords(c["slug"], c["name"]) for c in GARBAGE_CATEGORIES]
        found = recognise_intent(query, categories)
        intent = found.label if found else None
    if intent:
        return Outcome(intent, (), (), None)
    result = index.lookup(query, CHOICES_LIMIT)
    ranked = tuple(names[match.key] for match in result.matches)
    answer = getattr(result, "answer", None)
    if answer is not None:
        answered = tuple(names[match.key] for match in answer)
    else:
        answered = ranked[:1] if result.is_confident else ()
    return Outcome(
        None, answered, () if answered else ranked, ranked[0] if ranked else None
    )


def _is_right_item(expected: str, name: str | None) -> bool:
    if name is None:
        return False
    if expected.startswith("cat:"):
        return CATEGORY_OF.get(name) == expected[4:]
    return name == expected


@dataclass
class Score:
    top1: bool
    at_once: bool
    confident_wrong: bool


def score(row: HeldOutQuery, outcome: Outcome) -> Score:
    expected = row.expected
    if expected == "none":
        return Score(not outcome.answer, not outcome.answer, bool(outcome.answer))
    if expected.startswith("intent:"):
        want = expected[len("intent:") :]
        if outcome.intent is not None:
            right = outcome.intent == want
            return Score(right, right, False)
        if want.startswith("day:") and outcome.answer:
            right = all(CATEGORY_OF[n] == want[4:] for n in outcome.answer)
            return Score(right, right, not right)
        return Score(False, False, bool(outcome.answer))
    if expected.startswith("amb:"):
        wanted = set(expected[4:].split("|"))
        right = not outcome.answer and wanted <= set(outcome.choices)
        return Score(right, right, bool(outcome.answer))
    if outcome.answer:
        right = all(_is_right_item(expected, name) for name in outcome.answer)
        return Score(right, right, not right)
    return Score(_is_right_item(expected, outcome.first), False, False)


def evaluate(rows: list[HeldOutQuery], verbose: bool = False) -> dict[str, dict]:
    index = demo_index()
    per_kind: dict[str, list[tuple[HeldOutQuery, Score]]] = defaultdict(list)
    for row in rows:
        outcome = decide(index, row.query)
        result = score(row, outcome)
        per_kind[row.kind].append((row, result))
        if verbose and not result.top1 or verbose and result.confident_wrong:
            print(
                f"{'WRONG' if result.confident_wrong else 'miss '} {row.kind:13} "
                f"{row.query} → expected {row.expected}; got "
                f"intent={outcome.intent} answer={list(outcome.answer)} "
                f"choices={list(outcome.choices)[:5]}"
            )
    figures: dict[str, dict] = {}
    every = [pair for pairs in per_kind.values() for pair in pairs]
    for kind, pairs in [*sorted(per_kind.items()), ("ALL", every)]:
        in_guide = [s for r, s in pairs if r.expected != "none"]
        none = [s for r, s in pairs if r.expected == "none"]
        figures[kind] = {
            "n": len(pairs),
            "top1": sum(s.top1 for s in in_guide) / len(in_guide) if in_guide else None,
            "at_once": sum(s.at_once for s in in_guide) / len(in_guide)
            if in_guide
            else None,
            "confident_wrong": sum(s.confident_wrong for _, s in pairs) / len(pairs),
            "none_confident": sum(s.confident_wrong for s in none) / len(none)
            if none
            else None,
        }
    return figures


def table(figures: dict[str, dict]) -> str:
    def pct(value: float | None) -> str:
        return "–" if value is None else f"{100 * value:.1f} %"

    lines = [
        "| kind | n | top-1 (in guide) | right at once | confident wrong | not-in-guide confident |",
        "|---|---|---|---|---|---|",
    ]
    for kind, f in figures.items():
        lines.append(
            f"| {kind} | {f['n']} | {pct(f['top1'])} | {pct(f['at_once'])} | "
            f"{pct(f['confident_wrong'])} | {pct(f['none_confident'])} |"
        )
    return "\n".join(lines)


NOTES = """\
Read with care:
- Before issue 23 the same set gave: top-1 60.0 %, right at once 46.1 %, confident
  wrong 4.40 % of all queries, not-in-guide confident 6.7 % (English 3.2 %, brands
  22.2 %, sentences 54.3 %, intents 10.2 %, ambiguous words confidently answered 65 %).
- The seeded synonym list (`home/data/garbage_synonyms.tsv`) was written by the same
  person who wrote the held-out set, after it: for the english, brand, old_regional and
  ambiguous kinds these figures are therefore NOT held-out figures. Without the synonym
  list (`--no-synonyms`): top-1 80.7 %, right at once 75.0 %, confident wrong 0.63 %,
  not-in-guide confident 1.3 % (english 3.2 %, brand 23.8 %, ambiguous 80.0 %). A fresh
  set written by someone else is the next honest measurement.
- The other kinds (kana, katakana, halfwidth, romaji, typo, colloquial, sentence, intent,
  not_in_guide, plain: 729 queries) do not depend on the list: top-1 98.5 %, right at
  once 91.9 %, confident wrong 0.14 %.
- Targets: top-1 ≥ 95 % (met), confident wrong ≤ 0.5 % (met: 0.10 %), not-in-guide
  confident ≤ 1 % (missed: 1.3 %, one query of 75: 「ボタンが取れた服の直し方」 answers
  古着)."""

START_MARKER = "<!-- bench:garbage_heldout -->"
END_MARKER = "<!-- /bench:garbage_heldout -->"


def main() -> None:
    args = [arg for arg in sys.argv[1:] if not arg.startswith("-")]
    path = Path(args[0]) if args else DEFAULT_SET
    rows = load(path)
    figures = evaluate(rows, verbose="-v" in sys.argv)
    every = figures["ALL"]
    print(
        f"garbage_heldout: {len(rows)} queries ({path.name}): top-1 in guide "
        f"{100 * every['top1']:.1f}%, right at once {100 * every['at_once']:.1f}%, "
        f"confident wrong {100 * every['confident_wrong']:.2f}%, not-in-guide "
        f"confident {100 * every['none_confident']:.1f}%"
    )
    print(table(figures))
    if "--write" in sys.argv and path.resolve() != DEFAULT_SET.resolve():
        # docs/benchmarks.md keeps another set's first (blind) figures by hand; a
        # rewrite would replace them with tuned ones.
        print(
            f"--write only updates the {DEFAULT_SET.name} section; record {path.name} by hand"
        )
    elif "--write" in sys.argv:
        from bench.garbage_search import machine, replace_section

        section = "\n".join(
            [
                START_MARKER,
                "## Garbage search on held-out queries",
                "",
                f"- Set: `tests/search/heldout/{path.name}` ({len(rows)} queries, "
                "frozen before the search was read or run; never edited).",
                f"- Machine: {machine()}; run {time.strftime('%Y-%m-%d %H:%M %Z')}.",
                "- Reproduce: `.venv/bin/python -m bench.garbage_heldout --write`",
                "",
                table(figures),
                "",
                NOTES,
                END_MARKER,
            ]
        )
        replace_section(START_MARKER, END_MARKER, section)


if __name__ == "__main__":
    main()
