"""How this practice works, as values staff enter and a clinician confirms (facts file §11).

Page text names a policy with a placeholder, `[[policy:where-doses-are-taken]]`. When the page or
the policy is saved, the placeholder becomes the policy's sentence if a named person has confirmed
it, and otherwise the policy's neutral sentence, which promises nothing about this practice.
There is never an invented default. How care works is confirmed by a clinician; costs and payment
terms by whoever at the practice is responsible for billing.
"""

import re
from dataclasses import dataclass

PLACEHOLDER = re.compile(r"\[\[policy:\s*([a-z0-9-]+)\s*\]\]")
# Placeholders next to each other, with only spaces or line breaks between them.
PLACEHOLDER_RUN = re.compile(rf"{PLACEHOLDER.pattern}(?:\s*{PLACEHOLDER.pattern})+")

# The forms the consultation form can offer; the keys match intake's TreatmentInterest.
TREATMENT_FORMS = {
    "iv": "IV ketamine",
    "lozenge": "ketamine lozenges",
    "spravato": "Spravato",
}


@dataclass(frozen=True)
class Policy:
    label: str
    help_text: str
    neutral: str
    # Costs and payment terms are confirmed by whoever is responsible for billing, who need not
    # be a clinician; everything else by a clinician.
    about_payment: bool = False

    @property
    def confirmer(self):
        return "the person responsible for billing" if self.about_payment else "a clinician"


