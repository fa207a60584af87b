"""本番接続: a database that ran seed_demo goes live on a real channel (the strict fake).

The demo leaves nothing behind: the sandbox's 1,000 made-up friends never reach a
real channel's audience, the rich menus are created on the real channel (and made
its default), and switching back to the sandbox for training finds its own menus.
"""

import io

from django.core.management import CommandError, call_command

import pytest

from home.models import NewsIndexPage, NewsPage, Topic
from line_delivery import client
from line_delivery.audience import audience_friends
from line_delivery.models import Delivery, Friend
from line_delivery.rich_menus import publish as rich_menu_publish
from line_delivery.rich_menus.models import LineRichMenu, RichMenu, RichMenuDefault
from line_delivery.sandbox import sandbox_app


pytestmark = pytest.mark.django_db
WEBHOOK_URL = "https://line.city.example.jp/line/webhook/"


@pytest.fixture
def seeded_demo(settings, django_capture_on_commit_callbacks):
    """seed_demo on the sandbox, exactly as ``make run`` does it."""
    settings.LINE_CHANNEL_ACCESS_TOKEN = ""
    settings.LINE_SANDBOX = False
    client.reset_clients()
    sandbox_app.cache_clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=io.StringIO())
    assert Friend.objects.filter(is_sandbox=True).count() >= 900
    assert LineRichMenu.objects.filter(channel="sandbox", status="ready").count() == 2
    # seed_demo makes the 通常 menu the default right after publishing it; here the
    # publish ran when the captured callbacks did, so the default is set once more.
    if RichMenuDefault.load().menu is None:
        assert rich_menu_publish.set_default(RichMenu.Purpose.NORMAL).ok
    yield
    client.reset_clients()
    sandbox_app.cache_clear()


@pytest.fixture
def real_channel(seeded_demo, line_channel, settings):
    settings.LINE_LIFF_ID = "1234567890-AbCdEfGh"
    settings.LINE_LOGIN_CHANNEL_ID = "1234567890"
    return line_channel


def go_live(*args, capture=None):
    out = io.StringIO()
    if capture is not None:
        with capture(execute=True):
            call_command("go_live", "--webhook-url", WEBHOOK_URL, *args, stdout=out)
    else:
        call_command("go_live", "--webhook-url", WEBHOOK_URL, *args, stdout=out)
    return out.getvalue()


def test_the_plan_is_shown_before_anything_is_done(real_channel):
    shown = go_live()
    assert "Test Bot" in shown or "アカウント名" in shown
    assert "リッチメニュー「" in shown and "作成します" in shown
    assert "配信の対象外" in shown
    assert "--yes" in shown
    assert real_channel.app.rich_menus == {}, "nothing was created yet"
    assert real_channel.app.webhook_endpoint is None


def test_going_live_leaves_the_demo_behind(
    real_channel, django_capture_on_commit_callbacks
):
    sandbox_ids = set(
        Friend.objects.filter(is_sandbox=True).values_list("line_user_id", flat=True)
    )
    done = go_live("--yes", capture=django_capture_on_commit_callbacks)
    assert "本番接続しました" in done

    app = real_channel.app
    assert app.webhook_endpoint == WEBHOOK_URL
    assert len(app.rich_menus) == 2, "both demo menus were created on the real channel"
    assert app.default_rich_menu in app.rich_menus
    assert set(app.aliases.values()) <= set(app.rich_menus)
    on_real = LineRichMenu.objects.on_current_channel().filter(status="ready")
    assert {m.line_rich_menu_id for m in on_real} == set(app.rich_menus)

    # A page on one topic, published on the real channel after going live. Many
    # sandbox friends chose that topic; none of them may be sent to.
    topic, other = Topic.objects.all()[:2]
    real = [Friend.objects.create(line_user_id=f"U{i:032x}") for i in range(1, 4)]
    for friend in real:
        friend.topics.set([topic])
    Friend.objects.create(line_user_id="U" + "b" * 32).topics.set([other])
    assert Friend.objects.filter(is_sandbox=True, topics=topic).exists()
    index = NewsIndexPage.objects.get()
    page = NewsPage(
        title="本番の最初のお知らせ", slug="first-real", summary="本番です。"
    )
    page.topics = [topic]
    with django_capture_on_commit_callbacks(execute=True):
        index.add_child(instance=page)
        page.save_revision().publish()
    assert set(audience_friends(page)) == set(real)
    delivery = Delivery.objects.get(page=page)
    assert (delivery.status, delivery.total_recipients) == ("completed", 3)
    counts = real_channel.delivery_counts()
    assert not counts.keys() & sandbox_ids, "LINE got a sandbox friend's id"
    assert counts == {f.line_user_id: 1 for f in real}


