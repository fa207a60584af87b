"""``/line/rm/<line menu>/<area>/``: count a rich-menu link tap, then open the target."""

from django.http import Http404, HttpRequest, HttpResponseRedirect

from .stats import count_tap


def rich_menu_link(
    request: HttpRequest, line_menu_id: int, area_key: str
) -> HttpResponseRedirect:
    # The target comes from our own record of the menu, never from the URL: no open
    # redirect, and an old menu's links keep working after staff change the menu.
    tap = count_tap(line_menu_id, area_key)
    if tap is None or not tap.area.get("target"):
        raise Http404
    return HttpResponseRedirect(tap.area["target"])
