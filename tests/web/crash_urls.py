"""The site's addresses plus one page that crashes, to see what a server error answers."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def crash(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a crash, on purpose")


urlpatterns = [path("hong/", crash), path("", include("hotro.urls"))]
