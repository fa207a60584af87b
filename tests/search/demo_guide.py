"""What the chat would do with a query on the demo guide, as the chat indexes it (guide +
``home/data/garbage_synonyms.tsv``): the helpers the garbage-search tests share.

The ``index`` fixture (``conftest.py``) builds that index once per test session.
"""

from home.demo_content import GARBAGE_CATEGORIES, GARBAGE_ITEMS
from search.garbage import CHOICES_LIMIT, SearchIndex
from search.intents import CategoryWords, recognise_intent


NAMES = {key: item["name"] for key, item in enumerate(GARBAGE_ITEMS)}
CATEGORIES = [CategoryWords(c["slug"], c["name"]) for c in GARBAGE_CATEGORIES]


def outcome(index: SearchIndex, query: str) -> tuple[bool, list[str]]:
    """(answered directly?, the item names in the order the chat gives them)."""
    result = index.lookup(query, CHOICES_LIMIT)
    return result.is_confident, [NAMES[match.key] for match in result.matches]


def answer(index: SearchIndex, query: str) -> str | None:
    """The item the chat answers directly, or None when it offers a choice."""
    confident, names = outcome(index, query)
    return names[0] if confident else None


def offered(index: SearchIndex, query: str) -> list[str]:
    """The items the chat offers as a choice (empty when it answers directly)."""
    confident, names = outcome(index, query)
    return [] if confident else names


def intent(text: str) -> str | None:
    """The intent (a category's day, shelters, disaster information) it recognises."""
    found = recognise_intent(text, CATEGORIES)
    return found.label if found else None
