from django.conf import settings
from django.conf.locale import LANG_INFO
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from .policies import POLICIES, fill_policies
from .rendering import render_markdown

HOME_SLUG = "home"
CRISIS_SLUG = "need-help-now"
# The guide people print and keep at home: it ends with the numbers to call, in a box.
GUIDE_SLUG = "before-and-after-your-session"
# The page with the fees, the questions to ask an insurer and the Good Faith Estimate notice.
COSTS_SLUG = "costs-and-insurance"

# The menu holds the pages chosen for it, and the home page shows a card for each: as many as fit
# on one line of a laptop's screen, however many pages the site has.
MENU_LIMIT = 11

# The medicine-history worksheet people print and bring to their consultation: its blank tables
# follow the text (content/medicine_history.py).
WORKSHEET_SLUG = "medicine-history-worksheet"


class Layout(models.TextChoices):
    STANDARD = "standard", "Standard page"
    HOME = "home", "Home page (adds a card for each page in the menu)"
    FAQ = "faq", "Questions and answers (adds the questions below the text)"
    SELF_CHECK = "self_check", "Self-check (adds the nine PHQ-9 questions below the text)"
    COSTS = (
        "costs",
        (
            "Costs and insurance (adds the confirmed fees, the questions to ask an insurer and the "
            "Good Faith Estimate notice below the text)"
        ),
    )


def validate_image_size(image):
    limit = settings.PAGE_IMAGE_MAX_BYTES
    if image.size > limit:
        raise ValidationError(
            "This image is %(size)s MB. Please use one of %(limit)s MB or less.",
            params={"size": round(image.size / 1_048_576, 1), "limit": round(limit / 1_048_576, 1)},
        )


class PageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def in_navigation(self):
        return (
            self.published().filter(show_in_navigation=True).order_by("navigation_order", "title")
        )

    def menu(self):
        """The menu's pages (and the home page's cards): never more than MENU_LIMIT, even if
        more were ticked where the admin's check does not run (an import, a raw edit)."""
        return self.in_navigation()[:MENU_LIMIT]

    def review_due(self, on_date=None):
        return self.filter(is_medical=True, next_review_due__lte=on_date or timezone.localdate())

    def without_reviewer(self):
        return self.filter(is_medical=True, reviewed_by_name="")


