import logging
import secrets
import time
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.http import HttpResponse, HttpResponseRedirect, QueryDict
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView, TemplateView

from content.page_cache import cached_pieces, join_pieces
from content.self_check import SelfCheckForm

from . import services
from .choices import ContactMethod, SubmittedBy
from .client_ip import client_ip, posted_from_our_own_page
from .forms import (
    ADD_TRIAL_ROW,
    ConsultationRequestForm,
    returned_start_token,
    self_check_value,
    sign_started_at,
)
from .models import ConsultationRequest

logger = logging.getLogger(__name__)

SESSION_NUMBER = "intake_request_number"
SESSION_URGENT = "intake_request_urgent"
# Whether someone sent it for another person, so the thank-you speaks about "them", and whether
# that was a referring clinician.
SESSION_HELPING = "intake_request_for_someone_else"
SESSION_REFERRAL = "intake_request_referral"
# /consultation/?as=clinician opens the form with "I am a clinician referring a patient" chosen
# (the "For clinicians" page links there).
SENDER_PARAMETER = "as"
# Set when the form was sent, so that the thank-you page says a request was received only right
# after one was.
SESSION_SENT = "intake_request_sent"
# How the thank-you page says we will reply: in the way that was chosen, to the person or first to
# the helper (words only, never the address or number).
SESSION_REPLY = "intake_request_reply"
# The request this browser sent last and when, kept after the thank-you page: a form shown after
# it (Back after sending) carries its number, and sent again for the same person it says so
# instead of making a second request, unless asked to.
SESSION_LAST_SENT = "intake_last_sent"
SEND_ANOTHER = "send_another"
# When the session cannot be saved after the request was, the thank-you link carries the request
# number, signed and good for a few minutes (a number, nothing the person wrote).
THANKS_SALT = "intake.thanks"
THANKS_LINK_SECONDS = 600
# A form with mistakes is kept in the session and shown by a redirect (post/redirect/get), so that
# leaving it by any link and coming Back shows every answer, with no "Confirm form resubmission".
# Only the latest is kept, and only until the request is sent or the form's start token expires.
SESSION_DRAFT = "intake_draft"
DRAFT_PARAMETER = "answers"

# The empty form is the same page for every visitor but for two per-visit tokens (the CSRF token,
# then the signed start token): it is rendered once per content version and kept in
# content.page_cache's store, encoded and cut where they go, so that each visit only joins it with
# its own tokens (fill_empty_form). Visitors without a session get it before most middleware runs
# (intake.middleware.KeptFormMiddleware); the view renders it on a miss and fills it for the rest.

# The thank-you page's words for each way of being contacted.
CONTACT_WORDS = {
    ContactMethod.EMAIL: "email",
    ContactMethod.PHONE: "phone",
    ContactMethod.TEXT: "text message",
}


def fill_empty_form(request, pieces, sent_before=None, headers=None):
    """The kept empty form with this visit's CSRF token and its own start token (a new one-time
    id, and the request this browser sent last, if any)."""
    started = sign_started_at(sent_before=sent_before)
    return HttpResponse(
        join_pieces(pieces, [empty_form_csrf_token(request), started]), headers=headers
    )


def empty_form_csrf_token(request):
    """The CSRF token for a visit's empty form.

    A visitor without a CSRF cookie gets a new secret, and the form carries it as it is: Django
    accepts a token masked or not, and masking guards against reading the secret out of a
    compressed page that also echoes what the visitor sent (BREACH), which the kept form never
    does. Making and masking it Django's way was nearly a quarter of a first visit's time
    (decision 0005). A visitor with the cookie gets Django's masked token, as every other form does.
    """
    if "CSRF_COOKIE" in request.META:
        return get_token(request)
    secret = new_csrf_secret()
    # As rotate_token() does: the CSRF middleware sets the cookie on the answer.
    request.META.update(CSRF_COOKIE=secret, CSRF_COOKIE_NEEDS_UPDATE=True)
    return secret


