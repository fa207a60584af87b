from django.urls import path

from . import views


app_name = "manual"
urlpatterns = [
    path("", views.index, name="index"),
    path("print/", views.printable, name="print"),
    path("screens/<slug:name>.png", views.screenshot, name="screenshot"),
    path("<slug:slug>/", views.chapter, name="chapter"),
]
