"""Every question of a consultation request, once: its words, when it is asked, whether it must be
answered, and its column in the export.

The one place a question is written. The model's field (staff label, help text, choices), the
public form (label to the person and to a helper, hint, required, layout and the order of the
error summary), the staff page (label, section, "Not asked"/"Not answered") and the CSV export
(column) all read these records, in this order: a question moved here moves everywhere.

Adding an optional question is one record here (in the section where it is asked) plus its field
on ConsultationRequest, which takes its words with `**questions.model_options("name")`.

The form has three paths, chosen by its first question (SubmittedBy): a person asking for
themselves, someone helping them, and a clinician referring a patient. A question asked on every
path has a wording for each (`you`, `them`, `clinician`); one asked only on some paths says so with
`shown_when` (a Reveal straight after the first question, or a Path anywhere in the form).
"""

import enum
from dataclasses import dataclass
from typing import NamedTuple

from content.medicine_history import MEDICINES_TRIED

from .choices import (
    AntidepressantsTried,
    CallFirst,
    ContactMethod,
    HelpWanted,
    HistoryAnswer,
    HowPaying,
    SelfHarmAnswer,
    SubmittedBy,
    TreatmentInterest,
    USState,
    YesNo,
)

MESSAGE_MAX_LENGTH = 2000
# A referral lists up to this many antidepressant trials, one row each.
TRIALS_MAX_ROWS = 12
# The keys a trial is stored under, one for each column of the medicine-history worksheet
# (content.medicine_history.MEDICINES_TRIED), in its order: the form's rows take its labels.
TRIAL_KEYS = ("medicine", "highest_dose", "weeks", "effect", "side_effects", "augmentation")
TRIAL_LABELS = dict(
    zip(TRIAL_KEYS, (column.label for column in MEDICINES_TRIED.columns), strict=True)
)

# Choices up to this long are radios, so every answer is in view (GOV.UK); longer lists (the
# states) are a menu.
MOST_RADIOS = 8
# Groups of questions one question may reveal, one per answer (the stylesheet has a rule each).
REVEALS_PER_QUESTION = 2


class Reveal(NamedTuple):
    """Questions asked only after one answer (GOV.UK's conditional reveal).

    The stylesheet shows them while `shown_by` has `value` (with JavaScript off too, and hidden
    from the first paint, so nothing moves as the page loads; a browser without :has() shows them
    all), the form ignores what they hold otherwise, and the staff page says "Not asked". They
    must follow one another in SECTIONS, straight after the `shown_by` question; when two answers
    of one question each reveal questions (at most REVEALS_PER_QUESTION), the two groups follow
    it one after the other.
    """

    css_id: str
    shown_by: str
    value: str
    intro: str = ""  # words above the revealed questions on the form

    def shown_for(self, answer):
        return answer == self.value


FOR_SOMEONE_ELSE = Reveal(
    "conditional-helper",
    "submitted_by",
    SubmittedBy.SOMEONE_ELSE,
    intro='<h2 class="section-title">About you, the person helping</h2>'
    '<p class="form-text">Then answer the questions below about the person you are helping.</p>',
)
FOR_CLINICIAN = Reveal(
    "conditional-referrer",
    "submitted_by",
    SubmittedBy.CLINICIAN,
    intro='<h2 class="section-title">About you, the referring clinician</h2>'
    '<p class="form-text">Then answer the questions below about your patient.</p>',
)
SEES_CLINICIAN = Reveal("conditional-clinician", "sees_clinician", YesNo.YES)
# One question, two answers that each reveal their own question.
PAYS_WITH_INSURANCE = Reveal("conditional-insurance-plan", "how_paying", HowPaying.INSURANCE)
# People on Medicare or Medicaid are not "uninsured or self-pay" for the Good Faith Estimate.
PAYS_WITHOUT_INSURANCE = Reveal("conditional-estimate", "how_paying", HowPaying.SELF_PAY)


