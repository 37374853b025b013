from django.urls import path
from django.views.generic import TemplateView

app_name = "intake"

urlpatterns = [
    path("", TemplateView.as_view(template_name="intake/placeholder.html"), name="request"),
]
