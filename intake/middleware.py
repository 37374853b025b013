from django.conf import settings
from django.shortcuts import render
from django.urls import reverse


class FormBodyLimitMiddleware:
    """Refuses a consultation form post that is multipart or larger than INTAKE_MAX_BODY_BYTES,
    before anything reads its body.

    The form has no file field and its longest honest post is a few tens of kilobytes, so a
    bigger one is a mistake or an attack; left alone, Django would write an upload of any size to
    a temporary file while the CSRF check reads the post. It sits before the session and CSRF
    middleware for that reason. The answer is a page that keeps the crisis line.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.path_info == reverse("intake:request"):
            try:
                length = int(request.headers.get("content-length") or 0)
            except ValueError:
                length = settings.INTAKE_MAX_BODY_BYTES + 1
            multipart = request.content_type.startswith("multipart/")
            if multipart or length > settings.INTAKE_MAX_BODY_BYTES:
                context = {"limit_kb": settings.INTAKE_MAX_BODY_BYTES // 1024}
                return render(request, "intake/too_large.html", context, status=413)
        return self.get_response(request)