class Page(models.Model):
    title = models.CharField(max_length=120, help_text="The heading at the top of the page.")
    slug = models.SlugField(
        max_length=80,
        unique=True,
        help_text='The page\'s web address, e.g. "ketamine-therapy". Use "home" for the front page. '
        "Changing it breaks links others have saved.",
    )
    nav_title = models.CharField(
        "navigation title",
        max_length=40,
        blank=True,
        help_text="A short name for the menu. Leave empty to use the title.",
    )
    meta_description = models.CharField(
        max_length=160,
        help_text="One or two sentences shown under the page's link in search results and when "
        "shared (160 characters at most).",
    )
    summary = models.CharField(
        max_length=200,
        blank=True,
        help_text="One short sentence for the page's card on the home page.",
    )
    body = models.TextField(
        help_text="The page text in Markdown: ## for a section heading, - for a list item, "
        "[words](address) for a link. Scripts and styling are removed when the page is saved. "
        "Never describe how the practice works here: write [[policy:where-doses-are-taken]] "
        "(see Practice policies) and the page shows the confirmed sentence, or a neutral one.",
    )
    body_html = models.TextField(editable=False, blank=True)
    image = models.ImageField(
        upload_to="pages/",
        blank=True,
        width_field="image_width",
        height_field="image_height",
        validators=[FileExtensionValidator(["jpg", "jpeg", "png", "webp"]), validate_image_size],
        help_text="Optional. A JPEG, PNG or WebP image of 2 MB or less.",
    )
    # Stored so the page can reserve the image's space before it loads (no layout shift).
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_alt = models.CharField(
        "image description",
        max_length=200,
        blank=True,
        help_text="Describe the image for people who cannot see it. Required when there is an image.",
    )
    layout = models.CharField(
        max_length=20,
        choices=Layout,
        default=Layout.STANDARD,
        help_text="How the page is laid out. Questions and answers only show on the "
        "questions-and-answers layout.",
    )
    is_medical = models.BooleanField(
        "medical page",
        default=True,
        help_text="Medical pages show their references and who reviewed them, and are listed when "
        "their review is due.",
    )
    is_published = models.BooleanField(
        "published",
        default=False,
        help_text="Unpublished pages are drafts: only logged-in staff can see them, with a banner.",
    )
    show_in_navigation = models.BooleanField(
        "in the menu",
        default=False,
        help_text=f"List this page in the site menu and as a card on the home page. The menu holds "
        f"{MENU_LIMIT} pages at most; every published page is in the sitemap either way.",
    )
    navigation_order = models.PositiveSmallIntegerField(
        default=100, help_text="Smaller numbers come first in the menu and on the home page."
    )
    reviewed_by_name = models.CharField(
        "reviewed by",
        max_length=120,
        blank=True,
        help_text="The clinician who checked this page's medical content, e.g. Jane Doe.",
    )
    reviewed_by_credential = models.CharField(
        "reviewer's credential",
        max_length=60,
        blank=True,
        help_text="For example MD, PhD or PsyD.",
    )
    last_reviewed = models.DateField(
        null=True, blank=True, help_text="When the clinician above last checked this page."
    )
    next_review_due = models.DateField(
        null=True, blank=True, help_text="When the page should next be checked. Usually a year on."
    )
    text_updated = models.DateField(
        "text last updated",
        null=True,
        blank=True,
        help_text="The date shown to readers as “Last updated”: when the page's words last "
        "changed. Changing the title or text here sets it to today, unless you set it yourself.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # When the row was last saved for any reason (a policy confirmed, a menu order changed).
    # Indexed: each page's Last-Modified is the latest of them, one index lookup at any site size.
    updated_at = models.DateTimeField("saved", auto_now=True, db_index=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["navigation_order", "title"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Rendered once here, not on every page view; saving a policy renders its pages again.
        self.body_html = render_markdown(fill_policies(self.body))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        if self.slug == HOME_SLUG:
            return reverse("content:home")
        return reverse("content:page", kwargs={"slug": self.slug})

    @property
    def menu_title(self):
        return self.nav_title or self.title

    @property
    def last_updated(self):
        return self.text_updated or (self.updated_at and timezone.localdate(self.updated_at))

    @property
    def is_crisis_page(self):
        # Someone in crisis reads 988 and 911 first: no review note above them, no promotion.
        return self.slug == CRISIS_SLUG

    @property
    def is_printed_guide(self):
        return self.slug == GUIDE_SLUG

    @property
    def is_medicine_worksheet(self):
        return self.slug == WORKSHEET_SLUG

    @property
    def has_named_reviewer(self):
        return bool(self.reviewed_by_name and self.last_reviewed)

    def clean(self):
        if self.image and not self.image_alt.strip():
            raise ValidationError({"image_alt": "Describe the image for people who cannot see it."})
        if self.reviewed_by_name and not self.last_reviewed:
            raise ValidationError({"last_reviewed": "Add the date the reviewer checked this page."})
        if self.joins_full_menu():
            raise ValidationError(
                {
                    "show_in_navigation": f"The menu already holds {MENU_LIMIT} pages, as many as "
                    "fit. Untick “in the menu” here, or first take another page out of the menu."
                }
            )

    def joins_full_menu(self):
        if not (self.is_published and self.show_in_navigation):
            return False
        menu = Page.objects.in_navigation()
        if self.pk and menu.filter(pk=self.pk).exists():
            return False  # already in the menu: editing it takes no new place
        return menu.count() >= MENU_LIMIT


class Reference(models.Model):
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="references")
    order = models.PositiveSmallIntegerField(
        default=0,
        help_text="The reference's number on the page. Text can point to it as [1](#ref-1).",
    )
    citation = models.TextField(
        help_text="Authors, title, journal, year, and DOI or PMID where known."
    )
    url = models.URLField(
        "link", max_length=500, blank=True, help_text="Optional link to the source."
    )

    class Meta:
        ordering = ["page", "order", "pk"]

    def __str__(self):
        return f"[{self.order}] {self.citation[:60]}"

    def get_absolute_url(self):
        return f"{self.page.get_absolute_url()}#ref-{self.order}"


class FAQItem(models.Model):
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="faq_items")
    order = models.PositiveSmallIntegerField(default=0, help_text="Smaller numbers come first.")
    question = models.CharField(max_length=200)
    answer = models.TextField(help_text="Plain text. A blank line starts a new paragraph.")

    class Meta:
        ordering = ["page", "order", "pk"]
        verbose_name = "question and answer"
        verbose_name_plural = "questions and answers"

    def __str__(self):
        return self.question

    def get_absolute_url(self):
        return f"{self.page.get_absolute_url()}#faq-{self.pk}"


class PracticeDetails(models.Model):
    """The practice's own details: one record, used by the header, footer and structured data."""

    name = models.CharField(max_length=120, default="Stanford Psychological Services")
    phone = models.CharField(
        max_length=40, blank=True, help_text="As patients should dial it, e.g. (650) 555-0100."
    )
    email = models.EmailField(blank=True, help_text="A general address patients may write to.")
    street_address = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=80, blank=True)
    region = models.CharField("state", max_length=40, blank=True, help_text="For example CA.")
    postal_code = models.CharField("ZIP code", max_length=20, blank=True)
    hours = models.TextField(
        "opening hours",
        blank=True,
        help_text="One line per day or range, e.g. Monday to Friday, 9 am to 5 pm.",
    )
    response_time = models.CharField(
        "how soon you reply",
        max_length=80,
        blank=True,
        help_text="How soon the team contacts someone who sent a consultation request, finishing "
        'the sentence "We aim to contact you …", e.g. "within one business day". Leave empty '
        "to promise no time.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = "practice details"
        verbose_name_plural = "practice details"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("content:home")

    @classmethod
    def load(cls):
        details = cls.objects.filter(pk=1).first()
        if details is None:
            # The empty record changes nothing a page shows: made without a save signal, which
            # would drop every cached page (and made once even when two workers race).
            cls.objects.bulk_create([cls(pk=1)], ignore_conflicts=True)
            details = cls.objects.get(pk=1)
        return details

    @property
    def tel_href(self):
        digits = "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")
        return f"tel:{digits}" if digits else ""

    @property
    def has_address(self):
        return bool(self.street_address and self.city)

    @property
    def missing_fields(self):
        labels = {
            "phone": "phone",
            "email": "email",
            "street_address": "street address",
            "city": "city",
            "hours": "opening hours",
            "response_time": "how soon you reply to requests",
        }
        return [label for field, label in labels.items() if not getattr(self, field)]