POLICIES = {
    "treatment-forms": Policy(
        "Forms of ketamine offered",
        "Which forms of ketamine the practice offers. Tick them below too: the consultation "
        "form offers only the ticked forms once this is confirmed.",
        "Your care team will tell you which forms of ketamine the practice offers.",
    ),
    "spravato-rems": Policy(
        "Spravato REMS certification",
        "Whether the practice is certified under the Spravato REMS, and since when.",
        "Spravato can only be given in a clinic certified under its REMS program. Ask our team "
        "whether Spravato is available here.",
    ),
    "where-doses-are-taken": Policy(
        "Where doses are taken",
        "Where each dose is taken, and whether any dose is ever taken home.",
        "Your care team will explain where each dose is taken and when you can go home.",
    ),
    "who-is-on-site": Policy(
        "Who is on site during a dose",
        "Who is with the patient and who is on site while a dose takes effect.",
        "Your care team will tell you who is with you while a dose takes effect.",
    ),
    "checks": Policy(
        "What is checked",
        "What is checked before, during and after a dose (for example blood pressure, oxygen).",
        "Your care team will explain what they check before, during and after a dose.",
    ),
    "how-long-you-stay": Policy(
        "How long people stay",
        "How long people stay after a dose, and who decides they may leave.",
        "Your care team will tell you how long you stay after a dose and who decides when you "
        "can leave.",
    ),
    "ride-home-iv": Policy(
        "Getting home and driving after IV ketamine",
        "Whether someone must take the patient home, and when they may drive again.",
        "Your care team will explain how to get home after IV ketamine and when you may drive "
        "again.",
    ),
    "ride-home-lozenge": Policy(
        "Getting home and driving after a lozenge",
        "Whether someone must take the patient home, and when they may drive again.",
        "Your care team will explain how to get home after a lozenge and when you may drive again.",
    ),
    "therapy": Policy(
        "How therapy is combined with ketamine",
        "How talk therapy fits with ketamine sessions (for example ketamine-assisted "
        "psychotherapy).",
        "Your care team will explain how talk therapy fits with ketamine sessions.",
    ),
    "schedule": Policy(
        "The usual schedule",
        "How many sessions people usually have, and how often.",
        "Your clinician will talk with you about how many sessions may make sense, and how often.",
    ),
    "after-hours": Policy(
        "After-hours number for people in treatment",
        "The number people in treatment call outside office hours, written as patients should "
        "read it.",
        "Ask your care team who to call outside office hours. In an emergency, call 911.",
    ),
    "costs": Policy(
        "Where costs are explained",
        "Where and when costs and insurance are explained.",
        "Our team can talk with you about costs and coverage before you decide anything.",
        about_payment=True,
    ),
    "call-first": Policy(
        "Who is called first after a yes to thoughts of self-harm",
        "What staff do when someone answers yes to thoughts of suicide or self-harm on the "
        "consultation form (for example, whether those requests are called first). Shown with "
        "that question, on the thank-you page and in the privacy notice, to the person and to "
        "someone filling the form in for them.",
        "Please do not wait for us: call or text 988, or call 911.",
    ),
    "states-served": Policy(
        "States the practice can see people from",
        "Which states the practice can see people from. Shown under the state question on the "
        "consultation form.",
        "Our team will tell you whether we can see people who live in the state you chose.",
    ),
    # Payment terms, shown on the Costs and insurance page (and in the FAQ).
    "first-consultation-cost": Policy(
        "Payment: whether the first consultation costs anything",
        "Whether the first consultation has a fee, and how much, or that it is free.",
        "Our team will tell you if the first consultation has a cost before you book it.",
        about_payment=True,
    ),
    "insurance-networks": Policy(
        "Payment: insurance plans the practice is in network with",
        "The insurance plans the practice is in network with, by name, or that it is in "
        "network with none.",
        "Ask our team if we are in network with your insurance plan.",
        about_payment=True,
    ),
    "insurance-billing": Policy(
        "Payment: billing insurance, or a superbill",
        "Whether the practice sends claims to insurance itself, or gives a superbill that "
        "patients send to their plan, and for which treatments.",
        "Ask our team if we can bill your plan, or give you a superbill to send to it yourself.",
        about_payment=True,
    ),
    "claims-help": Policy(
        "Payment: help with prior authorization and refused claims",
        "Whether the team helps with a plan's prior authorization forms and with a claim that "
        "was refused, and how.",
        "Ask our team what help they can give with your plan's forms.",
        about_payment=True,
    ),
    "medicare-medicaid": Policy(
        "Payment: Medicare and Medicaid",
        "Whether the practice takes Medicare and Medicaid, and for which treatments.",
        "If you have Medicare or Medicaid, ask our team if we can bill your plan.",
        about_payment=True,
    ),
    "hsa-fsa": Policy(
        "Payment: HSA and FSA cards",
        "Whether patients can pay with a health savings account (HSA) or flexible spending "
        "account (FSA) card.",
        "Ask our team if you can pay with a health savings account (HSA) or flexible spending "
        "account (FSA) card.",
        about_payment=True,
    ),
    "payment-plans": Policy(
        "Payment: financing and payment plans",
        "Whether patients can pay over time (a payment plan, or financing through another "
        "company), and on what terms.",
        "Ask our team if you can pay over time.",
        about_payment=True,
    ),
    "cancellation-refunds": Policy(
        "Payment: cancelling a session, and refunds",
        "How much notice people give to cancel or move a session, what a late cancellation "
        "costs, and when money is paid back.",
        "Before you pay for anything, ask our team how cancelling and refunds work.",
        about_payment=True,
    ),
    "prepaid-sessions": Policy(
        "Payment: sessions paid in advance if care stops",
        "What happens to money paid for sessions in advance if care stops early, for any "
        "reason (the patient stops, the clinician ends treatment, or the practice closes).",
        "Before you pay for sessions in advance, ask our team what happens to that money if "
        "your care stops.",
        about_payment=True,
    ),
    # What a referring clinician needs to know (facts file §14), on the "For clinicians" page.
    # The neutral sentences speak to the clinician, not to the patient.
    "referral-who": Policy(
        "Who may refer a patient",
        "Who may send a referral (for example any licensed clinician, or only the patient's "
        "psychiatric prescriber), written as a referring clinician should read it.",
        "Our team will tell you whether we can accept a referral from you.",
    ),
    "referral-reply": Policy(
        "What the practice sends back to the referrer, and when",
        "What the referring clinician receives after the evaluation and during treatment (for "
        "example a written summary), and how soon.",
        "Our team will tell you what we send back after we see your patient, and when.",
    ),
    "referral-prescribing": Policy(
        "Who keeps prescribing during treatment",
        "Who prescribes the patient's other medicines (such as antidepressants) during ketamine "
        "treatment: the referring clinician, the practice, or as agreed case by case.",
        "Ask our team who prescribes your patient's other medicines during treatment.",
    ),
    "referral-crises": Policy(
        "Who handles crises during treatment",
        "Who a patient in treatment, or their referring clinician, contacts in a crisis, and how "
        "the practice and the referrer share that care.",
        "Ask our team who your patient should contact in a crisis during treatment. In an "
        "emergency, they should call 911; they can also call or text 988.",
    ),
    "clinician-line": Policy(
        "Phone line for referring clinicians",
        "The number a clinician calls to discuss a referral with one of the practice's "
        "clinicians, written as a clinician should read it, e.g. “Clinicians may call (650) "
        "555-0100 to discuss a referral.”",
        "Please use the referral form on this site; our team will call you back.",
    ),
}

