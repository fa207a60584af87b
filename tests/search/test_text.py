"""Japanese normalisation and bigrams: the rules residents' spellings rely on."""

from search.text import (
    MAX_QUERY_LENGTH,
    compact,
    index_text,
    normalize,
    phonetic_key,
    query_text,
    tokens,
    words,
)


def test_width_and_kana_variants_normalise_to_one_form():
    assert normalize("ゴミ") == normalize("ごみ") == normalize("ｺﾞﾐ") == "ごみ"
    assert normalize("ＰＥＴボトル") == "petぼとる"
    assert normalize("ペットボトル") == normalize("ぺっとぼとる")


def test_dash_variants_become_the_long_vowel_mark():
    assert normalize("ボ－ル") == normalize("ボール") == normalize("ﾎﾞｰﾙ")


def test_japanese_runs_become_overlapping_bigrams():
    assert list(tokens("収集日")) == ["収集", "集日"]
    assert list(tokens("PETボトル 3本")) == ["pet", "ぼと", "とる", "3", "本"]


def test_query_bigrams_are_all_in_the_index_of_a_sentence_containing_it():
    indexed = set(index_text(["燃えるごみの収集日が変更になります"]).split())
    assert set(query_text("収集日").split()) <= indexed
    assert set(query_text("ｺﾞﾐ").split()) <= indexed
    assert not set(query_text("粗大").split()) <= indexed


def test_single_characters_are_indexed_for_one_character_queries():
    assert "雨" in index_text(["大雨警報"]).split()
    assert query_text("雨") == "雨"


def test_markup_and_sql_leave_only_word_tokens():
    query = query_text("<script>alert(1)</script>'; DROP TABLE pages;--")
    assert set(query.split()) == {"script", "alert", "1", "drop", "table", "pages"}
    assert query_text("!!!？？？") == ""


def test_long_queries_are_cut():
    assert len(query_text("あ" * 10_000).split()) == 1
    assert len(query_text("あい" * 10_000)) <= 3 * MAX_QUERY_LENGTH


def test_compact_drops_spaces_punctuation_and_markup_characters():
    assert compact("ﾍﾟｯﾄ ﾎﾞﾄﾙ？") == compact("ぺっと・ぼとる！") == "ぺっとぼとる"
    assert compact("Ｃ Ｄ") == "cd"
    assert compact("'; --") == ""
    assert words("old TV は？") == ["old", "tv", "は"]


def test_phonetic_key_folds_long_vowels_small_tsu_and_ji_zu():
    spellings = ["だんぼーる", "だんぼおる", "だんぼうる", "だんぼる"]
    assert {phonetic_key(spelling) for spelling in spellings} == {"だんぼる"}
    assert phonetic_key("ぺっとぼとる") == phonetic_key("ぺとぼとる")
    assert phonetic_key("とうゆ") == phonetic_key("とーゆ")
    assert phonetic_key("かんづめ") == phonetic_key("かんずめ")
    # Different words stay different.
    assert phonetic_key("かさ") != phonetic_key("かさい")
