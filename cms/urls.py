from django.conf import settings
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import two_factor
from cms.api import api_router
from cms.feeds import DisasterNoticeFeed, NewsFeed
from cms.health import healthz
from home import views as home_views
from home.views import garbage_calendar_ics
from line_delivery.rich_menus.public_views import rich_menu_link
from line_delivery.webhook import line_webhook
from search import views as search_views


urlpatterns = [
    path("admin/2fa/", include(two_factor.urlpatterns)),
    path("admin/", include(wagtailadmin_urls)),
    # The sign-in chapter of the 操作マニュアル, for staff who cannot sign in yet.
    path("manual/", include("manual.public_urls")),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", search_views.search, name="search"),
    path("shelters/", home_views.shelters, name="shelters"),
    path("feeds/news/", NewsFeed(), name="feed_news"),
    path("feeds/disaster/", DisasterNoticeFeed(), name="feed_disaster"),
    path(
        "garbage/calendar/<int:area_id>.ics",
        garbage_calendar_ics,
        name="garbage_calendar_ics",
    ),
    path("api/v2/", api_router.urls),
    path("api/", include("public_api.urls")),
    path("line/webhook/", line_webhook, name="line_webhook"),
    path(
        "line/rm/<int:line_menu_id>/<str:area_key>/",
        rich_menu_link,
        name="rich_menu_link",
    ),
    path("healthz", healthz, name="healthz"),
    path("liff/surveys/", include("line_delivery.surveys.urls")),
    path("liff/reports/", include("line_delivery.reports.urls")),
    path("open311/v2/", include("line_delivery.reports.open311_urls")),
    path("liff/", include("line_delivery.liff.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Refusals: a Japanese 403 page (inside the admin layout for admin URLs), audited.
handler403 = "cms.permission_denied.permission_denied_view"

# Wagtail's page serving catches every other URL, so it comes last.
urlpatterns += [path("", include(wagtail_urls))]
