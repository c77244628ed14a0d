from django.urls import path

from .views import councillor, public

app_name = "grants"
urlpatterns = [
    path("", public.home, name="home"),
    path("councillors/", councillor.bids, name="councillor_bids"),
    path("councillors/bids/<int:pk>/", councillor.bid, name="councillor_bid"),
    path("councillors/bids/<int:pk>/interest/", councillor.declare_interest, name="councillor_declare_interest"),
    path("councillors/bids/<int:pk>/approve/", councillor.approve, name="councillor_approve"),
    path("councillors/bids/<int:pk>/decline/", councillor.decline, name="councillor_decline"),
    path("councillors/bids/<int:pk>/documents/<int:document_pk>/", councillor.document, name="councillor_document"),
    path("councillors/bids/<int:pk>/record/", councillor.record_decision, name="councillor_record_decision"),
]
