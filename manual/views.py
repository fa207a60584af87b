"""The manual's pages: contents with search, a chapter, the printable whole.

Screenshots come from ``MANUAL_SCREENS_DIR`` (``var/manual-screens/``) when the
browser test has just taken them, else from the copy committed in ``manual/screens/``
(``make manual-screens`` refreshes it), so a deployed product shows them too.
"""

from pathlib import Path
import re

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.html import strip_tags

from search.text import normalize

from .chapters import BY_SLUG, CHAPTERS, Chapter


COMMITTED_SCREENS = Path(__file__).resolve().parent / "screens"
# Words are split on spaces, full-width (全角) ones included.
WORD_SPLIT = re.compile(r"[\s\u3000]+")
# A sentence ends at 。！？ or a line break (the chapters' text has one per element).
SENTENCE_END = re.compile(r"(?<=[。！？])|\n")


def screens_dir() -> Path:
    return Path(settings.MANUAL_SCREENS_DIR)


def screen_file(name: str) -> Path | None:
    """The freshest picture of ``name``: just taken, else the committed copy."""
    for folder in (screens_dir(), COMMITTED_SCREENS):
        path = folder / f"{name}.png"
        if path.exists():
            return path
    return None


def _shots(chapter: Chapter) -> list[dict]:
    return [
        {
            "name": name,
            "caption": caption,
            "exists": screen_file(name) is not None,
            "public": chapter.public,
        }
        for name, _path, caption in chapter.shots
    ]


def _body(chapter: Chapter) -> str:
    return render_to_string(f"manual/chapters/{chapter.slug}.html")


def _matching_sentences(text: str, words: list[str]) -> str:
    """The sentences that show the words, fewest first: the one with most of them,
    then one for each word still missing (a full sentence beats a heading)."""
    sentences = [s.strip() for s in SENTENCE_END.split(text) if s and s.strip()]
    chosen: list[str] = []
    missing = set(words)
    while missing:
        best = max(
            sentences,
            key=lambda s: (sum(w in normalize(s) for w in missing), min(len(s), 80)),
            default="",
        )
        found = {word for word in missing if word in normalize(best)}
        if not found:
            break  # a word only in the title or summary
        chosen.append(best)
        missing -= found
    return " … ".join(chosen)


def search(query: str) -> list[dict]:
    """Chapters holding every word of ``query`` (split on spaces, 全角 too), most hits
    first, each with the sentences where the words are."""
    words = [normalize(word) for word in WORD_SPLIT.split(query.strip()) if word]
    if not words:
        return []
    results = []
    for order, chapter in enumerate(CHAPTERS):
        text = strip_tags(_body(chapter))
        whole = normalize(f"{chapter.title}\n{chapter.summary}\n{text}")
        if not all(word in whole for word in words):
            continue
        results.append(
            {
                "chapter": chapter,
                "excerpt": _matching_sentences(text, words) or chapter.summary,
                "hits": sum(whole.count(word) for word in words),
                "order": order,
            }
        )
    results.sort(key=lambda result: (-result["hits"], result["order"]))
    return results


def index(request):
    query = request.GET.get("q", "").strip()
    return render(
        request,
        "manual/index.html",
        {"chapters": CHAPTERS, "query": query, "results": search(query)},
    )


def chapter(request, slug: str):
    found = BY_SLUG.get(slug)
    if found is None:
        raise Http404
    return render(
        request,
        "manual/chapter.html",
        {"chapter": found, "body": _body(found), "shots": _shots(found)},
    )


def printable(request):
    return render(
        request,
        "manual/print.html",
        {
            "chapters": [
                {"chapter": c, "body": _body(c), "shots": _shots(c)} for c in CHAPTERS
            ]
        },
    )


def _screenshot_response(name: str, chapters) -> FileResponse:
    known = {shot[0] for chapter in chapters for shot in chapter.shots}
    path = screen_file(name) if name in known else None
    if path is None:
        raise Http404
    return FileResponse(path.open("rb"), content_type="image/png")


def screenshot(request, name: str):
    return _screenshot_response(name, CHAPTERS)


def public_chapter(request, slug: str):
    """A chapter read before signing in (the sign-in screen's own help)."""
    found = BY_SLUG.get(slug)
    if found is None or not found.public:
        raise Http404
    return render(
        request,
        "manual/public_chapter.html",
        {"chapter": found, "body": _body(found), "shots": _shots(found)},
    )


def public_screenshot(request, name: str):
    return _screenshot_response(name, [c for c in CHAPTERS if c.public])
