"""Staff keep the synonym list (ごみの言い換え) in the admin; the chat uses it at once."""

from django.contrib.auth import get_user_model
from django.urls import reverse

import pytest

from home.models import GarbageSynonym
from line_delivery.chat.text import garbage_search
from tests.auth import sign_in_verified
from tests.factories import GarbageCategoryFactory, GarbageItemFactory


pytestmark = pytest.mark.django_db


def test_staff_add_an_english_word_and_the_search_finds_the_item(client):
    unburnable = GarbageCategoryFactory(name="燃やせないごみ", slug="moyasenai")
    umbrella = GarbageItemFactory(name="傘", category=unburnable)
    assert not garbage_search("umbrella").is_confident  # builds the index first
    staff = get_user_model().objects.create_superuser("staff", "s@example.jp", "pw")
    sign_in_verified(client, staff)
    url = reverse("wagtailsnippets_home_garbagesynonym:add")
    assert "言い換え" in client.get(url).content.decode()
    response = client.post(url, {"word": "umbrella", "items": [umbrella.pk]})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(GarbageSynonym.objects.get(word="umbrella").items.all()) == [umbrella]
    result = garbage_search("Umbrella")
    assert result.is_confident and result.best.key == umbrella.pk


def test_seed_demo_loads_the_synonym_list_from_its_data_file():
    from io import StringIO

    from home.management.commands.seed_demo import Command

    unburnable = GarbageCategoryFactory(name="燃やせないごみ", slug="moyasenai")
    umbrella = GarbageItemFactory(name="傘", category=unburnable)
    command = Command(stdout=StringIO())
    command.seed_garbage_synonyms()
    assert list(GarbageSynonym.objects.get(word="umbrella").items.all()) == [umbrella]
    command.seed_garbage_synonyms()  # a second run adds nothing twice
    assert GarbageSynonym.objects.filter(word="umbrella").count() == 1
