"""Accent folding of Latin letters (issue 23, round 7): Japanese text is left alone."""

import pytest

from search.text import fold_accents, has_accents


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("orgânico", "organico"),
        ("colchão", "colchao"),
        ("tủ lạnh", "tu lanh"),
        ("điện thoại", "dien thoai"),
        ("ガラス瓶が割れた", "ガラス瓶が割れた"),  # a kana's ゛ stays
        ("ぱそこん", "ぱそこん"),
    ],
)
def test_fold_accents(text, folded):
    assert fold_accents(text) == folded
    assert has_accents(text) == (text != folded)