class PracticePolicy(models.Model):
    """One fact about how this practice works. Pages show its sentence only once a named person
    has confirmed it (a clinician; for costs and payment, whoever is responsible for billing);
    until then they show a neutral sentence (content.policies)."""

    key = models.CharField(
        "policy",
        max_length=40,
        unique=True,
        choices=[(key, policy.label) for key, policy in POLICIES.items()],
    )
    statement = models.TextField(
        "sentence patients read",
        blank=True,
        help_text="One or two plain sentences, as patients should read them, e.g. “Doses are "
        "given in our clinic only; none are sent home.” Pages show it once it is confirmed "
        "below.",
    )
    offers_iv = models.BooleanField("offers IV ketamine", default=False)
    offers_lozenge = models.BooleanField("offers ketamine lozenges", default=False)
    offers_spravato = models.BooleanField("offers Spravato", default=False)
    confirmed_by_name = models.CharField(
        "confirmed by",
        max_length=120,
        blank=True,
        help_text="Who confirmed that this is how the practice works: a clinician, or for costs "
        "and payment, the person responsible for billing.",
    )
    confirmed_by_credential = models.CharField(
        "their credential or role",
        max_length=60,
        blank=True,
        help_text="For example MD, PhD or PsyD; for costs and payment, a role such as Billing "
        "manager.",
    )
    confirmed_on = models.DateField(null=True, blank=True, help_text="When they confirmed it.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = "practice policy"
        verbose_name_plural = "practice policies"

    def __str__(self):
        return self.get_key_display()

    @property
    def definition(self):
        return POLICIES[self.key]

    @property
    def is_confirmed(self):
        return bool(self.statement.strip() and self.confirmed_by_name.strip() and self.confirmed_on)

    @property
    def offered_forms(self):
        return {form for form in ("iv", "lozenge", "spravato") if getattr(self, f"offers_{form}")}

    def clean(self):
        who = "they" if self.key in POLICIES and self.definition.about_payment else "the clinician"
        if self.confirmed_by_name and not self.confirmed_on:
            raise ValidationError({"confirmed_on": f"Add the date {who} confirmed this."})
        if self.confirmed_by_name and not self.statement.strip():
            raise ValidationError({"statement": f"Write the sentence {who} confirmed."})
        if self.key == "treatment-forms" and self.confirmed_by_name and not self.offered_forms:
            raise ValidationError("Tick at least one form of ketamine the practice offers.")


# What the Costs and insurance page says about fees until one is confirmed: true of any practice.
FEES_NEUTRAL = "Our team will tell you the cost before you decide anything."


class FeeUnit(models.TextChoices):
    PER_SESSION = "session", "per session"
    PER_COURSE = "course", "per course of treatment"
    PER_VISIT = "visit", "per visit"
    ONE_TIME = "once", "one time"


class FeeQuerySet(models.QuerySet):
    def confirmed(self):
        return self.exclude(amount="").exclude(confirmed_by_name="").exclude(confirmed_on=None)


class Fee(models.Model):
    """One of the practice's own fees. The Costs and insurance page shows it only once the person
    responsible for billing has confirmed it; until any is confirmed the page says the team will
    tell people the cost. Never a market price (facts file §12)."""

    name = models.CharField(
        "what it is for",
        max_length=120,
        help_text="As patients should read it, e.g. “First consultation” or “One Spravato "
        "session”.",
    )
    amount = models.CharField(
        max_length=60,
        help_text="The amount or range, shown exactly as you type it, e.g. “$250” or “$300 to "
        "$450”. Only the practice's own price.",
    )
    unit = models.CharField(
        "charged",
        max_length=10,
        choices=FeeUnit,
        default=FeeUnit.PER_SESSION,
        help_text="Shown after the amount, e.g. “$250 per session”.",
    )
    includes = models.TextField(
        "what it includes",
        blank=True,
        help_text="Optional. One or two plain sentences on what the fee covers, e.g. “The "
        "medicine and the time you are watched afterwards.”",
    )
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Smaller numbers come first in the table."
    )
    confirmed_by_name = models.CharField(
        "confirmed by",
        max_length=120,
        blank=True,
        help_text="The person responsible for billing who confirmed this fee. The page shows "
        "the fee only once a name and a date are entered.",
    )
    confirmed_by_role = models.CharField(
        "their role", max_length=60, blank=True, help_text="For example Billing manager."
    )
    confirmed_on = models.DateField(null=True, blank=True, help_text="When they confirmed it.")
    updated_at = models.DateTimeField(auto_now=True)

    objects = FeeQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self.name}: {self.amount} {self.get_unit_display()}"

    def get_absolute_url(self):
        return reverse("content:page", kwargs={"slug": COSTS_SLUG}) + "#fees"

    @property
    def is_confirmed(self):
        return bool(self.amount and self.confirmed_by_name and self.confirmed_on)

    def clean(self):
        if self.confirmed_by_name and not self.confirmed_on:
            raise ValidationError({"confirmed_on": "Add the date they confirmed this fee."})
        if self.confirmed_on and not self.confirmed_by_name:
            raise ValidationError({"confirmed_by_name": "Add the name of who confirmed this fee."})


