from django.contrib import admin
from django.urls import include, path

from hotro.api import api
from hotro.web.admin_site import HotroAdminSite

# The administration asks for the second factor too, through the pages' own login.
admin.site.__class__ = HotroAdminSite

urlpatterns = [
    path("", include("hotro.web.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]
