from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from accounts.urls import passkey_urls
from clinic_site.views import healthz
from content.views import RobotsTxtView, sitemap

# Django's own ones read a broken post again and fail (see clinic_site.views).
handler400 = "clinic_site.views.bad_request"
handler500 = "clinic_site.views.server_error"

admin.site.site_header = "Stanford Psychological Services staff"
admin.site.site_title = "Staff admin"
admin.site.index_title = "Consultation requests and site pages"
# The queue's columns need the width more than staff need a second menu beside it.
admin.site.enable_nav_sidebar = False

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # Before the admin's own URLs: the second step of signing in and setting it up.
    path("admin/two-factor/", include("accounts.urls")),
    path("admin/two-factor/", include(passkey_urls)),
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", RobotsTxtView.as_view(), name="robots_txt"),
    path("consultation/", include("intake.urls")),
    path("", include("content.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
