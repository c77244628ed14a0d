from django.urls import path

from .views import public

app_name = "grants"
urlpatterns = [
    path("", public.home, name="home"),
]
