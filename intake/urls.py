from django.urls import path

from . import views

app_name = "intake"

urlpatterns = [
    path("", views.ConsultationRequestView.as_view(), name="request"),
    path("thank-you/", views.ThanksView.as_view(), name="thanks"),
    path("self-check/", views.AddSelfCheckView.as_view(), name="self_check"),
]