def test_sandbox_friends_are_removed_in_one_action(
    real_channel, django_capture_on_commit_callbacks
):
    real = Friend.objects.create(line_user_id="U" + "a" * 32)
    go_live(
        "--yes", "--remove-sandbox-friends", capture=django_capture_on_commit_callbacks
    )
    assert list(Friend.objects.all()) == [real]


def test_switching_back_to_the_sandbox_finds_its_own_menus(
    real_channel, settings, django_capture_on_commit_callbacks
):
    go_live("--yes", capture=django_capture_on_commit_callbacks)
    settings.LINE_CHANNEL_ACCESS_TOKEN = ""
    client.reset_clients()
    sandbox_app.cache_clear()
    shown = go_live()
    assert "作成します" not in shown, "the sandbox's menus are still there"
    done = go_live("--yes", capture=django_capture_on_commit_callbacks)
    assert "サンドボックスに接続しました" in done
    assert sandbox_app().default_rich_menu is not None


def test_a_refused_token_stops_before_any_change(real_channel, settings):
    settings.LINE_CHANNEL_ACCESS_TOKEN = "not-the-channels-token"
    client.reset_clients()
    shown = go_live()
    assert "[NG] チャネルアクセストークン" in shown
    with pytest.raises(CommandError):
        go_live("--yes")
    assert real_channel.app.webhook_endpoint is None
    assert real_channel.app.rich_menus == {}


def test_the_admin_step_shows_the_bot_and_goes_live_for_city_admins(
    real_channel, admin_client, django_capture_on_commit_callbacks
):
    page = admin_client.get("/admin/line/go-live/")
    assert page.status_code == 200
    html = page.content.decode()
    bot = real_channel.app.bot_info
    assert bot["displayName"] in html
    assert "実行すること" in html and "作成します" in html
    assert real_channel.app.rich_menus == {}

    with django_capture_on_commit_callbacks(execute=True):
        done = admin_client.post(
            "/admin/line/go-live/",
            {"confirm": "yes", "webhook_url": WEBHOOK_URL},
            follow=True,
        )
    assert "本番のLINEチャネルに接続しました" in done.content.decode()
    assert real_channel.app.webhook_endpoint == WEBHOOK_URL
    assert len(real_channel.app.rich_menus) == 2

    admin_client.post("/admin/line/go-live/remove-sandbox-friends/")
    assert not Friend.objects.filter(is_sandbox=True).exists()


def test_only_city_admins_may_go_live(client, django_user_model, real_channel):
    from django.contrib.auth.models import Permission

    from tests.auth import sign_in_verified

    editor = django_user_model.objects.create_user("editor", password="x" * 16)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    sign_in_verified(client, editor)
    # Refused (Wagtail turns the 403 into a redirect to the dashboard with a message).
    assert client.get("/admin/line/go-live/").status_code in (302, 403)
    refused = client.post("/admin/line/go-live/", {"confirm": "yes"})
    assert refused.status_code in (302, 403)
    assert refused.get("Location", "/admin/") == "/admin/"
    assert real_channel.app.webhook_endpoint is None
