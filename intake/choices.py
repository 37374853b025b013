"""The fixed lists the consultation form offers. Keys are stored; labels are shown."""

from django.db import models


class ContactMethod(models.TextChoices):
    EMAIL = "email", "Email"
    PHONE = "phone", "Phone call"
    TEXT = "text", "Text message"


class YesNo(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"


class SubmittedBy(models.TextChoices):
    SELF = "self", "For myself"
    SOMEONE_ELSE = "someone_else", "For someone else"
    CLINICIAN = "clinician", "I am a clinician referring a patient"


class CallFirst(models.TextChoices):
    # Whom staff call first about a clinician's referral, as the clinician chose.
    CLINICIAN = "clinician", "Me, the referring clinician"
    PATIENT = "patient", "The patient"


class HistoryAnswer(models.TextChoices):
    # A referring clinician's answer about the patient's history.
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_KNOWN = "not_known", "Not known"


class SelfHarmAnswer(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    PREFER_NOT = "prefer_not_to_say", "I would prefer not to say"


class HelpWanted(models.TextChoices):
    # The conditions of the "Who might benefit" page.
    TRD = "trd", "Depression that has not lifted with treatment (treatment-resistant depression)"
    MAJOR_DEPRESSION = "major_depression", "Major depression"
    SUICIDAL_THOUGHTS = "suicidal_thoughts", "Depression with thoughts of suicide"
    ANXIETY = "anxiety", "Anxiety"
    PTSD = "ptsd", "PTSD (post-traumatic stress disorder)"
    OCD = "ocd", "OCD (obsessive-compulsive disorder)"
    BIPOLAR_DEPRESSION = "bipolar_depression", "Bipolar depression"
    CHRONIC_PAIN = "chronic_pain", "Chronic pain, such as CRPS or fibromyalgia"
    PALLIATIVE = "palliative", "Emotional distress during a serious illness (palliative care)"
    NOT_SURE = "not_sure", "I am not sure"


class AntidepressantsTried(models.TextChoices):
    NONE = "none", "None"
    ONE = "1", "1"
    TWO = "2", "2"
    THREE_PLUS = "3_or_more", "3 or more"
    NOT_SURE = "not_sure", "I am not sure"


class TreatmentInterest(models.TextChoices):
    IV = "iv", "IV ketamine (a drip into a vein)"
    LOZENGE = "lozenge", "Ketamine lozenge (dissolves in the mouth)"
    SPRAVATO = "spravato", "Spravato (esketamine nasal spray)"
    NOT_SURE = "not_sure", "I am not sure yet"


class HowPaying(models.TextChoices):
    INSURANCE = "insurance", "Health insurance (not Medicare or Medicaid)"
    MEDICARE = "medicare", "Medicare"
    MEDICAID = "medicaid", "Medicaid"
    # Uninsured, or insured and not using it: who may ask for a Good Faith Estimate (facts §12).
    SELF_PAY = "self_pay", "Paying without using insurance (self-pay)"
    NOT_SURE = "not_sure", "I am not sure yet"


class Status(models.TextChoices):
    """Where a request is in the follow-up.

    "Not a fit" is here and in CloseReason on purpose. Staff close a request with one list of
    reasons (CloseReason), and "not a fit" is one of them; choosing it finishes the request as
    Status.NOT_A_FIT rather than CLOSED (ConsultationRequest.take_step), so the queue's status
    column and filter show the people we could not help apart from the others, while the close
    reason still says why, as it does for every finished request.
    """

    NEW = "new", "New"
    CONTACTED = "contacted", "Contacted"
    SCHEDULED = "scheduled", "Scheduled"
    CLOSED = "closed", "Closed"
    NOT_A_FIT = "not_a_fit", "Not a fit"


FINISHED_STATUSES = [Status.CLOSED, Status.NOT_A_FIT]


class USState(models.TextChoices):
    AL = "AL", "Alabama"
    AK = "AK", "Alaska"
    AZ = "AZ", "Arizona"
    AR = "AR", "Arkansas"
    CA = "CA", "California"
    CO = "CO", "Colorado"
    CT = "CT", "Connecticut"
    DE = "DE", "Delaware"
    DC = "DC", "District of Columbia"
    FL = "FL", "Florida"
    GA = "GA", "Georgia"
    HI = "HI", "Hawaii"
    ID = "ID", "Idaho"
    IL = "IL", "Illinois"
    IN = "IN", "Indiana"
    IA = "IA", "Iowa"
    KS = "KS", "Kansas"
    KY = "KY", "Kentucky"
    LA = "LA", "Louisiana"
    ME = "ME", "Maine"
    MD = "MD", "Maryland"
    MA = "MA", "Massachusetts"
    MI = "MI", "Michigan"
    MN = "MN", "Minnesota"
    MS = "MS", "Mississippi"
    MO = "MO", "Missouri"
    MT = "MT", "Montana"
    NE = "NE", "Nebraska"
    NV = "NV", "Nevada"
    NH = "NH", "New Hampshire"
    NJ = "NJ", "New Jersey"
    NM = "NM", "New Mexico"
    NY = "NY", "New York"
    NC = "NC", "North Carolina"
    ND = "ND", "North Dakota"
    OH = "OH", "Ohio"
    OK = "OK", "Oklahoma"
    OR = "OR", "Oregon"
    PA = "PA", "Pennsylvania"
    RI = "RI", "Rhode Island"
    SC = "SC", "South Carolina"
    SD = "SD", "South Dakota"
    TN = "TN", "Tennessee"
    TX = "TX", "Texas"
    UT = "UT", "Utah"
    VT = "VT", "Vermont"
    VA = "VA", "Virginia"
    WA = "WA", "Washington"
    WV = "WV", "West Virginia"
    WI = "WI", "Wisconsin"
    WY = "WY", "Wyoming"
    AS = "AS", "American Samoa"
    GU = "GU", "Guam"
    MP = "MP", "Northern Mariana Islands"
    PR = "PR", "Puerto Rico"
    VI = "VI", "U.S. Virgin Islands"


class CloseReason(models.TextChoices):
    # Why staff closed a request; "not a fit" finishes it as Status.NOT_A_FIT (see Status).
    TREATED_ELSEWHERE = "treated_elsewhere", "Treated elsewhere"
    NOT_A_FIT = "not_a_fit", "Not a fit"
    COULD_NOT_REACH = "could_not_reach", "Could not reach"
    DUPLICATE = "duplicate", "Duplicate request"
    OTHER = "other", "Other"


OPEN_STATUSES = [Status.NEW, Status.CONTACTED, Status.SCHEDULED]


class SpamReason(models.TextChoices):
    # Why a request looked automated when it arrived (it is saved all the same; staff decide).
    HIDDEN_BOX = (
        "hidden_box",
        "A box hidden from people was filled in (a password manager or autofill can do this)",
    )
    NO_START_TOKEN = (
        "no_start_token",
        "The form's start token was missing, or not one this site made",
    )
    TOO_FAST = (
        "too_fast",
        "Sent within a few seconds of the page being shown (autofill can do this)",
    )
