"""The boilerplate filter: patterns, the short-UI-line rule, site learning, the reference report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ingest_samples import AR_BODY_LINES, AR_REPORT, EN_BODY_LINES, EN_REPORT

from eventlens.errors import DataError
from eventlens.ingest import BoilerplateFilter, SiteProfile, looks_like_sentence

SEED = Path(__file__).resolve().parents[2] / ".." / "shared" / "seed"
REFERENCE = "deirezzor24-soleimani-albukamal"

HEADLINE = "Militias reinforce positions near the Euphrates"
BODY = "Local sources said that the militias sent reinforcements to their positions on Monday."


def clean_line(line: str, **kwargs) -> tuple[str, tuple[str, ...]]:
    """Clean a page with the line between a headline and a body sentence."""
    return BoilerplateFilter(**kwargs).clean(f"{HEADLINE}\n\n{line}\n\n{BODY}\n")


@pytest.mark.parametrize(
    "line",
    [
        # bylines
        "Written by Editorial Board",
        "By Jane Doe",
        "By Jane Doe and John Smith",
        "Posted by admin",
        "Author: Sam Carter",
        "بقلم: محمد الأحمد",
        "كتب: فريق التحرير",
        # language switchers
        "Language / اللغة العربية",
        "English | عربي",
        "عربي / English",
        "العربية",
        # share buttons
        "Share on Facebook",
        "Tweet",
        "WhatsApp",
        "Facebook Twitter WhatsApp Telegram",
        "Share this article:",
        "شارك على فيسبوك",
        "مشاركة",
        "واتساب",
        # teasers and link lists
        "Read more",
        "Read more »",
        "Read also: Militias deploy near the border",
        "Continue reading →",
        "Related articles",
        "Related Posts:",
        "Most read",
        "اقرأ أيضاً: انتشار الميليشيات قرب الحدود",
        "اقرأ المزيد",
        "مقالات ذات صلة",
        "الأكثر قراءة",
        "The post Militias deploy near the border appeared first on Example Network.",
        # copyright and copy protection
        "All rights reserved.",
        "© 2025 Example Network. All rights reserved.",
        "Content is protected !!",
        "error: Content is protected !!",
        "error: النسخ ممنوع من موقعنا",
        "جميع الحقوق محفوظة © 2025",
        "يمنع نسخ المحتوى دون ذكر المصدر",
        # cookies
        "This website uses cookies to improve your experience. By continuing you agree to our policy.",
        "Accept all",
        "يستخدم هذا الموقع ملفات تعريف الارتباط لتحسين تجربتك.",
        # tags and comments
        "Tags: Syria, Iran, Deir Ezzor",
        "الوسوم: سوريا، إيران",
        "Comments",
        "3 Comments",
        "Leave a comment",
        "أضف تعليق",
        "التعليقات",
        # navigation
        "Skip to content",
        "Home » News » Syria",
        "Follow us on Telegram",
        "Advertisement",
        "الرئيسية",
        "تابعونا على تلغرام",
        # timestamps alone on a line
        "March 14, 2025",
        "14 March 2025 10:32",
        "Updated: 2025-03-14 10:32",
        "10:32 AM",
        "3 hours ago",
        "منذ 3 ساعات",
        "الجمعة 14 آذار 2025",
    ],
)
def test_widget_and_notice_lines_are_removed(line):
    cleaned, removed = clean_line(line)
    assert removed == (line,)
    assert cleaned == f"{HEADLINE}\n\n{BODY}"


@pytest.mark.parametrize(
    "line",
    [
        "Deir Ezzor 24 exclusive",  # a kicker: short, but not clearly UI
        "Source: SANA",
        "By the numbers: the war in eastern Syria",
        "Warning: Russia threatens Turkey over Idlib",
        "DAMASCUS, March 14 (Reuters) - Artillery shelled two villages overnight.",
        "The sources said.",
        "Clashes in Hajin",
        "تحرير قرية الباغوز من داعش",  # "the capture of al-Baghouz village": a headline, not a byline
        "قصف مدفعي على البوكمال",
        "بواسطة طائرة مسيرة",
        "القسم الشرقي من المدينة شهد اشتباكات",
        "(c) the withdrawal of all forces from the town",
        "Forces moved from Hajin / Al-Shafa towards the river, according to the residents.",
        "In October 2017 the militias took the city.",
        "المصدر: AFP",  # mixed scripts alone are not UI
        "Interview with أبو محمد",
    ],
)
def test_report_lines_are_kept(line):
    cleaned, removed = clean_line(line)
    assert removed == ()
    assert line in cleaned


@pytest.mark.parametrize(
    "line",
    [
        "Deir Ezzor 24 | دير الزور 24",  # mixed scripts and a separator
        "NEWS | ANALYSIS | OPINION",  # separators
        "error: something went wrong",  # error prefix
        "LATEST UPDATES",  # a capitals label
        "Sections:",  # a label ending in a colon
        "» » »",  # no letters at all
    ],
)
def test_short_ui_lines_are_removed_by_the_heuristic(line):
    _, removed = clean_line(line)
    assert removed == (line,)


def test_first_line_is_the_headline_and_needs_two_ui_signals():
    cleaner = BoilerplateFilter()
    headline = "Shelling near Al-Bukamal | Example Network"  # one signal: kept
    cleaned, removed = cleaner.clean(f"{headline}\n\n{BODY}")
    assert removed == ()
    assert cleaned.startswith(headline)
    switcher = "Example Network | شبكة المثال"  # two signals: removed even at the top
    cleaned, removed = cleaner.clean(f"{switcher}\n\n{headline}\n\n{BODY}")
    assert removed == (switcher,)
    assert cleaned.startswith(headline)


def test_english_page():
    cleaned, removed = BoilerplateFilter().clean(EN_REPORT)
    assert cleaned == "\n\n".join(EN_BODY_LINES)
    assert removed == (
        "By Jane Doe",
        "English | عربي",
        "Share on Facebook",
        "Tags: Mayadin, militias",
        "© 2025 Example Network. All rights reserved.",
    )


def test_arabic_page():
    cleaned, removed = BoilerplateFilter().clean(AR_REPORT)
    assert cleaned == "\n\n".join(AR_BODY_LINES)
    assert removed == (
        "بقلم: فريق التحرير",
        "English / العربية",
        "شارك على فيسبوك",
        "جميع الحقوق محفوظة © 2025",
    )


def test_paragraph_structure_and_whitespace():
    text = "Headline of the report\r\n\r\nFirst line of a paragraph,\r\n  second   line of it.\r\nShare on Facebook\r\n\r\n\r\n\u200bLast\u00a0paragraph here.\n"
    cleaned, removed = BoilerplateFilter().clean(text)
    assert (
        cleaned
        == "Headline of the report\n\nFirst line of a paragraph,\nsecond line of it.\n\nLast paragraph here."
    )
    assert removed == ("Share on Facebook",)


def test_a_page_of_boilerplate_only_cleans_to_nothing():
    cleaned, removed = BoilerplateFilter().clean("Share on Facebook\n\nRead more\n")
    assert cleaned == ""
    assert removed == ("Share on Facebook", "Read more")


def test_sentence_heuristic():
    assert looks_like_sentence("The militias withdrew from the town.")
    assert looks_like_sentence("Militias withdrew")  # a verb of the lexicon
    assert looks_like_sentence("قالت مصادر محلية")
    assert looks_like_sentence("one two three four five six seven eight")  # long enough
    assert not looks_like_sentence("Deir Ezzor 24 exclusive")
    assert not looks_like_sentence("Language / اللغة العربية")


def test_site_learning_removes_lines_repeated_in_three_documents_of_a_site():
    footer = "Independent news from eastern Syria"  # no pattern knows it; not UI-looking
    cleaner = BoilerplateFilter()
    results = [
        cleaner.clean(f"Report number {n} headline\n\n{BODY} Number {n}.\n\n{footer}", site="example.org")
        for n in range(4)
    ]
    assert [removed for _, removed in results] == [(), (), (footer,), (footer,)]
    # Another site has learned nothing.
    _, removed = cleaner.clean(f"Other headline\n\n{BODY}\n\n{footer}", site="other.example")
    assert removed == ()


def test_site_learning_counts_a_document_once_and_ignores_long_lines():
    long_line = "This line has more than eight words so it is never learned"
    footer = "Independent news from eastern Syria"
    cleaner = BoilerplateFilter()
    page = f"Headline\n\n{BODY}\n\n{long_line}\n\n{footer}"
    for _ in range(5):  # the same page again and again is one document
        _, removed = cleaner.clean(page, site="example.org")
    assert removed == ()
    for n in range(3):
        _, removed = cleaner.clean(f"Headline {n}\n\n{BODY}\n\n{long_line}\n\n{footer}", site="example.org")
    assert removed == (footer,)


def test_site_learning_can_be_switched_off():
    cleaner = BoilerplateFilter(learn_sites=False)
    for n in range(5):
        _, removed = cleaner.clean(
            f"Headline {n}\n\n{BODY}\n\nIndependent news from eastern Syria", site="example.org"
        )
    assert removed == ()


def test_a_profile_trained_beforehand_cleans_the_first_pages():
    footer = "Independent news from eastern Syria"
    profile = SiteProfile()
    for n in range(3):
        profile.learn(f"Sample page {n}\n\nSome sample text {n}.\n\n{footer}")
    cleaner = BoilerplateFilter(site_profiles={"example.org": profile})
    _, removed = cleaner.clean(f"{HEADLINE}\n\n{BODY}\n\n{footer}", site="example.org")
    assert removed == (footer,)


def test_custom_pattern_file(tmp_path):
    patterns = tmp_path / "patterns.yaml"
    patterns.write_text(
        'groups:\n  - matches: x\n    why: y\n    patterns: ["sponsored by .{1,40}"]\n', encoding="utf-8"
    )
    _, removed = BoilerplateFilter(patterns).clean(f"{HEADLINE}\n\nSponsored by ACME\n\n{BODY}")
    assert removed == ("Sponsored by ACME",)
    patterns.write_text("groups: [{patterns: ['(unclosed']}]\n", encoding="utf-8")
    with pytest.raises(DataError):
        BoilerplateFilter(patterns)


def _reference():
    text_path = SEED / f"{REFERENCE}.txt"
    gold_path = SEED / f"{REFERENCE}.gold.json"
    if not text_path.exists() or not gold_path.exists():
        pytest.skip("the shared reference report is not beside the repository")
    return text_path.read_text(encoding="utf-8"), json.loads(gold_path.read_text(encoding="utf-8"))


def test_reference_report_loses_exactly_its_three_boilerplate_lines():
    text, gold = _reference()
    cleaned, removed = BoilerplateFilter().clean(text)
    assert removed == tuple(gold["boilerplate_lines"])
    kept = [line.strip() for line in text.splitlines() if line.strip() and line.strip() not in removed]
    assert cleaned == "\n\n".join(kept)


def test_reference_report_needs_no_pattern_for_its_ui_lines(tmp_path):
    # The heuristic rule alone (an empty pattern file) still finds the two UI lines of the page.
    text, gold = _reference()
    empty = tmp_path / "none.yaml"
    empty.write_text("groups: []\n", encoding="utf-8")
    _, removed = BoilerplateFilter(empty).clean(text)
    assert set(removed) >= {line for line in gold["boilerplate_lines"] if not line.startswith("Written")}
