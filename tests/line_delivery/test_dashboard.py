"""The admin home shows LINE at a glance, in Japanese, with tables behind the charts."""

import json
import re

import pytest

from tests.factories import DisasterIndexPageFactory

from .dashboard_data import fill_dashboard


pytestmark = pytest.mark.django_db


def test_dashboard_panels_show_the_figures_and_quick_actions(
    admin_client, home_page, news_index
):
    DisasterIndexPageFactory(parent=home_page)
    fill_dashboard()
    html = admin_client.get("/admin/").content.decode()
    assert "LINEの状況" in html
    assert "data-friends-now>40 人" in html
    assert "今週" in html and "ブロック（週ごと）" in html
    assert "大雨への備え" in html and "<strong>10 人</strong>" in html
    assert "承認待ちのページ" in html
    assert "大竹市総合市民会館" in html and "通常モード" in html
    assert "炊飯器" in html
    assert "<td>ごみ</td><td>54</td>" in html
    assert "お知らせを書く" in html and "防災情報を出す" in html
    assert "vendor/chartjs/chart.umd.min.js" in html
    assert 'id="friends-chart"' in html and "表で見る" in html
    chart = json.loads(
        re.search(r'id="friends-chart" type="application/json">(.*?)</script>', html)[1]
    )
    ours, lines = chart["datasets"]  # LINE's own series too, once it has been read
    assert lines["label"] == "LINEの集計（追加の累計−ブロック）"
    assert ours["data"][-1] == 40 and lines["data"][-2] == 45 - 6


def test_roles_without_delivery_rights_see_no_line_panel(client, django_user_model):
    from tests.auth import sign_in_verified

    user = django_user_model.objects.create_user("nobody", password="x-Long-pw-2026")
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    sign_in_verified(client, user)
    html = client.get("/admin/").content.decode()
    assert "LINEの状況" not in html
