from django.urls import path

from . import partner_views, views

app_name = "deals"
urlpatterns = [
    path("", views.deal_list, name="list"),
    path("partner/", partner_views.partner_home, name="partner_home"),
    path("partner/invitation/<str:token>/", partner_views.invitation, name="partner_invitation"),
    path("partner/commitments/<int:pk>/", partner_views.partner_commitment, name="partner_commitment"),
    path("<slug:slug>/", views.deal_detail, name="detail"),
    path("<slug:slug>/print/", views.deal_print, name="print"),
]
