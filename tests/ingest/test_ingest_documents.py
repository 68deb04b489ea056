"""One Document from text or HTML: id, title, publication date, language."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from ingest_samples import AR_REPORT, ARTICLE_HTML, EN_REPORT

from eventlens.errors import InputError
from eventlens.ingest import (
    BoilerplateFilter,
    detect_language,
    document_from_html,
    document_from_text,
    document_id,
    find_dateline_date,
    headline_of,
)


def test_id_is_a_hash_of_the_cleaned_text():
    first = document_from_text(EN_REPORT, "a")
    second = document_from_text(EN_REPORT.replace("Share on Facebook", "Tweet"), "b")
    assert first.id == second.id == document_id(first.text)
    assert first.id != document_from_text(EN_REPORT.replace("Tuesday", "Monday"), "c").id


def test_title_from_a_headline_line_only():
    assert document_from_text(EN_REPORT, "x").title == "Militia commanders meet tribal leaders in Al-Mayadin"
    assert document_from_text(AR_REPORT, "x").title == "اشتباكات بين فصيلين مسلحين في ريف دير الزور الشرقي"
    assert headline_of("The militias withdrew from the town on Monday.\n\nMore text.") is None
    assert headline_of("Hard-wrapped text whose first line\ngoes on here.") is None
    assert headline_of("DEIR EZZOR, March 14, 2025 - Clashes erupted") is None
    assert headline_of("Clashes erupted in Hajin?\n\nBody.") == "Clashes erupted in Hajin?"
    assert document_from_text(EN_REPORT, "x", title="Given").title == "Given"


def test_language_detection_and_override():
    assert detect_language("The militias withdrew from the town after two days of clashes.") == "en"
    assert detect_language("انسحبت الميليشيات من البلدة بعد يومين من الاشتباكات.") == "ar"
    assert detect_language("Les milices se sont retirées de la ville après deux jours de combats.") == "fr"
    assert detect_language("12 34 !!") == "und"
    assert document_from_text(EN_REPORT, "x", language="AR").language == "ar"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Headline\n\nMarch 14, 2025\n\nBody.", date(2025, 3, 14)),
        ("Headline\n\nPublished: 14 March 2025 10:32\n\nBody.", date(2025, 3, 14)),
        ("Headline\n\nPosted on 2025-03-14\n\nBody.", date(2025, 3, 14)),
        ("Headline\n\n14/03/2025\n\nBody.", date(2025, 3, 14)),
        ("Headline\n\n03/14/2025\n\nBody.", date(2025, 3, 14)),
        ("Headline\n\nDAMASCUS, Friday, March 14, 2025 (SANA) - Body.", date(2025, 3, 14)),
        ("DAMASCUS / BEIRUT, February 6, 2024 - Body.", date(2024, 2, 6)),
        ("KANDAHAR, Afghanistan, 3 March 2021 — Body.", date(2021, 3, 3)),
        ("Headline\n\nGAO, Mali (AFP) — June 9, 2023 — Body.", date(2023, 6, 9)),
        ("عنوان الخبر\n\nدير الزور - 14 آذار 2025 - قالت مصادر", date(2025, 3, 14)),
        ("عنوان الخبر\n\nالجمعة ١٤ آذار/مارس ٢٠٢٥", date(2025, 3, 14)),
        ("عنوان الخبر\n\nنشر في 14 تشرين الأول 2024", date(2024, 10, 14)),
        # never a date
        ("Headline\n\n03/04/2025\n\nBody.", None),  # day-first or month-first: cannot tell
        ("Deir Ezzor 24 exclusive\n\nBody of the report.", None),  # a number in an outlet name
        ("Headline\n\nThe militias took the city in October 2017.", None),  # no day, and in the body
        ("Headline\n\nThe battle of 14 March 2017 was recalled by the sources.", None),  # not at a line start
        ("1\n\n2\n\n3\n\n4\n\n5\n\nMarch 14, 2025", None),  # too far down
        (f"Headline\n\n{(date.today() + timedelta(days=30)).isoformat()}", None),  # in the future
        ("Headline\n\n31 February 2025", None),
    ],
)
def test_dateline(text, expected):
    assert find_dateline_date(text) == expected


def test_dateline_is_read_before_cleaning_removes_it():
    doc = document_from_text(
        "Headline of the report\n\nMarch 14, 2025\n\nThe militias withdrew, residents said.", "x"
    )
    assert doc.published == date(2025, 3, 14)
    assert doc.boilerplate_removed == ("March 14, 2025",)
    assert document_from_text(EN_REPORT, "x", published=date(2020, 1, 1)).published == date(2020, 1, 1)
    fallback = date(2020, 1, 1)
    assert document_from_text(
        doc.title + "\n\nMarch 14, 2025\n\nThe militias withdrew.", "x", published_fallback=fallback
    ).published == date(2025, 3, 14)
    assert (
        document_from_text(EN_REPORT, "x", published_fallback=fallback).published == fallback
    )  # no dateline


def test_document_from_html():
    doc = document_from_html(ARTICLE_HTML, "page", url="https://www.example.org/a")
    assert doc.url == "https://www.example.org/a"
    assert (doc.outlet, doc.published) == ("Example Network", date(2025, 3, 14))
    assert (
        document_from_html(ARTICLE_HTML, "page", outlet="Other", published=date(2020, 1, 1)).outlet == "Other"
    )
    with pytest.raises(InputError, match="HTML page with no extractable text"):
        document_from_html("<html><body></body></html>", "page")


def test_site_learning_uses_the_host_of_the_url():
    cleaner = BoilerplateFilter()
    footer = "Independent news from eastern Syria"
    removed = [
        document_from_text(
            f"Report {n} headline\n\nThe militias withdrew, residents said {n}.\n\n{footer}",
            f"s{n}",
            url=f"https://www.example.org/{n}",
            boilerplate=cleaner,
        ).boilerplate_removed
        for n in range(3)
    ]
    assert removed == [(), (), (footer,)]


def test_empty_text_is_an_input_error():
    with pytest.raises(InputError, match="empty text"):
        document_from_text("  \n ", "x")
