import logging
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView, TemplateView

from clinic_site.client_ip import client_ip

from . import services
from .forms import ConsultationRequestForm
from .models import ConsultationRequest

logger = logging.getLogger(__name__)

SESSION_NUMBER = "intake_request_number"
SESSION_URGENT = "intake_request_urgent"
# Set when the form was sent (or dropped as a bot's, which is thanked the same way), so that the
# thank-you page says a request was received only right after one was.
SESSION_SENT = "intake_request_sent"
# When the session cannot be saved after the request was, the thank-you link carries the request
# number, signed and good for a few minutes (a number, nothing the person wrote).
THANKS_SALT = "intake.thanks"
THANKS_LINK_SECONDS = 600


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
        if not services.take_submission_slot(client_ip(self.request)):
            # Everything typed is shown again, with the practice's phone number.
            return self.render_to_response(
                self.get_context_data(form=form, rate_limited=True), status=429
            )
        if form.looks_automated():
            # Bots are answered like people, so they learn nothing; nothing is saved.
            self.request.session.pop(SESSION_NUMBER, None)
            self.request.session[SESSION_SENT] = True
            # A person taken for a bot who said yes about self-harm still sees crisis help first.
            self.request.session[SESSION_URGENT] = services.answer_is_urgent(
                form.cleaned_data.get("self_harm_thoughts")
            )
            return super().form_valid(form)
        consultation, _ = services.submit_request(form, self.request, submission_id)
        return self.thank(consultation)

    def thank(self, consultation):
        session = self.request.session
        session[SESSION_SENT] = True
        session[SESSION_NUMBER] = consultation.pk
        session[SESSION_URGENT] = consultation.is_urgent
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
        linked = self.linked_request()
        if linked and not context["sent"]:
            context.update(sent=True, request_number=linked.pk, urgent=linked.is_urgent)
        return context

    def linked_request(self):
        try:
            pk = signing.loads(
                self.request.GET.get("sent", ""), salt=THANKS_SALT, max_age=THANKS_LINK_SECONDS
            )
        except signing.BadSignature:
            return None
        return ConsultationRequest.objects.filter(pk=pk).first()
