from django.contrib import admin
from django.urls import path

from hotro.api import api
from hotro.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]
