"""``/api/v1/`` (DRF endpoints), ``/api/schema/``, ``/api/docs/`` and ``/api/widget.js``."""

from django.urls import include, path

from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from . import views
from .docs import ApiDocsView
from .widget import widget_script


router = SimpleRouter(use_regex_path=False)
router.register("disaster-notices", views.DisasterNoticeViewSet, basename="notice")
router.register("news", views.NewsViewSet, basename="news")
router.register("garbage/categories", views.GarbageCategoryViewSet, basename="category")
router.register("garbage/items", views.GarbageItemViewSet, basename="item")
router.register("shelters", views.ShelterViewSet, basename="shelter")
router.register("areas", views.AreaViewSet, basename="area")
router.register("topics", views.TopicViewSet, basename="topic")
router.register("faqs", views.FaqViewSet, basename="faq")
router.register("surveys", views.SurveyViewSet, basename="survey")

v1 = [
    path("garbage/search/", views.GarbageSearchView.as_view(), name="garbage-search"),
    path(
        "collection-days/", views.CollectionDaysView.as_view(), name="collection-days"
    ),
    path("disaster-mode/", views.DisasterModeView.as_view(), name="disaster-mode"),
    *router.urls,
]

urlpatterns = [
    path("v1/", include((v1, "public_api"), namespace="public_api")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", ApiDocsView.as_view(url_name="api-schema"), name="api-docs"),
    path("widget.js", widget_script, name="api-widget"),
]