class NoticeKind(models.TextChoices):
    """The practice's own legal notices, by the address each is shown at."""

    PRIVACY_PRACTICES = "notice-of-privacy-practices", "Notice of Privacy Practices"
    NONDISCRIMINATION = "nondiscrimination", "Nondiscrimination notice"
    LANGUAGE_ASSISTANCE = "language-assistance", "Language assistance"


class LegalNoticeQuerySet(models.QuerySet):
    def published(self, on_date=None):
        return self.filter(effective_on__lte=on_date or timezone.localdate())

    def current(self, on_date=None):
        """{kind: the version in effect}: the latest effective date on or before the day."""
        current = {}
        for notice in self.published(on_date).order_by("-effective_on", "-pk"):
            current.setdefault(notice.kind, notice)
        return current


class LegalNotice(models.Model):
    """One version of one of the practice's notices, as the practice adopted it. Versions are
    never changed or deleted: a new text is a new version, and the earlier ones stay on record
    with their dates (HIPAA keeps such documents for 6 years)."""

    kind = models.CharField(
        "notice", max_length=40, choices=NoticeKind, help_text="Which of the practice's notices."
    )
    text = models.TextField(
        "the notice",
        help_text="The practice's own notice, word for word as it adopted it: paste it in. The "
        "site shows these words and writes none of its own. For language assistance, the English "
        "notice; add each language's tagline below. A line starting with ## is shown as a heading.",
    )
    text_html = models.TextField(editable=False, blank=True)
    effective_on = models.DateField(
        "effective date",
        help_text="The date the notice takes effect, as printed on it. The site shows this "
        "version from that day; the one before stays on record.",
    )
    confirmed_by_name = models.CharField(
        "confirmed by",
        max_length=120,
        help_text="The person at the practice who confirmed that this is its notice, for example "
        "its privacy officer.",
    )
    confirmed_by_role = models.CharField(
        "their role", max_length=80, blank=True, help_text="For example Privacy officer."
    )
    confirmed_on = models.DateField(help_text="When they confirmed it.")
    entered_by = models.CharField(max_length=150, blank=True, editable=False)
    entered_at = models.DateTimeField(auto_now_add=True)

    objects = LegalNoticeQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "-effective_on", "-pk"]
        verbose_name = "legal notice"
        verbose_name_plural = "legal notices"

    def __str__(self):
        return f"{self.get_kind_display()}, effective {self.effective_on.day} {self.effective_on:%B %Y}"

    def save(self, *args, **kwargs):
        self.text_html = render_markdown(self.text)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(f"content:{self.kind}")


