"""Arabic text handling: words keep their offsets, folding, clitic readings, sentences."""

from __future__ import annotations

from eventlens.nlp.arabic import clitic_readings, fold_word, sentence_bounds, stems, words_of


def test_words_keep_offsets_into_the_text_as_written():
    text = "قَصَفَتْ قوات النظـــام بلدةَ سراقب."
    words = words_of(text)
    assert [w.text for w in words] == ["قَصَفَتْ", "قوات", "النظـــام", "بلدةَ", "سراقب", "."]
    for w in words:
        assert text[w.start : w.end] == w.text
    assert [w.folded for w in words[:4]] == ["قصفت", "قوات", "النظام", "بلده"]


def test_folding_of_letter_forms():
    assert fold_word("إدلب") == fold_word("ادلب") == "ادلب"
    assert fold_word("مستشفى") == "مستشفي"
    assert fold_word("آذار") == "اذار"


def test_arabic_indic_digits_are_numbers():
    words = words_of("مقتل ١٢ مدنياً و۳ عناصر")
    assert [(w.kind, w.folded) for w in words if w.kind == "number"] == [("number", "12"), ("number", "3")]


def test_sentences_end_at_arabic_punctuation_and_line_breaks():
    text = "عنوان الخبر\nقصفت الطائرات البلدة. هل قتل أحد؟ نعم؛ ثلاثة"
    words = words_of(text)
    sentences = [" ".join(w.text for w in words[a:b]) for a, b in sentence_bounds(text, words)]
    assert sentences == ["عنوان الخبر", "قصفت الطائرات البلدة .", "هل قتل أحد ؟", "نعم ؛", "ثلاثة"]


def test_a_decimal_point_ends_no_sentence():
    text = "سقطت 2.5 طن من القذائف"
    assert len(sentence_bounds(text, words_of(text))) == 1


def test_clitic_readings_try_the_whole_word_first():
    assert stems("فيلق")[0] == "فيلق"
    assert stems("بشار")[0] == "بشار"
    assert "قصف" in stems("والقصف")
    assert "القصف" in stems("للقصف")
    assert "يقصفون" in stems("وسيقصفون")
    assert "اعتقال" in stems("اعتقاله")
    assert "اجتماع" in stems("اجتماعا")


def test_the_article_is_recorded_so_that_verbs_can_refuse_it():
    assert ("ال", "يتهم", "") in clitic_readings("اليتهم")


def test_a_final_taa_marbuta_is_never_a_pronoun():
    civilian_feminine = words_of("مدنيةً")[0]
    assert civilian_feminine.stems() == ("مدنيه",)
    his_statement = words_of("بيانه")[0]
    assert "بيان" in his_statement.stems()
