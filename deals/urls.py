from django.urls import path

from . import views

app_name = "deals"
urlpatterns = [
    path("", views.deal_list, name="list"),
    path("<slug:slug>/", views.deal_detail, name="detail"),
    path("<slug:slug>/print/", views.deal_print, name="print"),
]