class Tagline(models.Model):
    """One language's tagline on the language assistance notice, shown in that language."""

    notice = models.ForeignKey(LegalNotice, on_delete=models.CASCADE, related_name="taglines")
    order = models.PositiveSmallIntegerField(default=0, help_text="Smaller numbers come first.")
    language = models.CharField(
        "language (in English)", max_length=60, help_text="For staff, e.g. Spanish."
    )
    language_code = models.CharField(
        "language code",
        max_length=20,
        validators=[
            RegexValidator(
                r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$",
                "Use a language code such as es, vi, zh-Hans or zh-Hant.",
            )
        ],
        help_text="Lets screen readers speak the tagline in its language: es Spanish, zh-Hans "
        "or zh-Hant Chinese, vi Vietnamese, tl Tagalog, ko Korean, ar Arabic, ru Russian, "
        "fa Persian, hy Armenian, ja Japanese, pa Punjabi, km Khmer, hi Hindi, ht Haitian Creole.",
    )
    text = models.TextField(
        help_text="The tagline exactly as the practice supplies it (HHS publishes translated "
        "taglines)."
    )

    class Meta:
        ordering = ["notice", "order", "pk"]

    def __str__(self):
        return self.language

    def get_absolute_url(self):
        return self.notice.get_absolute_url()

    @property
    def direction(self):
        """Arabic, Persian, Urdu and the like read right to left."""
        code = self.language_code.lower()
        info = LANG_INFO.get(code) or LANG_INFO.get(code.split("-")[0], {})
        return "rtl" if info.get("bidi") else "ltr"


class NoticeDuties(models.Model):
    """Which notices the law asks of this practice: answered by staff, confirmed by a named
    person. `launch_check` lists each unanswered question and each notice a "yes" requires."""

    is_covered_entity = models.BooleanField(
        "is the practice a HIPAA covered entity?",
        null=True,
        help_text="Yes if the practice, or a billing service for it, sends insurance claims or "
        "other standard transactions electronically. A covered entity must post its Notice of "
        "Privacy Practices on its website, linked from the home page.",
    )
    paid_by_medicare_or_medicaid = models.BooleanField(
        "is it paid by Medicare Part B or Medicaid?",
        null=True,
        help_text="Yes means Section 1557 applies: a nondiscrimination notice, and a notice of "
        "language assistance with taglines, posted on the website.",
    )
    has_15_or_more_employees = models.BooleanField(
        "does it have 15 or more employees?",
        null=True,
        help_text="Asked when it is paid by Medicare or Medicaid. Section 504 sets when its web "
        "pages must meet WCAG 2.1 AA: 11 May 2027 with 15 or more employees, 10 May 2028 with "
        "fewer (this site aims at WCAG 2.2 AA).",
    )
    sees_uninsured_or_self_pay = models.BooleanField(
        "does it see people without insurance or paying for themselves?",
        null=True,
        help_text="Yes means the No Surprises Act applies: those people have the right to a Good "
        "Faith Estimate, and the website must say so (the Costs and insurance page does).",
    )
    tagline_languages = models.PositiveSmallIntegerField(
        "languages for taglines",
        null=True,
        blank=True,
        help_text="Asked when it is paid by Medicare or Medicaid: how many languages the language "
        "assistance notice must have taglines in. Our understanding is the 15 languages most "
        "spoken by people with limited English in the state(s) the practice serves; confirm it "
        "with the practice's compliance adviser.",
    )
    answered_by_name = models.CharField(
        "confirmed by",
        max_length=120,
        blank=True,
        help_text="The person at the practice who confirmed these answers.",
    )
    answered_by_role = models.CharField("their role", max_length=80, blank=True)
    answered_on = models.DateField("confirmed on", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = "which notices the law asks of us"
        verbose_name_plural = "which notices the law asks of us"

    def __str__(self):
        return "Which notices the law asks of us"

    @classmethod
    def load(cls):
        cls.objects.bulk_create([cls(pk=1)], ignore_conflicts=True)
        return cls.objects.get(pk=1)

    def clean(self):
        if self.answered_by_name and not self.answered_on:
            raise ValidationError({"answered_on": "Add the date they confirmed these answers."})
