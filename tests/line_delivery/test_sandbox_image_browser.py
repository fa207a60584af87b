"""The sandbox chat shows a news page's main image on the http demo, and says why.

LINE shows only https images, so on an http site (``make run``) the message leaves the
hero out. The sandbox is this site showing what a phone would (it never talks to
LINE), so it shows the same-origin picture with a note that real phones get it only
once the site is on https; the field's help text says the same.
"""

import pytest

from line_delivery.models import SandboxMessage
from tests.browser import serve_media, sign_in_browser
from tests.factories import NewsIndexPageFactory, NewsPageFactory

from .conftest import make_friend


pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_sandbox_chat_shows_the_main_image_with_an_https_note(
    live_server, sandbox, desktop, shoot, django_user_model, home_page, settings
):
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    settings.WAGTAILADMIN_BASE_URL = live_server.url  # the demo: plain http
    friend = make_friend()
    image = get_image_model().objects.create(
        title="写真", file=get_test_image_file(colour="#1D4E89", size=(1040, 676))
    )
    page = NewsPageFactory(
        parent=NewsIndexPageFactory(parent=home_page),
        title="市民まつりのご案内",
        main_image=image,
        main_image_alt="市民まつりの会場",
        live=False,
    )
    page.save_revision().publish()
    [received] = SandboxMessage.objects.filter(friend=friend)
    assert "hero" not in received.message["contents"]  # what LINE got: no http image

    user = django_user_model.objects.create_superuser(
        "sandbox-image", "s@example.jp", "x-Unused-Password-1"
    )
    sign_in_browser(desktop.context, live_server, user)
    serve_media(desktop)
    desktop.goto(f"{live_server.url}/admin/line/sandbox/{friend.pk}/")
    picture = desktop.locator("[data-sandbox-chat] img.flex-image")
    picture.wait_for()
    assert picture.get_attribute("src").startswith("/media/images/")  # same origin
    assert picture.evaluate(
        "img => img.complete && img.naturalWidth > 0"
        " || new Promise(done => img.addEventListener('load', () => done(true)))"
    )
    note = desktop.locator("[data-sandbox-chat] .line-image-note")
    assert "画像はhttpsで公開したときにLINEに表示されます" in note.inner_text()
    shoot(desktop, "sandbox-chat-with-image")

    desktop.goto(f"{live_server.url}/admin/pages/{page.pk}/edit/")
    desktop.get_by_text("メイン画像の代替テキスト").first.wait_for()
    assert "LINEの通知には、サイトが https で公開されているときだけ表示されます" in (
        desktop.locator("main").inner_text()
    )
