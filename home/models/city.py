"""Facts about the city that templates and feeds show (nothing city-specific in code)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting


class CitySettings(BaseGenericSetting):
    """市の基本情報. Registered as a setting in ``home/wagtail_hooks.py``."""

    city_name = models.CharField(_("市区町村名"), max_length=40, default="大竹市")
    city_name_kana = models.CharField(_("よみがな"), max_length=80, blank=True)
    contact = models.CharField(
        _("問い合わせ先"),
        max_length=200,
        blank=True,
        help_text=_("ページの一番下に表示します。例: 大竹市役所 総務課"),
    )
    website_url = models.URLField(_("市の公式サイト"), blank=True)

    panels = [
        FieldPanel("city_name"),
        FieldPanel("city_name_kana"),
        FieldPanel("contact"),
        FieldPanel("website_url"),
    ]

    class Meta:
        verbose_name = _("市の基本情報")