def new_csrf_secret():
    """A new CSRF secret of the kind Django makes (32 letters and digits), from one read of the
    system's random source instead of one per letter. 256 random bits for some 190: every secret
    is as likely as any other to within 2**-65."""
    number = int.from_bytes(secrets.token_bytes(32))
    letters = []
    for _ in range(CSRF_SECRET_LENGTH):
        number, index = divmod(number, len(CSRF_ALLOWED_CHARS))
        letters.append(CSRF_ALLOWED_CHARS[index])
    return "".join(letters)


def reply_words(consultation):
    """How the thank-you page says we will reply, as the sender chose (a saved or unsaved request).

    A helper whose person does not know yet is called (or emailed) first, at what they gave; a
    referring clinician who asked to be contacted first is called first.
    """
    if consultation.referrer_first:
        return {"helper_first": True, "verb": "call"}
    if consultation.helper_first:
        return {"helper_first": True, "verb": "call" if consultation.helper_phone else "email"}
    return {"helper_first": False, "method": CONTACT_WORDS.get(consultation.contact_method, "")}


@method_decorator(sensitive_post_parameters(), name="dispatch")
@method_decorator(never_cache, name="dispatch")
class ConsultationRequestView(FormView):
    template_name = "intake/request_form.html"
    form_class = ConsultationRequestForm
    success_url = reverse_lazy("intake:thanks")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["retention_days"] = settings.INTAKE_RETENTION_DAYS
        return context

    def get(self, request, *args, **kwargs):
        draft = self.saved_draft()
        if draft is not None:
            # The form sent with mistakes, checked again so each error shows where it was.
            form = self.form_class(data=draft)
            return self.render_to_response(self.get_context_data(form=form))
        sent_since = self.last_sent_from_here() if request.GET.get(DRAFT_PARAMETER) else None
        if sent_since:
            # Back, after a form with mistakes was put right and sent: its answers went with the
            # request. Say so, rather than show an empty form as if nothing had happened.
            form = self.form_class(initial={"started": sign_started_at(sent_before=sent_since)})
            return self.render_to_response(self.get_context_data(form=form, sent_since=sent_since))
        if request.GET.get(SENDER_PARAMETER) == SubmittedBy.CLINICIAN:
            started = sign_started_at(sent_before=self.last_sent_from_here())
            form = self.form_class(
                initial={"submitted_by": SubmittedBy.CLINICIAN, "started": started}
            )
            return self.render_to_response(self.get_context_data(form=form))
        return self.empty_form()

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if ADD_TRIAL_ROW in request.POST and form.is_referral():
            # "Add another medicine" without JavaScript: every answer back with one more empty
            # row, nothing saved and no mistakes marked yet.
            form = form.with_another_trial_row()
            return self.render_to_response(self.get_context_data(form=form))
        return self.form_valid(form) if form.is_valid() else self.form_invalid(form)

    def empty_form(self):
        pieces = cached_pieces(self.request, 2, self.render_with_markers)
        if pieces is None:
            # Never expected; this visit gets a page of its own, with its own tokens.
            return self.render_to_response(self.get_context_data(form=self.form_class()))
        return fill_empty_form(self.request, pieces, sent_before=self.last_sent_from_here())

    def render_with_markers(self, csrf_marker, started_marker):
        """The empty form page with markers where the CSRF token and the start token go."""
        form = self.form_class(initial={"started": started_marker})
        context = self.get_context_data(form=form, csrf_token=csrf_marker)
        return self.render_to_response(context).render().content.decode()

    def last_sent_from_here(self):
        """The number of the request this browser sent in the last INTAKE_FORM_MAX_AGE_HOURS."""
        last = self.request.session.get(SESSION_LAST_SENT)
        if not last or time.time() - last["at"] > settings.INTAKE_FORM_MAX_AGE_HOURS * 3600:
            return None
        return last["number"]

    def saved_draft(self):
        key = self.request.GET.get(DRAFT_PARAMETER)
        draft = self.request.session.get(SESSION_DRAFT) if key else None
        if not draft or not secrets.compare_digest(draft["key"].encode(), key.encode()):
            return None
        if time.time() - draft["saved"] > settings.INTAKE_FORM_MAX_AGE_HOURS * 3600:
            self.request.session.pop(SESSION_DRAFT, None)
            return None
        data = QueryDict(mutable=True)
        for name, values in draft["data"].items():
            data.setlist(name, values)
        return data

    def form_invalid(self, form):
        # The answers are kept in the visitor's session: one per browser, holding only the latest
        # form and only its own questions, and no more than INTAKE_INVALID_POSTS_PER_HOUR of them
        # an hour from one address (a client that drops its cookies gets a new session each
        # time). Past that, nothing more is stored: the answers come back on this page itself.
        if not services.take_invalid_post_slot(client_ip(self.request)):
            context = self.get_context_data(form=form, invalid_limited=True)
            return self.render_to_response(context, status=429)
        answers = form.answers()
        if "started" in answers:
            # Back with its mistakes marked, the person may correct one and send at once.
            answers["started"] = [returned_start_token(answers["started"][-1])]
        key = secrets.token_urlsafe(9)
        self.request.session[SESSION_DRAFT] = {"key": key, "data": answers, "saved": time.time()}
        address = f"{reverse('intake:request')}?{urlencode({DRAFT_PARAMETER: key})}"
        response = HttpResponseRedirect(address)
        response.status_code = 303  # See Other: the browser fetches it with GET
        return response

    def form_valid(self, form):
        submission_id = form.submission_id()
        # The same form sent again (a double click, a resend after an error page): the same
        # thank-you, never a second request, and it does not count against the limit.
        # submit_request finds it too, so it is looked for here only before answering otherwise.
        expired = form.has_expired()
        if expired or form.sent_before_shown():
            existing = services.already_received(submission_id)
            if existing:
                return self.thank(existing)
        if expired:
            # Kept for a day at most; the answers come back with a fresh token, to send again.
            form.renew_start_token()
            return self.render_to_response(self.get_context_data(form=form, expired=True))
        earlier = self.sent_before_from_here(form)
        if earlier:
            # Back after sending, then Send: the browser filled the form in again. A second
            # request only when asked for.
            return self.render_to_response(self.get_context_data(form=form, already_sent=earlier))
        consultation, _ = services.submit_request(
            form,
            self.request,
            submission_id,
            client_ip(self.request),
            # Kept as possible spam, never dropped: a person may be behind it (autofill, or a
            # password manager filling the hidden box). Thanked like anyone, so a bot learns
            # nothing, and a person who said yes about self-harm sees crisis help first.
            spam_reason=form.spam_reason(),
        )
        if consultation is None:
            return self.rate_limited(form)
        return self.thank(consultation)

    def sent_before_from_here(self, form):
        """The request this browser had sent when the form was shown, if this form is for the
        same person again and was not sent as another request on purpose; else None."""
        number = form.sent_before_shown()
        if not number or self.request.POST.get(SEND_ANOTHER):
            return None
        earlier = ConsultationRequest.objects.filter(pk=number).first()
        return earlier if earlier and services.same_person(earlier, form.instance) else None

    def rate_limited(self, form):
        # Everything typed is shown again, with the practice's phone number.
        return self.render_to_response(
            self.get_context_data(
                form=form, rate_limited=True, try_again_at=services.limit_ends_at()
            ),
            status=429,
        )

    def thank(self, consultation):
        session = self.request.session
        session.pop(SESSION_DRAFT, None)
        session[SESSION_SENT] = True
        session[SESSION_NUMBER] = consultation.pk
        session[SESSION_URGENT] = consultation.is_urgent
        session[SESSION_HELPING] = consultation.submitted_by != SubmittedBy.SELF
        session[SESSION_REFERRAL] = consultation.sent_by_clinician
        session[SESSION_REPLY] = reply_words(consultation)
        session[SESSION_LAST_SENT] = {"number": consultation.pk, "at": time.time()}
        try:
            # Saved here rather than after the view, so that a failure is caught while we know
            # the request is safe.
            session.save()
        except Exception as error:  # noqa: BLE001 (whatever failed, the request is saved)
            logger.error(
                "Consultation request %s is saved, but the session could not be (%s); thanking "
                "by a signed link instead.",
                consultation.pk,
                type(error).__name__,
            )
            session.modified = False  # the session middleware would only fail again
            token = signing.dumps(consultation.pk, salt=THANKS_SALT)
            return redirect(f"{reverse('intake:thanks')}?{urlencode({'sent': token})}")
        return redirect(self.success_url)


