"""The manual's admin pages: contents with search, a chapter, the printable whole."""

from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.html import strip_tags

from search.text import normalize

from .chapters import BY_SLUG, CHAPTERS, Chapter


def screens_dir() -> Path:
    return Path(settings.MANUAL_SCREENS_DIR)


def _shots(chapter: Chapter) -> list[dict]:
    return [
        {
            "name": name,
            "caption": caption,
            "exists": (screens_dir() / f"{name}.png").exists(),
        }
        for name, _path, caption in chapter.shots
    ]


def _body(chapter: Chapter) -> str:
    return render_to_string(f"manual/chapters/{chapter.slug}.html")


def index(request):
    query = request.GET.get("q", "").strip()
    results = []
    if query:
        wanted = normalize(query)
        for chapter in CHAPTERS:
            text = strip_tags(_body(chapter))
            at = normalize(text).find(wanted)
            if at >= 0 or wanted in normalize(chapter.title):
                start = max(at - 30, 0)
                results.append(
                    {"chapter": chapter, "excerpt": text[start : start + 90]}
                )
    return render(
        request,
        "manual/index.html",
        {"chapters": CHAPTERS, "query": query, "results": results},
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


def screenshot(request, name: str):
    known = {shot[0] for chapter in CHAPTERS for shot in chapter.shots}
    path = screens_dir() / f"{name}.png"
    if name not in known or not path.exists():
        raise Http404
    return FileResponse(path.open("rb"), content_type="image/png")
