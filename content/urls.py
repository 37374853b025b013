from django.urls import path

from . import views
from .models import NoticeKind

app_name = "content"

urlpatterns = [
    path("", views.HomePageView.as_view(), name="home"),
    *[path(f"{kind}/", views.LegalNoticeView.as_view(kind=kind), name=kind) for kind in NoticeKind],
    path("<slug:slug>/", views.PageDetailView.as_view(), name="page"),
]
