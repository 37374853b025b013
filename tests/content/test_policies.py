"""Practice policies: a page states how this practice works only once a clinician confirmed it."""

import html
import re
from datetime import date

import pytest

from content.models import Page, PracticePolicy
from content.policies import POLICIES, fill_policies, offered_treatments

pytestmark = pytest.mark.django_db

# Sentences the pages used to state as this practice's policy, none of them ever confirmed.
POLICY_CLAIMS = [
    "every dose is taken in the clinic",
    "never taken home",
    "you stay with us until",
    "trained staff stay with you",
    "staff stay with you",
    "trained staff watch",
    "only in the clinic with trained staff",
    "at our practice",
    "we pair ketamine with talk therapy",
    "every session takes place in our clinic",
    "in our clinic",
    "staff watch over you",
    "we keep an eye on",
    "that is why we watch closely",
    "we offer iv",
    "we offer spravato",
    "we are certified",
    "prescriber is on site",
    "doctor or other prescriber",
    # What is checked, who is with you and a routine of check-ins are policies too.
    "heart rate are watched",
    "tell the person with you",
    "check in with you",
]


def main_text(page):
    main = page[page.index("<main") : page.index("</main>")]
    text = re.sub(r"<script.*?</script>", " ", main, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def visible_text(response):
    return main_text(response.content.decode()).lower()


def confirm(key, statement, **fields):
    policy, _ = PracticePolicy.objects.get_or_create(key=key)
    policy.statement = statement
    policy.confirmed_by_name = "Alex Example"
    policy.confirmed_by_credential = "MD"
    policy.confirmed_on = date(2026, 11, 1)
    for name, value in fields.items():
        setattr(policy, name, value)
    policy.save()
    return policy


@pytest.mark.parametrize("key", list(POLICIES))
def test_each_policy_shows_its_neutral_sentence_until_confirmed_then_its_own(
    client, make_page, key
):
    make_page(slug="policy-page", body=f"Before it. [[policy:{key}]] After it.")
    neutral = " ".join(POLICIES[key].neutral.split()).lower()
    statement = f"This is the confirmed {key} sentence of the practice."

    assert neutral in visible_text(client.get("/policy-page/"))

    # Written but not yet confirmed: still the neutral sentence.
    policy, _ = PracticePolicy.objects.get_or_create(key=key)
    policy.statement = statement
    policy.save()
    assert neutral in visible_text(client.get("/policy-page/"))

    confirm(key, statement, offers_iv=True)
    text = visible_text(client.get("/policy-page/"))
    assert statement.lower() in text and neutral not in text

    policy = PracticePolicy.objects.get(key=key)
    policy.confirmed_on = None
    policy.confirmed_by_name = ""
    policy.save()
    assert neutral in visible_text(client.get("/policy-page/"))


def test_a_confirmed_policy_shows_in_the_questions_page_answers(client, site_pages):
    faq = Page.objects.get(slug="faq")
    item = faq.faq_items.first()
    item.answer = "Where? [[policy:where-doses-are-taken]]"
    item.save()
    assert POLICIES["where-doses-are-taken"].neutral.lower() in visible_text(client.get("/faq/"))
    confirm("where-doses-are-taken", "Every dose is taken in our clinic.")
    assert "every dose is taken in our clinic." in visible_text(client.get("/faq/"))


def test_no_shipped_page_states_a_practice_policy(client, site_pages):
    assert PracticePolicy.objects.count() == len(POLICIES)  # created empty by load_pages
    assert not any(policy.is_confirmed for policy in PracticePolicy.objects.all())
    found = {}
    for page in site_pages:
        text = visible_text(client.get(page.get_absolute_url()))
        text += " " + " ".join(
            f"{q} {a}".lower() for q, a in page.faq_items.values_list("question", "answer")
        )
        claims = [claim for claim in POLICY_CLAIMS if claim in text]
        if claims:
            found[page.slug] = claims
    assert found == {}


NEUTRAL_OPENINGS = ("your care team will", "ask your care team", "your clinician will")


def neutral_sentences_in_a_row(text):
    """Neighbouring sentences that both only say the care team will explain something. Headings
    and table cells stand alone: the same words in two columns of a table are not a repeat."""
    pairs = []
    for block in re.split(r"\s*¦\s*", text):
        sentences = [s.strip().lower() for s in re.split(r"(?<=[.?!])\s+", block)]
        pairs += [
            (first, second)
            for first, second in zip(sentences, sentences[1:], strict=False)
            if first.startswith(NEUTRAL_OPENINGS) and second.startswith(NEUTRAL_OPENINGS)
        ]
    return pairs


def test_no_shipped_page_says_two_neutral_sentences_in_a_row(client, site_pages):
    found = {}
    for page in site_pages:
        content = client.get(page.get_absolute_url()).content.decode()
        content = re.sub(r"</(?:t[dh]|d[dt]|h[1-6]|caption)>", " ¦ </x>", content)
        pairs = neutral_sentences_in_a_row(main_text(content))
        for answer in page.faq_items.values_list("answer", flat=True):
            pairs += neutral_sentences_in_a_row(" ".join(fill_policies(answer).split()))
        if pairs:
            found[page.slug] = pairs
    assert found == {}


def test_the_two_ride_home_policies_share_one_neutral_sentence_until_one_is_confirmed(
    client, make_page
):
    make_page(
        slug="ride", body="Plan it. [[policy:ride-home-iv]]\n[[policy:ride-home-lozenge]] Done."
    )
    text = visible_text(client.get("/ride/"))
    assert text.count("your care team will explain how to get home") == 1
    assert "after iv ketamine or a lozenge" in text
    confirm("ride-home-iv", "Someone must drive you home after IV ketamine.")
    text = visible_text(client.get("/ride/"))
    assert "someone must drive you home after iv ketamine." in text
    assert POLICIES["ride-home-lozenge"].neutral.lower() in text
    assert "iv ketamine or a lozenge" not in text


def test_the_measure_finds_a_policy_claim(client, make_page):
    make_page(slug="claims", body="At our practice, every dose is taken in the clinic.")
    text = visible_text(client.get("/claims/"))
    assert [c for c in POLICY_CLAIMS if c in text] == [
        "every dose is taken in the clinic",
        "at our practice",
    ]


def test_the_form_offers_every_form_until_the_practice_confirms_which_it_offers(client, db):
    assert offered_treatments() == {"iv", "lozenge", "spravato"}
    page = client.get("/consultation/").content.decode()
    assert "IV ketamine" in page and "lozenge" in page and "Spravato" in page

    confirm("treatment-forms", "We offer Spravato.", offers_spravato=True)
    assert offered_treatments() == {"spravato"}
    page = client.get("/consultation/").content.decode()
    assert 'value="spravato"' in page and 'value="not_sure"' in page
    assert 'value="iv"' not in page and 'value="lozenge"' not in page


def test_unconfirmed_forms_offered_do_not_narrow_the_form(db):
    policy, _ = PracticePolicy.objects.get_or_create(key="treatment-forms")
    policy.offers_iv = True
    policy.save()
    assert offered_treatments() == {"iv", "lozenge", "spravato"}


def test_a_confirmation_needs_a_date_and_the_sentence(db):
    from django.core.exceptions import ValidationError

    policy = PracticePolicy(key="checks", confirmed_by_name="Alex Example")
    with pytest.raises(ValidationError) as error:
        policy.full_clean()
    assert {"confirmed_on", "statement"} & set(error.value.message_dict)


def test_the_form_refuses_a_form_of_ketamine_the_practice_does_not_offer(db):
    from intake.forms import ConsultationRequestForm

    confirm("treatment-forms", "We offer IV ketamine.", offers_iv=True)
    form = ConsultationRequestForm(data={"treatment_interest": "lozenge"})
    form.is_valid()
    assert "treatment_interest" in form.errors


def test_editors_are_warned_about_a_misspelled_policy_name(client, make_staff, sign_in, db):
    from django.contrib.auth.models import Group

    sign_in(client, make_staff(groups=[Group.objects.get(name="Content editors")]))
    response = client.post(
        "/admin/content/page/add/",
        {
            "title": "Policy page",
            "slug": "policy-page",
            "body": "Hi. [[policy:where-doses-go]]",
            "meta_description": "A page.",
            "layout": "standard",
            "navigation_order": 100,
            "references-TOTAL_FORMS": 0,
            "references-INITIAL_FORMS": 0,
            "faq_items-TOTAL_FORMS": 0,
            "faq_items-INITIAL_FORMS": 0,
        },
        follow=True,
    )
    assert "names practice policies that do not exist" in response.content.decode()
    assert "where-doses-go" in response.content.decode()


def test_the_privacy_notice_says_whom_staff_call_first_only_once_confirmed(client, site_pages):
    text = visible_text(client.get("/privacy/"))
    assert "please do not wait for us: call or text 988, or call 911." in text
    assert "call first" not in text

    confirm("call-first", "Requests that answer yes are read first, every working day.")
    text = visible_text(client.get("/privacy/"))
    assert "requests that answer yes are read first, every working day." in text
    assert "please do not wait for us" not in text


def test_launch_check_lists_the_call_order_and_the_states_until_confirmed(db):
    from content.launch import launch_problems

    def unconfirmed():
        return next(p.text for p in launch_problems() if "practice policy" in p.text)

    assert "Who is called first after a yes to thoughts of self-harm" in unconfirmed()
    assert "States the practice can see people from" in unconfirmed()
    confirm("call-first", "Requests that answer yes are read first.")
    confirm("states-served", "We can see people who live in California.")
    assert "called first" not in unconfirmed() and "States the practice" not in unconfirmed()


def test_a_template_naming_no_policy_fails_loudly():
    from django.template import Context, Template, TemplateSyntaxError

    template = Template('{% load content_tags %}{% policy "call-frist" %}')
    with pytest.raises(TemplateSyntaxError):
        template.render(Context({"policy_statements": {}}))


def call_box(client):
    page = client.get("/before-and-after-your-session/").content.decode()
    box = page[page.index('class="call-box"') :]
    return main_text(f"<main>{box[: box.index('</section>')]}</main>")


def test_the_guide_ends_with_the_numbers_to_call_from_the_practice_details(client, site_pages):
    from content.models import PracticeDetails

    text = call_box(client)
    assert "Stanford Psychological Services" in text
    assert "Ask your care team for our phone number." in text
    assert POLICIES["after-hours"].neutral in text
    assert "988" in text and "911" in text
    # Said once: the box holds the after-hours line, not the text above it too.
    assert (
        visible_text(client.get("/before-and-after-your-session/")).count(
            POLICIES["after-hours"].neutral.lower()
        )
        == 1
    )

    practice = PracticeDetails.load()
    practice.phone = "(650) 555-0100"
    practice.save()
    confirm("after-hours", "Outside office hours, call our on-call clinician at (650) 555-0199.")
    page = client.get("/before-and-after-your-session/").content.decode()
    text = call_box(client)
    assert "(650) 555-0100" in text and 'href="tel:6505550100"' in page
    assert "call our on-call clinician at (650) 555-0199" in text
    assert "Ask your care team" not in text