class Path(NamedTuple):
    """Questions asked on some paths of the form only (the answers to "Who is this request
    for?"), wherever their section is.

    Like a Reveal, but not in a box after the first question: the stylesheet hides every
    question with `css_class` unless one of `values` is chosen (with JavaScript off too), the form
    ignores what they hold otherwise, and the staff page says "Not asked".
    """

    css_class: str
    shown_by: str
    values: tuple

    def shown_for(self, answer):
        return answer in self.values


FOR_CLINICIANS = Path("for-clinician", "submitted_by", (SubmittedBy.CLINICIAN,))
NOT_FOR_CLINICIANS = Path(
    "not-for-clinician", "submitted_by", (SubmittedBy.SELF, SubmittedBy.SOMEONE_ELSE)
)


class Link(NamedTuple):
    """A link under a question's hint, to a page of the site and a part of it."""

    text: str
    page: str  # the page's slug (content:page)
    fragment: str = ""


class Required(enum.Enum):
    NO = "optional"
    YES = "always"
    # A helper whose person does not know about the request yet, or a referring clinician who
    # asked to be called first: staff call them first, so how to reach the person is optional.
    UNLESS_HELPER_FIRST = "unless the helper or the referring clinician is called first"
    # Asked only after another answer (shown_when), and then it must be answered.
    WHEN_SHOWN = "when it is shown"


class NeededFor(NamedTuple):
    """Needed only for some answers to another question (an email address when email was
    chosen); like Required.UNLESS_HELPER_FIRST, not when the helper is called first."""

    question: str
    answers: tuple


@dataclass(frozen=True)
class Question:
    name: str  # the model's field
    you: str = ""  # the label, to the person
    them: str = ""  # the label, to someone filling it in for them (else the same as `you`)
    clinician: str = ""  # the label, to a clinician referring the person (else `you`)
    # Other words for some choices, to a clinician: {stored value: label}.
    clinician_choices: dict | None = None
    staff: str = ""  # the model's verbose_name: the staff page's label (else Django's own)
    staff_hint: str = ""  # the model's help_text, for staff
    hint: str = ""  # under the question on the form ([[policy:…]] filled in from PracticePolicy)
    link: Link | None = None  # after the hint
    choices: type | None = None  # a TextChoices
    many: bool = False  # several of the choices may be ticked
    shown_when: Reveal | Path | None = None
    required: Required = Required.NO
    needed_for: NeededFor | None = None
    # What the form says when it is not answered: (to the person, to a helper), or one for both.
    required_message: tuple[str, str] | str = ""
    column: str = ""  # its CSV column; none: not exported
    csv_value: object = None  # how the export writes it, when not its stored value or label
    autocomplete: str = ""  # what a browser may fill in from saved details
    asked: bool = True  # False: recorded from another answer, not asked
    # Asked as rows (a content.medicine_history.Table), up to TRIALS_MAX_ROWS, not in one box.
    rows: object = None

    @property
    def label_them(self):
        label = self.them or self.you
        if self.required is Required.UNLESS_HELPER_FIRST:
            # A helper may be the one we call first (the person does not know yet): say so.
            label += " (optional if they do not know about this request yet)"
        return label

    @property
    def label_clinician(self):
        label = self.clinician or self.you
        if self.required is Required.UNLESS_HELPER_FIRST:
            label += " (optional if you ask us to contact you first)"
        return label

    @property
    def staff_label(self):
        return self.staff or self.name.replace("_", " ")

    @property
    def asked_of_helper_only(self):
        """Asked only of someone filling the form in for another person."""
        return self.shown_when is FOR_SOMEONE_ELSE

    @property
    def about_the_sender(self):
        """About whoever fills the form in for another person (a helper or a referring
        clinician), not about the person."""
        return self.shown_when in (FOR_SOMEONE_ELSE, FOR_CLINICIAN)

    @property
    def radios(self):
        return bool(self.choices) and not self.many and len(self.choices) <= MOST_RADIOS

    def message(self, sender):
        """What the form says when it is not answered, to the sender (a SubmittedBy); a
        clinician reads the words to someone helping."""
        if isinstance(self.required_message, str):
            return self.required_message
        return self.required_message[0 if sender == SubmittedBy.SELF else 1]

    def label(self, sender):
        if sender == SubmittedBy.CLINICIAN:
            return self.label_clinician
        return self.label_them if sender == SubmittedBy.SOMEONE_ELSE else self.you


