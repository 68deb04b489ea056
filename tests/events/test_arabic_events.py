"""Arabic reports through the whole pipeline: the same records as English ones."""

from __future__ import annotations

import dataclasses
from datetime import date

from eventlens.config import Config
from eventlens.events.arabic import ArabicEventExtractor
from eventlens.geo import Gazetteer, ToponymResolver
from eventlens.kb import KnowledgeBase
from eventlens.model import Document
from eventlens.settings import shipped_settings


def extract(pipeline, text: str, published: date = date(2024, 3, 13)):
    document = Document("ar-test", text, "test", published=published, language="ar")
    result = pipeline.run_batch([document])[0]
    for event in result.events:
        span = event.evidence
        assert text[span.start : span.end] == span.text
    return result


def only(result, type_: str):
    found = [e for e in result.events if e.type == type_]
    assert len(found) == 1, [(e.type, e.evidence.text) for e in result.events]
    return found[0]


def test_the_issue_sentence_gives_a_shelling_of_saraqib(pipeline):
    event = only(extract(pipeline, "قصفت قوات النظام بلدة سراقب في ريف إدلب الشرقي"), "ASSAULT")
    assert (event.mode, event.acled_type, event.acled_subtype) == (
        "heavy weapons",
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
    )
    assert [a.kb_id for a in event.actor1] == ["syrian_arab_army"]
    assert event.place.name == "Saraqib" and event.place.precision == 1


def test_a_drone_of_a_nationality_is_its_state_forces_and_an_air_strike(pipeline):
    text = "استهدفت طائرة مسيرة تركية سيارة قرب بلدة الدرباسية بريف الحسكة، ما أدى إلى مقتل شخصين."
    event = only(extract(pipeline, text), "ASSAULT")
    assert event.acled_subtype == "Air/drone strike"
    assert [a.kb_id for a in event.actor1] == ["turkish_armed_forces"]
    assert event.place.name == "Ad Darbāsīyah"
    assert event.fatalities == 2


def test_a_march_is_a_protest_and_a_drone_is_not(pipeline):
    protest = extract(pipeline, "خرج أهالي مدينة السويداء في مسيرة حاشدة رافعين شعارات تطالب بالإصلاح.")
    assert [e.type for e in protest.events] == ["PROTEST"]
    strike = extract(pipeline, "قصفت مسيرة روسية مواقع في جسر الشغور.")
    assert [e.type for e in strike.events] == ["ASSAULT"]


def test_clashes_between_two_named_sides(pipeline):
    text = "اندلعت اشتباكات بين قوات سوريا الديمقراطية وفصائل الجيش الوطني السوري في ريف منبج."
    event = only(extract(pipeline, text), "ASSAULT")
    assert (event.acled_type, event.acled_subtype) == ("Battles", "Armed clash")
    assert [a.kb_id for a in event.actor1] == ["sdf"]
    assert [a.kb_id for a in event.actor2] == ["sna"]


def test_an_arrest_with_its_doer_its_detainees_and_anonymous_sourcing(pipeline):
    text = "وقالت مصادر محلية إن قوات سوريا الديمقراطية اعتقلت خمسة شبان في بلدة البصيرة أمس."
    event = only(extract(pipeline, text), "COERCE")
    assert (event.mode, event.acled_subtype) == ("arrest", "Arrests")
    assert [a.kb_id for a in event.actor1] == ["sdf"]
    assert event.actor2 and event.actor2[0].type == "civilians"
    assert event.attribution.sourcing == "anonymous"
    assert event.date == "2024-03-12"


def test_a_civilian_after_a_killing_verb_is_its_victim(pipeline):
    text = "قتل شاب برصاص قناص من قوات النظام قرب بلدة هجين بريف دير الزور."
    event = only(extract(pipeline, text), "ASSAULT")
    assert [a.kb_id for a in event.actor1] == ["syrian_arab_army"]
    assert event.actor2[0].type == "civilians"
    # Victims go by their kind, as in English reports; their words stay in the text.
    assert (event.actor2[0].name, event.actor2[0].text) == ("Civilians", "شاب")
    assert event.acled_subtype == "Attack"
    assert event.fatalities == 1


def test_target_after_against(pipeline):
    text = "هدد الرئيس التركي رجب طيب أردوغان بشن عملية ضد قوات سوريا الديمقراطية في تل أبيض."
    event = only(extract(pipeline, text), "THREATEN")
    assert [a.kb_id for a in event.actor2] == ["sdf"]
    assert event.place is not None and event.place.name == "Tall Abyaḑ"


def test_a_visit_and_a_meeting_of_one_sentence_with_a_commander_by_title(pipeline):
    text = "وصل قائد فيلق القدس إلى مدينة البوكمال قادماً من القائم، والتقى بقادة الحرس الثوري."
    result = extract(pipeline, text, published=date(2017, 11, 20))
    visit = next(e for e in result.events if e.mode == "visit")
    meeting = next(e for e in result.events if e.mode == "meeting")
    assert [a.kb_id for a in visit.actor1] == ["qasem_soleimani"]
    assert visit.place.name == "Ālbū Kamāl" and meeting.place.name == "Ālbū Kamāl"
    assert [a.kb_id for a in meeting.actor1] == ["qasem_soleimani"]
    assert [a.kb_id for a in meeting.actor2] == ["irgc"]


