"""The practice's legal notices (facts file §13): which ones the law asks of it follows from its
answers; each is the practice's own text, kept in versions; the footer links to those in effect."""

import itertools
import re
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from content.models import LegalNotice, NoticeDuties, NoticeKind
from content.notices import notice_problems
from tests.content.test_launch_check import launch_check, save_in_admin

pytestmark = pytest.mark.django_db

NPP = NoticeKind.PRIVACY_PRACTICES
NONDISCRIMINATION = NoticeKind.NONDISCRIMINATION
LANGUAGE = NoticeKind.LANGUAGE_ASSISTANCE
TAGLINES = [
    ("Spanish", "es", "ATENCIÓN: si habla español, hay ayuda gratuita con el idioma."),
    ("Arabic", "ar", "ملاحظة: إذا كنت تتحدث العربية، تتوفر لك خدمات المساعدة اللغوية مجانًا."),
]


def answer(**answers):
    duties = NoticeDuties.load()
    for field, value in answers.items():
        setattr(duties, field, value)
    duties.save()
    return duties


def problems():
    return [text for text, _ in notice_problems()]


def footer_links(html):
    footer = html.split('<footer class="site-footer">')[1]
    return dict((text, href) for href, text in re.findall(r'<a href="([^"]+)">([^<]+)</a>', footer))


def test_a_fresh_database_asks_each_question_and_for_someone_to_confirm_the_answers():
    listed = "\n".join(problems())
    assert "Is the practice a HIPAA covered entity?" in listed
    assert "Is it paid by Medicare Part B or Medicaid?" in listed
    assert "Does it see people without insurance or paying for themselves?" in listed
    assert "nobody at the practice has confirmed the answers" in listed
    # Asked only of a practice paid by Medicare or Medicaid.
    assert "15 or more employees" not in listed and "taglines" not in listed


ANSWERS = list(itertools.product([True, False], repeat=3))


@pytest.mark.parametrize(
    "covered,medicare,self_pay", ANSWERS, ids=["-".join(map(str, a)) for a in ANSWERS]
)
def test_each_yes_asks_for_its_notice_until_it_is_entered(
    covered, medicare, self_pay, make_page, make_notice
):
    answer(
        is_covered_entity=covered,
        paid_by_medicare_or_medicaid=medicare,
        sees_uninsured_or_self_pay=self_pay,
        has_15_or_more_employees=False,
        tagline_languages=2,
        answered_by_name="Pat Example",
        answered_on=date(2026, 11, 1),
    )
    make_page(slug="costs-and-insurance", title="Costs and insurance", is_published=False)
    listed = "\n".join(problems())
    assert ("Notice of Privacy Practices not entered. HIPAA asks" in listed) == covered
    assert ("Nondiscrimination notice not entered. Section 1557 asks" in listed) == medicare
    assert ("Language assistance not entered. Section 1557 asks" in listed) == medicare
    assert ("Costs and insurance page" in listed and "No Surprises Act" in listed) == self_pay

    make_notice(NPP)
    make_notice(NONDISCRIMINATION)
    make_notice(LANGUAGE, taglines=TAGLINES)
    from content.models import Page

    Page.objects.filter(slug="costs-and-insurance").update(is_published=True)
    assert problems() == []


def test_medicare_or_medicaid_asks_for_employees_and_the_languages_then_counts_taglines(
    make_notice,
):
    answer(paid_by_medicare_or_medicaid=True)
    listed = "\n".join(problems())
    assert "Does it have 15 or more employees?" in listed
    assert "Languages for taglines" in listed

    answer(has_15_or_more_employees=True, tagline_languages=15)
    make_notice(LANGUAGE, taglines=TAGLINES)
    listed = "\n".join(problems())
    assert "has 2 tagline(s); the practice confirmed 15 languages" in listed


def test_launch_check_fails_with_the_law_in_one_plain_line(make_notice):
    answer(is_covered_entity=True)
    status, output = launch_check()
    assert status == 1
    line = next(line for line in output.splitlines() if "Notice of Privacy Practices" in line)
    assert "45 CFR 164.520(c)(3)(i)" in line and "linked from the home page" in line


