from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from .policies import POLICIES, fill_policies
from .rendering import render_markdown

HOME_SLUG = "home"
CRISIS_SLUG = "need-help-now"
# The guide people print and keep at home: it ends with the numbers to call, in a box.
GUIDE_SLUG = "before-and-after-your-session"
# The medicine-history worksheet people print and bring to their consultation: its blank tables
# follow the text (content/medicine_history.py).
WORKSHEET_SLUG = "medicine-history-worksheet"


class Layout(models.TextChoices):
    STANDARD = "standard", "Standard page"
    HOME = "home", "Home page (adds a card for each page in the menu)"
    FAQ = "faq", "Questions and answers (adds the questions below the text)"
    SELF_CHECK = "self_check", "Self-check (adds the nine PHQ-9 questions below the text)"


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
        default=True, help_text="List this page in the site menu."
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
    updated_at = models.DateTimeField("saved", auto_now=True)

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
    """One fact about how this practice works. Pages show its sentence only once a clinician has
    confirmed it; until then they show a neutral sentence (content.policies)."""

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
        "given in our clinic only; none are sent home.” Pages show it once a clinician has "
        "confirmed it below.",
    )
    offers_iv = models.BooleanField("offers IV ketamine", default=False)
    offers_lozenge = models.BooleanField("offers ketamine lozenges", default=False)
    offers_spravato = models.BooleanField("offers Spravato", default=False)
    confirmed_by_name = models.CharField(
        "confirmed by",
        max_length=120,
        blank=True,
        help_text="The clinician who confirmed that this is how the practice works.",
    )
    confirmed_by_credential = models.CharField(
        "their credential", max_length=60, blank=True, help_text="For example MD, PhD or PsyD."
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
        if self.confirmed_by_name and not self.confirmed_on:
            raise ValidationError({"confirmed_on": "Add the date the clinician confirmed this."})
        if self.confirmed_by_name and not self.statement.strip():
            raise ValidationError({"statement": "Write the sentence the clinician confirmed."})
        if self.key == "treatment-forms" and self.confirmed_by_name and not self.offered_forms:
            raise ValidationError("Tick at least one form of ketamine the practice offers.")