# The self-check's result is a cached page that cannot hold a CSRF token, and this post saves
# nothing: it shows the form. A post from another site gets the empty form instead.
@method_decorator(csrf_exempt, name="dispatch")
@method_decorator(sensitive_post_parameters(), name="dispatch")
@method_decorator(never_cache, name="dispatch")
class AddSelfCheckView(ConsultationRequestView):
    """The consultation form with the person's self-check answers in it, only when they chose
    "Add my answers to a consultation request" on the self-check's result.

    The answers come in a post, never in an address, and nothing is kept here: they are shown in
    the form, where the person can untick them, and are saved only if they send the form.
    """

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if not posted_from_our_own_page(request):
            return redirect("intake:request")
        # Only what the result's own form sends is read: an upload is never parsed.
        urlencoded = request.content_type == "application/x-www-form-urlencoded"
        answers = SelfCheckForm(request.POST if urlencoded else {})
        if not answers.is_valid():
            context = self.get_context_data(form=self.form_class(), self_check_unreadable=True)
            return self.render_to_response(context, status=400)
        # Carries the last request this browser sent, as the plain form does: Back after sending
        # and Send again for the same person asks before making a second request.
        started = sign_started_at(sent_before=self.last_sent_from_here())
        form = self.form_class(
            initial={"self_check": self_check_value(answers.result()), "started": started}
        )
        return self.render_to_response(self.get_context_data(form=form))


