from django.urls import path

from . import views
from .services import FILES

app_name = "open_data"
urlpatterns = [
    path("", views.index, name="index"),
    # Stable addresses: the same for every run, so others can link to them and fetch them each night.
    *(path(name, views.download, {"key": key}, name=key) for key, name in FILES.items()),
]
