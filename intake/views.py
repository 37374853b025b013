import logging
import secrets
import time
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.http import HttpResponse, HttpResponseRedirect, QueryDict
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView, TemplateView

from content.page_cache import content_version
from content.self_check import SelfCheckForm

from . import services
from .choices import SubmittedBy
from .client_ip import client_ip, posted_from_our_own_page
from .forms import ConsultationRequestForm, self_check_value, sign_started_at
from .models import ConsultationRequest

logger = logging.getLogger(__name__)

SESSION_NUMBER = "intake_request_number"
SESSION_URGENT = "intake_request_urgent"
# Whether someone sent it for another person, so the thank-you speaks about "them".
SESSION_HELPING = "intake_request_for_someone_else"
# Set when the form was sent (or dropped as a bot's, which is thanked the same way), so that the
# thank-you page says a request was received only right after one was.
SESSION_SENT = "intake_request_sent"
# When the session cannot be saved after the request was, the thank-you link carries the request
# number, signed and good for a few minutes (a number, nothing the person wrote).
THANKS_SALT = "intake.thanks"
THANKS_LINK_SECONDS = 600
# A form with mistakes is kept in the session and shown by a redirect (post/redirect/get), so that
# leaving it by any link and coming Back shows every answer, with no "Confirm form resubmission".
# Only the latest is kept, and only until the request is sent or the form's start token expires.
SESSION_DRAFT = "intake_draft"
DRAFT_PARAMETER = "answers"

# The empty form is the same page for every visitor but for two per-visit tokens: it is rendered
# once per content version (see content.page_cache) with these in their place, then filled in.
CSRF_PLACEHOLDER = "csrf-token-placeholder-8c1f6e"
STARTED_PLACEHOLDER = "start-token-placeholder-3b9d2a"


class RenderedForm:
    """This worker's copy of the empty form page, for the current content version only, and for
    PAGE_CACHE_SECONDS at most (as content pages are kept; see content.views.RenderedPages)."""

    def __init__(self):
        self.state = (None, None, 0.0)  # (version, html, expires), replaced as one

    def get(self, version):
        kept_version, html, expires = self.state
        if version is None or version != kept_version or expires < time.monotonic():
            return None
        return html

    def put(self, version, html):
        self.state = (version, html, time.monotonic() + settings.PAGE_CACHE_SECONDS)


rendered_form = RenderedForm()


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
        return self.empty_form()

    def empty_form(self):
        version = content_version()
        html = rendered_form.get(version)
        if html is None:
            form = self.form_class(initial={"started": STARTED_PLACEHOLDER})
            context = self.get_context_data(form=form, csrf_token=CSRF_PLACEHOLDER)
            response = self.render_to_response(context)
            html = response.render().content.decode()
            rendered_form.put(version, html)
        html = html.replace(CSRF_PLACEHOLDER, get_token(self.request), 1)
        return HttpResponse(html.replace(STARTED_PLACEHOLDER, sign_started_at(), 1))

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
        key = secrets.token_urlsafe(9)
        answers = {
            name: values for name, values in form.data.lists() if name != "csrfmiddlewaretoken"
        }
        self.request.session[SESSION_DRAFT] = {"key": key, "data": answers, "saved": time.time()}
        address = f"{reverse('intake:request')}?{urlencode({DRAFT_PARAMETER: key})}"
        response = HttpResponseRedirect(address)
        response.status_code = 303  # See Other: the browser fetches it with GET
        return response

    def form_valid(self, form):
        submission_id = form.submission_id()
        # The same form sent again (a double click, a resend after an error page): the same
        # thank-you, never a second request, and it does not count against the limit.
        existing = services.already_received(submission_id)
        if existing:
            return self.thank(existing)
        if form.has_expired():
            # Kept for a day at most; the answers come back with a fresh token, to send again.
            form.renew_start_token()
            return self.render_to_response(self.get_context_data(form=form, expired=True))
        address = client_ip(self.request)
        if form.looks_automated():
            if not services.take_submission_slot(address):
                return self.rate_limited(form)
            # Bots are answered like people, so they learn nothing; nothing is saved.
            self.request.session.pop(SESSION_DRAFT, None)
            self.request.session.pop(SESSION_NUMBER, None)
            self.request.session[SESSION_SENT] = True
            # A person taken for a bot who said yes about self-harm still sees crisis help first.
            self.request.session[SESSION_URGENT] = services.answer_is_urgent(
                form.cleaned_data.get("self_harm_thoughts")
            )
            self.request.session[SESSION_HELPING] = form.is_for_someone_else()
            return super().form_valid(form)
        consultation, _ = services.submit_request(form, self.request, submission_id, address)
        if consultation is None:
            return self.rate_limited(form)
        return self.thank(consultation)

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
        session[SESSION_HELPING] = consultation.submitted_by == SubmittedBy.SOMEONE_ELSE
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
        form = self.form_class(initial={"self_check": self_check_value(answers.result())})
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
        linked = self.linked_request()
        if linked and not context["sent"]:
            context.update(
                sent=True,
                request_number=linked.pk,
                urgent=linked.is_urgent,
                helping=linked.submitted_by == SubmittedBy.SOMEONE_ELSE,
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