@dataclass(frozen=True)
class Section:
    name: str  # how the form's layout refers to it
    staff_title: str  # its heading on the staff request page
    questions: list[Question]
    you: str = ""  # its heading on the form, to the person (none: not a fieldset)
    them: str = ""  # … and to someone filling it in for them (else the same)
    clinician: str = ""  # … and to a clinician referring the person (else `them`)
    intro: str = ""  # words on the form before its questions

    @property
    def fields(self):
        return [question.name for question in self.questions]


SECTIONS = [
    Section(
        "sender",
        "Who sent it",
        [
            Question(
                "submitted_by",
                "Who is this request for?",
                staff="sent by",
                staff_hint="Whether the person sent this themselves or someone helping them sent "
                "it.",
                choices=SubmittedBy,
                column="sent by",
            ),
            Question(
                "helper_name",
                "Your full name",
                staff_hint="The helper's name, when someone sent it for them.",
                shown_when=FOR_SOMEONE_ELSE,
                required=Required.WHEN_SHOWN,
                required_message="Enter your own full name, as the person helping.",
                column="helper name",
                autocomplete="name",
            ),
            Question(
                "helper_relationship",
                "How do you know them? (optional)",
                staff_hint="How the helper knows the person (partner, parent…).",
                hint="For example: partner, parent, friend.",
                shown_when=FOR_SOMEONE_ELSE,
                column="helper relationship",
            ),
            Question(
                "helper_email",
                "Your email address",
                hint="We need your email address or your phone number, or both.",
                shown_when=FOR_SOMEONE_ELSE,
                column="helper email",
                autocomplete="email",
            ),
            Question(
                "helper_phone",
                "Your phone number",
                shown_when=FOR_SOMEONE_ELSE,
                column="helper phone",
                autocomplete="tel",
            ),
            Question(
                "person_agrees_to_contact",
                "Do they know about this request, and agree that we may contact them?",
                staff="the person knows and agrees to be contacted",
                staff_hint="Asked only when a helper sent the request.",
                hint="If they do not know yet, we will speak with you first, and how to reach "
                "them is optional.",
                choices=YesNo,
                shown_when=FOR_SOMEONE_ELSE,
                required=Required.WHEN_SHOWN,
                required_message="Choose whether they know about this request and agree that we "
                "may contact them.",
                column="the person agrees to be contacted",
            ),
            Question(
                "referrer_name",
                "Your full name",
                staff="referring clinician",
                staff_hint="The name of the clinician who sent the referral.",
                shown_when=FOR_CLINICIAN,
                required=Required.WHEN_SHOWN,
                required_message="Enter your own full name, as the referring clinician.",
                column="referrer name",
                autocomplete="name",
            ),
            Question(
                "referrer_credential",
                "Your credential",
                staff="referrer's credential",
                hint="For example: MD, DO, NP, PA, PhD or LCSW.",
                shown_when=FOR_CLINICIAN,
                required=Required.WHEN_SHOWN,
                required_message="Enter your credential, for example MD or NP.",
                column="referrer credential",
                autocomplete="honorific-suffix",
            ),
            Question(
                "referrer_organization",
                "Your practice or organization (optional)",
                staff="referrer's practice or organization",
                shown_when=FOR_CLINICIAN,
                column="referrer organization",
                autocomplete="organization",
            ),
            Question(
                "referrer_phone",
                "Your phone number",
                staff="referrer's phone",
                hint="Where our team can call you back about this referral.",
                shown_when=FOR_CLINICIAN,
                required=Required.WHEN_SHOWN,
                required_message="Enter a phone number where we can call you back.",
                column="referrer phone",
                autocomplete="tel",
            ),
            Question(
                "referrer_email",
                "Your email address (optional)",
                staff="referrer's email",
                shown_when=FOR_CLINICIAN,
                column="referrer email",
                autocomplete="email",
            ),
            Question(
                "referrer_npi",
                "Your NPI (optional)",
                staff="referrer's NPI",
                staff_hint="National Provider Identifier; its check digit was checked when sent.",
                hint="Your 10-digit National Provider Identifier.",
                shown_when=FOR_CLINICIAN,
                column="referrer NPI",
            ),
            Question(
                "referrer_secure_contact",
                "Your secure fax number or Direct address (optional)",
                staff="referrer's secure fax or Direct address",
                staff_hint="Where records may be sent to the referrer securely.",
                hint="Where we may send records to you securely. Please do not give an ordinary "
                "email address here.",
                shown_when=FOR_CLINICIAN,
                column="referrer secure fax or Direct",
            ),
            Question(
                "call_first",
                "Who should we contact first?",
                staff="call first",
                staff_hint="Whom the referring clinician asked us to call first.",
                hint="If you choose yourself, how to reach the patient is optional.",
                choices=CallFirst,
                shown_when=FOR_CLINICIAN,
                required=Required.WHEN_SHOWN,
                required_message="Choose whom we should contact first: you or the patient.",
                column="call first",
            ),
            Question(
                "patient_agrees_to_referral",
                "The patient knows about this referral and agrees to it.",
                staff="the patient knows and agrees to the referral",
                staff_hint="Asked only when a clinician sent the request; it cannot be sent "
                "without it.",
                shown_when=FOR_CLINICIAN,
                required=Required.WHEN_SHOWN,
                required_message="Confirm that the patient knows about this referral and agrees "
                "to it. We can only accept a referral the patient agrees to.",
            ),
        ],
    ),
    Section(
        "person",
        "Who it is for (as they sent it)",
        [
            Question(
                "full_name",
                "Full name",
                "Their full name",
                "The patient's full name",
                staff_hint="The name the person gave.",
                required=Required.YES,
                required_message=(
                    "Enter your full name.",
                    "Enter the full name of the person this request is for.",
                ),
                column="full name",
                autocomplete="name",
            ),
            Question(
                "preferred_name",
                "What should we call you? (optional)",
                "What should we call them? (optional)",
                "What should we call the patient? (optional)",
                staff_hint="What they would like to be called, if different.",
                column="preferred name",
                autocomplete="nickname",
            ),
            Question(
                "state",
                "US state where you live",
                "US state where they live",
                "US state where the patient lives",
                staff="US state",
                staff_hint="Where they live.",
                hint="[[policy:states-served]]",
                choices=USState,
                required=Required.YES,
                required_message=(
                    "Choose the state where you live.",
                    "Choose the state where they live.",
                ),
                column="state",
                csv_value=lambda consultation: consultation.state,  # the two letters
                autocomplete="address-level1",
            ),
            Question(
                "is_adult",
                "I am 18 or older.",
                "They are 18 or older.",
                "The patient is 18 or older.",
                staff="confirmed 18 or older",
                staff_hint="They confirmed they are 18 or older.",
                required=Required.YES,
                required_message=(
                    "Confirm that you are 18 or older. We can only help adults through this form.",
                    "Confirm that the person is 18 or older. We can only help adults through this "
                    "form.",
                ),
            ),
        ],
        you="About you",
        them="About them",
        clinician="About the patient",
    ),
    Section(
        "contact",
        "How to reach them (as they sent it)",
        [
            Question(
                "contact_method",
                "How would you like us to contact you?",
                "How should we contact them?",
                "How should we contact the patient?",
                staff="preferred contact",
                staff_hint="How they asked to be contacted. Optional only when a helper sent it "
                "and the person does not know yet: call the helper first.",
                choices=ContactMethod,
                required=Required.UNLESS_HELPER_FIRST,
                required_message=(
                    "Choose how we should contact you: email, a phone call or a text.",
                    "Choose how we should contact them: email, a phone call or a text.",
                ),
                column="preferred contact",
            ),
            Question(
                "email",
                "Email address",
                "Their email address",
                "The patient's email address",
                hint="Needed if you chose email.",
                needed_for=NeededFor("contact_method", (ContactMethod.EMAIL,)),
                required_message="Enter an email address, or choose another way for us to make "
                "contact.",
                column="email",
                autocomplete="email",
            ),
            Question(
                "phone",
                "Phone number",
                "Their phone number",
                "The patient's phone number",
                hint="Needed if you chose a phone call or a text message.",
                needed_for=NeededFor("contact_method", (ContactMethod.PHONE, ContactMethod.TEXT)),
                required_message="Enter a phone number, or choose another way for us to make "
                "contact.",
                column="phone",
                autocomplete="tel",
            ),
            Question(
                "ok_to_leave_message",
                "May we leave a voicemail or text that names our practice?",
                "May we leave them a voicemail or text that names our practice?",
                "May we leave the patient a voicemail or text that names our practice?",
                staff="OK to leave a message naming the practice",
                staff_hint="If No (or not answered), do not leave a voicemail or text that names "
                "the practice: someone else may see or hear it.",
                hint="Someone else may see messages or hear a voicemail.",
                choices=YesNo,
                required=Required.UNLESS_HELPER_FIRST,
                required_message="Choose whether we may leave a message that names our practice.",
                column="OK to leave message",
            ),
            Question(
                "best_time",
                "When is the best time to reach you? (optional)",
                "When is the best time to reach them? (optional)",
                "When is the best time to reach the patient? (optional)",
                staff="best time to reach",
                staff_hint="When they said they are easiest to reach. Optional.",
                hint="For example: weekday mornings, or after 5 pm.",
                column="best time",
            ),
        ],
        you="How to reach you",
        them="How to reach them",
        clinician="How can we reach the patient?",
    ),
    # Before the optional questions, so nobody has to get through those to be asked.
    Section(
        "safety",
        "Their safety (as they sent it)",
        [
            Question(
                "self_harm_thoughts",
                "Are you having thoughts of suicide or of harming yourself right now?",
                "Are they having thoughts of suicide or of harming themselves right now?",
                "Is the patient at risk of suicide or of harming themselves now?",
                staff="thoughts of suicide or self-harm now",
                staff_hint="Their answer when they sent the form. Yes marks the request urgent.",
                hint="[[policy:call-first]] You can still send this form whatever you answer.",
                choices=SelfHarmAnswer,
                clinician_choices={SelfHarmAnswer.PREFER_NOT: "I am not sure"},
                required=Required.YES,
                required_message="Choose an answer about thoughts of suicide or self-harm. You "
                "may choose “I would prefer not to say”.",
                column="thoughts of self-harm",
            ),
        ],
        you="Your safety right now",
        them="Their safety right now",
        clinician="The patient's safety right now",
    ),
    # Asked only of a referring clinician: what plans check and what the evaluation needs
    # (the "For clinicians" page's "What to include").
    Section(
        "referral",
        "The referral (as the clinician sent it)",
        [
            Question(
                "reason_for_referral",
                "Reason for referral",
                staff_hint="In the referring clinician's words.",
                hint="For example: the diagnosis, how long this episode has lasted, and what you "
                f"would like us to assess. Up to {MESSAGE_MAX_LENGTH:,} characters.",
                shown_when=FOR_CLINICIANS,
                required=Required.WHEN_SHOWN,
                required_message="Enter the reason for referral.",
                column="reason for referral",
            ),
            Question(
                "antidepressant_trials",
                "Antidepressants tried (optional)",
                staff="antidepressant trials",
                staff_hint="One row for each antidepressant tried, as the referring clinician "
                "wrote it.",
                hint="One row for each antidepressant trial: the medicine, its highest dose, the "
                "weeks taken at that dose, its effect and side effects, and anything added to it "
                "(augmentation). Only the medicine is needed; leave a row empty to skip it.",
                link=Link(
                    "Print the medicine-history worksheet, with the same columns",
                    "medicine-history-worksheet",
                ),
                shown_when=FOR_CLINICIANS,
                column="antidepressant trials",
                csv_value=lambda consultation: trials_in_words(consultation.antidepressant_trials),
                rows=MEDICINES_TRIED,
            ),
            Question(
                "current_medicines",
                "Current medicines (optional)",
                staff_hint="As the referring clinician wrote them.",
                hint="With doses, including any benzodiazepines, opioids or stimulants.",
                shown_when=FOR_CLINICIANS,
                column="current medicines",
            ),
            Question(
                "history_psychosis_or_mania",
                "History of psychosis or mania (optional)",
                staff="history of psychosis or mania",
                choices=HistoryAnswer,
                shown_when=FOR_CLINICIANS,
                column="history of psychosis or mania",
            ),
            Question(
                "history_substance_use",
                "History of substance use (optional)",
                staff="history of substance use",
                hint="Including ketamine used outside medical care.",
                choices=HistoryAnswer,
                shown_when=FOR_CLINICIANS,
                column="history of substance use",
            ),
            Question(
                "history_heart",
                "Raised blood pressure, or heart or blood vessel disease (optional)",
                staff="raised blood pressure or heart disease",
                choices=HistoryAnswer,
                shown_when=FOR_CLINICIANS,
                column="raised blood pressure or heart disease",
            ),
            Question(
                "pregnant_or_breastfeeding",
                "Is the patient pregnant or breastfeeding? (optional)",
                staff="pregnant or breastfeeding",
                choices=HistoryAnswer,
                shown_when=FOR_CLINICIANS,
                column="pregnant or breastfeeding",
            ),
        ],
        you="About the referral",
    ),
    Section(
        "more",
        "What they asked about (as they sent it)",
        [
            Question(
                "help_wanted",
                "What would you like help with? (optional)",
                "What would they like help with? (optional)",
                staff="would like help with",
                staff_hint="The conditions they ticked (from the Who might benefit page).",
                hint="Choose all that apply. For some of these, such as distress during a serious "
                "illness, research does not yet show that ketamine helps: you can still choose "
                "them, and we will talk with you about whether ketamine is right for this.",
                choices=HelpWanted,
                many=True,
                shown_when=NOT_FOR_CLINICIANS,
                column="help wanted",
                csv_value=lambda consultation: "; ".join(consultation.help_wanted_labels),
            ),
            Question(
                "antidepressants_tried",
                "How many antidepressant medicines have you tried? (optional)",
                "How many antidepressant medicines have they tried? (optional)",
                choices=AntidepressantsTried,
                hint="A list of each medicine tried so far helps at the consultation.",
                link=Link(
                    "Print a medicine-history worksheet to fill in and bring along",
                    "medicine-history-worksheet",
                ),
                # A referring clinician lists each one (antidepressant_trials).
                shown_when=NOT_FOR_CLINICIANS,
                column="antidepressants tried",
            ),
            Question(
                "treatment_interest",
                "Which treatment are you interested in? (optional)",
                "Which treatment are they interested in? (optional)",
                "Which treatment are you referring the patient for? (optional)",
                staff="treatment of interest",
                choices=TreatmentInterest,
                column="treatment of interest",
            ),
            Question(
                "sees_clinician",
                "Do you see a prescriber or therapist now? (optional)",
                "Do they see a prescriber or therapist now? (optional)",
                staff="sees a prescriber or therapist now",
                choices=YesNo,
                # A referring clinician is one.
                shown_when=NOT_FOR_CLINICIANS,
                column="sees clinician",
            ),
            Question(
                "may_contact_clinician",
                "May we contact your prescriber or therapist? (optional)",
                "May we contact their prescriber or therapist? (optional)",
                staff="we may contact their clinician",
                staff_hint="Empty when they do not see a clinician now.",
                hint="We would ask again before we do.",
                choices=YesNo,
                shown_when=SEES_CLINICIAN,
                column="may contact clinician",
            ),
            Question(
                "how_paying",
                "How do you expect to pay for care? (optional)",
                "How do they expect to pay for care? (optional)",
                "How does the patient expect to pay for care? (optional)",
                staff="expects to pay with",
                staff_hint="How they expect to pay for care. Someone paying without insurance may "
                "ask for a Good Faith Estimate (below).",
                link=Link(
                    "Read about costs, insurance and Good Faith Estimates",
                    "costs-and-insurance",
                    "good-faith-estimate",
                ),
                choices=HowPaying,
                column="how paying",
            ),
            Question(
                "insurance_plan",
                "Name of your insurance plan (optional)",
                "Name of their insurance plan (optional)",
                "Name of the patient's insurance plan (optional)",
                staff="insurance plan",
                staff_hint="As they wrote it. On requests sent before the form asked how they "
                "expect to pay, this is their answer to “Insurance company, or self-pay”.",
                hint="As it is written on the insurance card.",
                shown_when=PAYS_WITH_INSURANCE,
                column="insurance plan",
            ),
            Question(
                "wants_good_faith_estimate",
                "Would you like a Good Faith Estimate? (optional)",
                "Would they like a Good Faith Estimate? (optional)",
                "Would the patient like a Good Faith Estimate? (optional)",
                staff="asked for a Good Faith Estimate",
                staff_hint="Yes: send it within 3 business days of the request (the summary at the "
                "top gives the date), then press “Mark Good Faith Estimate sent”.",
                # Facts file §12: no more than it supports.
                hint="A Good Faith Estimate is a written estimate of the expected charges, given "
                "before care. People who have no insurance, or who choose not to use it, have "
                "the right to one.",
                choices=YesNo,
                shown_when=PAYS_WITHOUT_INSURANCE,
                column="wants Good Faith Estimate",
            ),
            Question(
                "heard_about",
                "How did you hear about us? (optional)",
                staff="how they heard of us",
                column="heard about us",
            ),
            Question(
                "message",
                "Anything else you would like us to know? (optional)",
                clinician="Anything else we should know? (optional)",
                hint=f"Up to {MESSAGE_MAX_LENGTH:,} characters. Please do not include a full "
                "medical history: we will ask what we need when we speak.",
                column="message",
            ),
        ],
        you="More about what you are looking for (all optional)",
        them="More about what they are looking for (all optional)",
        clinician="More about the patient's care (all optional)",
        intro='<p class="form-text">Answer what you can. We will ask about the rest when we '
        "speak.</p>",
    ),
    Section(
        "consent",
        "Consent",
        [
            Question(
                "consent_to_contact",
                "I agree that the practice may contact me about this request, and I have read "
                "“What happens to your answers” above.",
                "I agree that the practice may contact them and me about this request, and I "
                "have read “What happens to your answers” above.",
                "I agree that the practice may contact the patient and me about this referral, "
                "and I have read “What happens to your answers” above.",
                required=Required.YES,
                required_message="Tick the box to agree that we may contact you about this "
                "request. We cannot reply otherwise.",
            ),
            # Recorded from another answer, not asked: the one consent box also says the privacy
            # notice was read.
            Question("privacy_acknowledged", staff="read the privacy notice", asked=False),
        ],
        you="Before you send",
    ),
]