PAYMENT_TERMS = [key for key, policy in POLICIES.items() if policy.about_payment]


# Policies that answer one question side by side. Where a page names them together and none is
# confirmed, it says one sentence for them all, not nearly the same sentence twice in a row.
SHARED_NEUTRAL = {
    ("ride-home-iv", "ride-home-lozenge"): "Your care team will explain how to get home after IV "
    "ketamine or a lozenge, and when you may drive again.",
}


def confirmed_statements():
    """{key: sentence} for every policy a named person has confirmed."""
    from .models import PracticePolicy

    return {
        policy.key: " ".join(policy.statement.split())
        for policy in PracticePolicy.objects.all()
        if policy.is_confirmed
    }


def policy_sentence(key, statements):
    """The policy's confirmed sentence, or its neutral one ("" for a name that is no policy)."""
    if key in statements:
        return statements[key]
    return POLICIES[key].neutral if key in POLICIES else ""


def fill_policies(text, statements=None):
    """The text with each placeholder replaced by its confirmed sentence or its neutral one."""
    if not PLACEHOLDER.search(text or ""):
        return text
    if statements is None:
        statements = confirmed_statements()

    def sentences(match):
        keys = PLACEHOLDER.findall(match.group(0))
        said = []
        for key in keys:
            shared = next(
                (
                    (group, neutral)
                    for group, neutral in SHARED_NEUTRAL.items()
                    if key in group and all(k in keys and k not in statements for k in group)
                ),
                None,
            )
            said.append(shared[1] if shared else policy_sentence(key, statements))
        return " ".join(dict.fromkeys(s for s in said if s))

    return PLACEHOLDER.sub(
        lambda match: policy_sentence(match.group(1), statements),
        PLACEHOLDER_RUN.sub(sentences, text),
    )


def unknown_policy_names(text):
    return sorted({key for key in PLACEHOLDER.findall(text or "") if key not in POLICIES})


def offered_treatments():
    """The forms of ketamine the consultation form offers: those the practice has confirmed it
    offers, or all of them until it has confirmed any."""
    from .models import PracticePolicy

    policy = PracticePolicy.objects.filter(key="treatment-forms").first()
    offered = policy.offered_forms if policy and policy.is_confirmed else set()
    return offered or set(TREATMENT_FORMS)


def render_pages_using(sender, instance, **kwargs):
    """Render again the pages that name this policy, so they show its sentence (or the neutral
    one) from now on."""
    from .models import Page

    for page in Page.objects.filter(body__contains="[[policy:"):
        if instance.key in PLACEHOLDER.findall(page.body):
            page.save()


def connect_signals():
    from django.db.models.signals import post_delete, post_save

    for name, signal in [("save", post_save), ("delete", post_delete)]:
        signal.connect(
            render_pages_using, sender="content.PracticePolicy", dispatch_uid=f"policy-{name}"
        )
