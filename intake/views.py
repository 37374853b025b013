from django.conf import settings
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView, TemplateView

from clinic_site.client_ip import client_ip

from . import services
from .forms import ConsultationRequestForm

SESSION_NUMBER = "intake_request_number"
SESSION_URGENT = "intake_request_urgent"
# Set when the form was sent (or dropped as a bot's, which is thanked the same way), so that the
# thank-you page says a request was received only right after one was.
SESSION_SENT = "intake_request_sent"


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
        consultation = services.submit_request(form, self.request)
        self.request.session[SESSION_SENT] = True
        self.request.session[SESSION_NUMBER] = consultation.pk
        self.request.session[SESSION_URGENT] = consultation.is_urgent
        return super().form_valid(form)


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
        return context