def test_the_footer_links_only_to_notices_in_effect(client, site_pages, make_notice):
    for address in ["/", "/ketamine-therapy/", "/consultation/"]:
        links = footer_links(client.get(address).content.decode())
        assert "Notice of Privacy Practices" not in links
        assert "Nondiscrimination notice" not in links
        assert "Language assistance" not in links
        assert links["Website privacy"] == "/privacy/"

    make_notice(NPP)
    make_notice(LANGUAGE, taglines=TAGLINES)
    make_notice(NONDISCRIMINATION, effective_on=timezone.localdate() + timedelta(days=3))
    for address in ["/", "/ketamine-therapy/", "/consultation/"]:
        links = footer_links(client.get(address).content.decode())
        assert links["Notice of Privacy Practices"] == "/notice-of-privacy-practices/"
        assert links["Language assistance"] == "/language-assistance/"
        assert "Nondiscrimination notice" not in links  # not in effect for 3 more days


def test_the_home_page_links_to_the_notice_of_privacy_practices_by_name(
    client, site_pages, make_notice
):
    make_notice(NPP)
    html = client.get("/").content.decode()
    assert '<a href="/notice-of-privacy-practices/">Notice of Privacy Practices</a>' in html


def test_a_notice_shows_the_practices_words_and_its_effective_date(client, make_notice):
    make_notice(
        NPP,
        text="## Your rights\n\nYou can ask for a copy of your record.\n\n<script>x()</script>",
        effective_on=date(2026, 2, 16),
    )
    html = client.get("/notice-of-privacy-practices/").content.decode()
    assert "<h1>Notice of Privacy Practices</h1>" in html
    assert "Effective 16 February 2026" in html
    assert (
        '<h2 id="your-rights">Your rights</h2>' in html
        and "You can ask for a copy of your record." in html
    )
    assert "<script>x()" not in html


def test_before_it_is_entered_the_privacy_practices_page_says_how_to_get_a_copy(client, site_pages):
    response = client.get("/notice-of-privacy-practices/")
    assert response.status_code == 200
    assert "It is not on this website yet. Please ask our team for a copy." in response.text
    assert client.get("/nondiscrimination/").status_code == 404
    assert client.get("/language-assistance/").status_code == 404


def test_the_website_privacy_page_links_to_the_notice_and_promises_nothing_for_later(
    client, site_pages
):
    html = client.get("/privacy/").content.decode()
    assert 'href="/notice-of-privacy-practices/">Notice of Privacy Practices</a>' in html
    assert "will receive" not in html


def test_each_tagline_is_marked_with_its_language_and_direction(client, make_notice):
    make_notice(LANGUAGE, text="Free language help is available.", taglines=TAGLINES)
    html = client.get("/language-assistance/").content.decode()
    assert '<li lang="es" dir="ltr">ATENCIÓN: si habla español' in html
    assert '<li lang="ar" dir="rtl">ملاحظة' in html
    assert "Free language help is available." in html


def test_a_new_version_takes_over_on_its_date_and_the_old_one_stays_on_record(client, make_notice):
    today = timezone.localdate()
    first = make_notice(NPP, text="First version.", effective_on=today - timedelta(days=400))
    make_notice(NPP, text="Coming version.", effective_on=today + timedelta(days=1))
    assert "First version." in client.get("/notice-of-privacy-practices/").text

    second = make_notice(NPP, text="Second version.", effective_on=today)
    page = client.get("/notice-of-privacy-practices/").text
    assert "Second version." in page and "First version." not in page
    assert LegalNotice.objects.filter(kind=NPP).count() == 3
    first.refresh_from_db()
    assert first.text == "First version."
    assert LegalNotice.objects.current(today + timedelta(days=1))[NPP].text == "Coming version."
    assert LegalNotice.objects.current(today)[NPP] == second


@pytest.fixture
def editor_client(client, make_staff, sign_in):
    return sign_in(client, make_staff("editor", groups=[Group.objects.get(name="Content editors")]))


