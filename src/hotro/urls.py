from django.contrib import admin
from django.urls import include, path

from hotro.api import api

urlpatterns = [
    path("", include("hotro.web.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]