def test_a_recruitment_call_and_reinforcements(pipeline):
    request = only(
        extract(pipeline, "دعا الحرس الثوري شباب مدينة الميادين إلى الانضمام إلى صفوفه."), "REQUEST"
    )
    assert request.mode == "recruitment"
    mobilize = only(
        extract(pipeline, "استقدمت الميليشيات الإيرانية تعزيزات عسكرية إلى مدينة البوكمال."), "MOBILIZE"
    )
    assert mobilize.mode == "military" and mobilize.place.name == "Ālbū Kamāl"


def test_a_protest_called_for_is_no_request(pipeline):
    result = extract(pipeline, "دعا ناشطون في مدينة الرقة إلى تظاهرة يوم الجمعة المقبل.")
    event = only(result, "PROTEST")
    assert event.modality == "called for"
    assert not [e for e in result.events if e.type == "REQUEST"]


def test_how_far_a_denial_reaches_is_a_setting(pipeline):
    # نفت stands eight words before هاجم: within the shipped reach of a modality word (10), not of 5.
    text = "نفت قيادة العمليات أن يكون تنظيم داعش قد هاجم قرية قرب مدينة تكريت."
    (parse,) = pipeline.arabic.analyzer.analyze([Document("ar-test", text, "test", language="ar")])
    kb, resolver = KnowledgeBase.load(), ToponymResolver(Gazetteer.open(Config().gazetteer_file))
    shorter = dataclasses.replace(shipped_settings().arabic, modality_reach=5)
    (shipped,) = ArabicEventExtractor(kb, resolver).extract(parse).events
    (short,) = ArabicEventExtractor(kb, resolver, settings=shorter).extract(parse).events
    assert (shipped.modality, short.modality) == ("denied", "asserted")


def test_a_denied_attack_and_a_recalled_one(pipeline):
    denied = only(
        extract(pipeline, "نفت قيادة العمليات أن يكون تنظيم داعش قد هاجم قرية قرب مدينة تكريت."), "ASSAULT"
    )
    assert denied.modality == "denied"
    text = (
        "قصفت قوات النظام مدينة دارة عزة مساء الأحد.\n"
        "وكانت المدينة قد تعرضت لقصف مماثل في تشرين الأول 2019 أدى إلى مقتل ستة مدنيين."
    )
    recalled = [e for e in extract(pipeline, text).events if e.historical]
    assert len(recalled) == 1
    assert (recalled[0].date, recalled[0].time_precision, recalled[0].fatalities) == ("2019-10", "month", 6)
    assert recalled[0].place.name == "Dārat ‘Izzah"


def test_what_is_demanded_or_to_be_stopped_is_no_event(pipeline):
    result = extract(
        pipeline, "نظم أهالي مدينة نوى وقفة احتجاجية للمطالبة بالإفراج عن المعتقلين ووقف الاشتباكات."
    )
    assert [e.type for e in result.events] == ["PROTEST"]


def test_an_arabic_report_gives_actors_and_places_like_an_english_one(pipeline):
    result = extract(pipeline, "اعتقل جهاز مكافحة الإرهاب ثلاثة متهمين في مدينة الموصل.")
    assert any(a.kb_id == "iraqi_cts" for a in result.actors)
    assert any(p.place.name == "Mosul" for p in result.places)


def test_words_that_only_look_like_events(pipeline):
    texts = [
        "تقع البلدة في المناطق الخاضعة لسيطرة قوات النظام شرق حماة.",  # under control: a state of affairs
        "صعد الأطفال إلى قمة الجبل قرب مدينة الزبداني.",  # a summit of a mountain
        "قصفت طائرة مسيرة سيارة فجر الثلاثاء قرب مدينة منبج.",  # فجر "dawn", not "detonated"
    ]
    assert [[e.type for e in extract(pipeline, t).events] for t in texts] == [[], [], ["ASSAULT"]]


def test_a_surname_after_the_full_name_and_a_recalled_battle_led_by_him(pipeline):
    text = (
        "وصل قائد فيلق القدس قاسم سليماني إلى مدينة البوكمال.\n"
        "وكان سليماني قد قاد معركة السيطرة على المدينة في تشرين الثاني 2017."
    )
    recalled = only(extract(pipeline, text, published=date(2018, 1, 10)), "ASSAULT")
    assert [a.kb_id for a in recalled.actor1] == ["qasem_soleimani"]
    assert (recalled.date, recalled.historical) == ("2017-11", True)


def test_a_request_and_a_restriction_of_named_forces(pipeline):
    text = "منعت الميليشيات الإيرانية عناصر قوات النظام من دخول مدينة البوكمال."
    event = only(extract(pipeline, text), "COERCE")
    assert event.mode == "restrict movement"
    assert [a.kb_id for a in event.actor2] == ["syrian_arab_army"]
    request = only(extract(pipeline, "وطلب الحرس الثوري من الميليشيات تسليم مواقعها في الميادين."), "REQUEST")
    assert [a.kb_id for a in request.actor1] == ["irgc"]