def test_staff_see_every_version_with_its_status_and_cannot_change_or_delete_one(
    editor_client, make_notice
):
    today = timezone.localdate()
    old = make_notice(NPP, text="Old words.", effective_on=date(2025, 1, 1))
    make_notice(NPP, text="New words.", effective_on=today)
    make_notice(NPP, text="Next words.", effective_on=today + timedelta(days=30))

    listing = editor_client.get("/admin/content/legalnotice/").content.decode()
    assert f"Replaced on {today:%d %b %Y}" in listing
    assert "In effect" in listing
    assert f"Takes effect on {today + timedelta(days=30):%d %b %Y}" in listing

    page = editor_client.get(f"/admin/content/legalnotice/{old.pk}/change/").content.decode()
    assert "Old words." in page and 'name="text"' not in page  # shown read-only
    response = editor_client.post(
        f"/admin/content/legalnotice/{old.pk}/change/",
        {"kind": NPP, "text": "Rewritten.", "effective_on": "2025-01-01"},
    )
    assert response.status_code == 403
    delete = editor_client.post(f"/admin/content/legalnotice/{old.pk}/delete/", {"post": "yes"})
    assert delete.status_code == 403
    old.refresh_from_db()
    assert old.text == "Old words."


def test_a_new_version_starts_from_the_one_before_taglines_included(editor_client, make_notice):
    before = make_notice(LANGUAGE, text="Free language help.", taglines=TAGLINES)
    form = editor_client.get(f"/admin/content/legalnotice/add/?from={before.pk}").text
    assert "Free language help." in form
    assert "ATENCIÓN: si habla español" in form and 'value="ar"' in form

    save_in_admin(
        editor_client,
        f"/admin/content/legalnotice/add/?from={before.pk}",
        text="Free language help, now by phone too.",
        effective_on=(timezone.localdate()).isoformat(),
        confirmed_by_name="Pat Example",
        confirmed_on="2026-11-30",
    )
    new = LegalNotice.objects.exclude(pk=before.pk).get()
    assert new.entered_by == "editor"
    assert [t.language_code for t in new.taglines.all()] == ["es", "ar"]
    assert before.taglines.count() == 2


def test_a_notice_needs_someone_at_the_practice_to_confirm_it(editor_client):
    response = editor_client.post(
        "/admin/content/legalnotice/add/",
        {
            "kind": NPP,
            "text": "Words.",
            "effective_on": "2026-01-01",
            "taglines-TOTAL_FORMS": "0",
            "taglines-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert LegalNotice.objects.count() == 0
    assert "This field is required." in response.text


def test_a_tagline_needs_a_real_language_code(editor_client):
    response = editor_client.post(
        "/admin/content/legalnotice/add/",
        {
            "kind": LANGUAGE,
            "text": "Words.",
            "effective_on": "2026-01-01",
            "confirmed_by_name": "Pat Example",
            "confirmed_on": "2026-01-01",
            "taglines-TOTAL_FORMS": "1",
            "taglines-INITIAL_FORMS": "0",
            "taglines-0-order": "0",
            "taglines-0-language": "Spanish",
            "taglines-0-language_code": "Spanish!",
            "taglines-0-text": "Hola.",
        },
    )
    assert response.status_code == 200
    assert "Use a language code such as es" in response.text
    assert LegalNotice.objects.count() == 0


def test_staff_answer_the_questions_in_the_admin_and_the_list_follows(editor_client):
    assert editor_client.get("/admin/content/noticeduties/").url.endswith("/1/change/")
    save_in_admin(
        editor_client,
        "/admin/content/noticeduties/1/change/",
        is_covered_entity="true",
        paid_by_medicare_or_medicaid="false",
        sees_uninsured_or_self_pay="false",
        answered_by_name="Pat Example",
        answered_on="2026-11-30",
    )
    assert problems() == [
        "Notice of Privacy Practices not entered. HIPAA asks a covered entity to post its Notice "
        "of Privacy Practices on its website, linked from the home page (45 CFR "
        "164.520(c)(3)(i))."
    ]
    front = editor_client.get("/admin/").text
    assert "Notice of Privacy Practices not entered" in front
