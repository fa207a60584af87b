"""The synonym list: residents' words (English, brands, old and regional words) → items.

Staff edit it as a snippet (``home.models.GarbageSynonym``); the seed is a plain data
file of lines ``word<TAB>item name|item name…`` (``#`` starts a comment). A word that
names items of several categories (廃油: 食用油 and エンジンオイル) makes the chat
offer all of them.
"""

from collections.abc import Iterator


def parse_synonyms(text: str) -> Iterator[tuple[str, list[str]]]:
    """``(word, [item names])`` for each line of a synonym file."""
    for line in text.splitlines():
        line = line.split("#", 1)[0].rstrip()
        if not line.strip() or "\t" not in line:
            continue
        word, items = line.split("\t", 1)
        names = [name.strip() for name in items.split("|") if name.strip()]
        if word.strip() and names:
            yield word.strip(), names