@method_decorator(never_cache, name="dispatch")
class ThanksView(TemplateView):
    template_name = "intake/thanks.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Shown once: on a shared device, a reload from the history hours later must not repeat
        # the answer about self-harm, nor claim a request was just received.
        session = self.request.session
        context["sent"] = session.pop(SESSION_SENT, False)
        context["request_number"] = session.pop(SESSION_NUMBER, None)
        context["urgent"] = session.pop(SESSION_URGENT, False)
        context["helping"] = session.pop(SESSION_HELPING, False)
        context["referral"] = session.pop(SESSION_REFERRAL, False)
        context["reply"] = session.pop(SESSION_REPLY, {})
        linked = self.linked_request()
        if linked and not context["sent"]:
            context.update(
                sent=True,
                request_number=linked.pk,
                urgent=linked.is_urgent,
                helping=linked.submitted_by != SubmittedBy.SELF,
                referral=linked.sent_by_clinician,
                reply=reply_words(linked),
            )
        return context

    def linked_request(self):
        try:
            pk = signing.loads(
                self.request.GET.get("sent", ""), salt=THANKS_SALT, max_age=THANKS_LINK_SECONDS
            )
        except signing.BadSignature:
            return None
        return ConsultationRequest.objects.filter(pk=pk).first()


@sensitive_post_parameters()
@never_cache
def csrf_failure(request, reason=""):
    """A refused form, in the site's own page rather than Django's bare one.

    A consultation form sent from our own page (after a long pause, or with cookies blocked)
    comes back with everything the person typed, so sending it again is one click. One sent from
    another site comes back empty: echoing it with a fresh token would let a stranger's words be
    sent in the person's name with one click. Nothing from the refused post was saved.
    """
    if request.method == "POST" and request.path == reverse("intake:request"):
        own_page = posted_from_our_own_page(request)
        context = {
            "form": ConsultationRequestForm(request.POST if own_page else None),
            "csrf_failed": True,
            "cross_site": not own_page,
            "retention_days": settings.INTAKE_RETENTION_DAYS,
        }
        return render(request, "intake/request_form.html", context, status=403)
    return render(request, "403_csrf.html", status=403)