ALL = [question for section in SECTIONS for question in section.questions]
BY_NAME = {question.name: question for question in ALL}
ASKED = [question for question in ALL if question.asked]
EXPORTED = [question for question in ALL if question.column]
REVEALS = list(dict.fromkeys(q.shown_when for q in ALL if isinstance(q.shown_when, Reveal)))


def reveals_of(name):
    """The Reveals question `name` opens, in the order their questions follow it."""
    return [reveal for reveal in REVEALS if reveal.shown_by == name]


QUESTIONS = [question.name for question in ALL]
FORM_QUESTIONS = [question.name for question in ASKED]


def trials_in_words(trials):
    """A referral's antidepressant trials in one line each: the medicine, then the rest labelled
    as the worksheet's columns are."""
    lines = []
    for trial in trials or []:
        details = [f"{TRIAL_LABELS[key]}: {trial[key]}" for key in TRIAL_KEYS[1:] if trial.get(key)]
        lines.append(
            f"{trial.get('medicine', '')}" + (f" ({'; '.join(details)})" if details else "")
        )
    return "\n".join(lines)


def model_options(name):
    """The words and choices of question `name`, as its model field takes them.

    Only what the record sets, so a field keeps Django's own verbose name when it has none.
    """
    question = BY_NAME[name]
    options = {}
    if question.staff:
        options["verbose_name"] = question.staff
    if question.staff_hint:
        options["help_text"] = question.staff_hint
    if question.choices and not question.many:
        options["choices"] = question.choices.choices
    return options
