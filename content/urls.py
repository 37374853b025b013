from django.urls import path

from . import views

app_name = "content"

urlpatterns = [
    path("", views.HomePageView.as_view(), name="home"),
    path("<slug:slug>/", views.PageDetailView.as_view(), name="page"),
]
