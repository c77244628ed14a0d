from django.urls import path

from .views import applicant, councillor, printable, public, register

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
    # The public register of awarded grants (issue 15).
    path("grants/", register.register, name="register"),
    path("grants/map/", register.ward_map_page, name="ward_map"),
    path("grants/charts/", register.charts, name="charts"),
    path("grants/wards/<slug:slug>/", register.ward, name="ward"),
    path("grants/<str:reference>/", register.grant, name="grant"),
    # Fund pages and starting an application.
    path("funding/<slug:slug>/", public.strand_page, name="strand"),
    path("funding/<slug:slug>/closed/", public.round_closed, name="round_closed"),
    path("funding/<slug:slug>/eligibility/", applicant.eligibility, name="eligibility"),
    path("funding/<slug:slug>/start/", applicant.start, name="start"),
    # Applicants' organisations.
    path("organisation/", applicant.organisations, name="organisations"),
    path("organisation/new/", applicant.organisation_create, name="organisation_create"),
    path("organisation/choose/", applicant.organisation_choose, name="organisation_choose"),
    path("organisation/join/<str:token>/", applicant.organisation_join, name="organisation_join"),
    path("organisation/<int:pk>/", applicant.organisation_detail, name="organisation_detail"),
    path("organisation/<int:pk>/change/", applicant.organisation_change, name="organisation_change"),
    path("organisation/<int:pk>/invite/", applicant.organisation_invite, name="organisation_invite"),
    # Applicants' applications.
    path("applications/", applicant.dashboard, name="dashboard"),
    path("applications/<int:pk>/", applicant.application, name="application"),
    path("applications/<int:pk>/group/", applicant.section_group, name="section_group"),
    path("applications/<int:pk>/project/", applicant.section_project, name="section_project"),
    path("applications/<int:pk>/where/", applicant.section_where, name="section_where"),
    path("applications/<int:pk>/budget/", applicant.section_budget, name="section_budget"),
    path("applications/<int:pk>/budget/add/", applicant.budget_line, name="budget_line_add"),
    path("applications/<int:pk>/budget/<int:line_pk>/change/", applicant.budget_line, name="budget_line_change"),
    path("applications/<int:pk>/budget/<int:line_pk>/remove/", applicant.budget_line_remove, name="budget_line_remove"),
    path("applications/<int:pk>/outcomes/", applicant.section_outcomes, name="section_outcomes"),
    path("applications/<int:pk>/documents/", applicant.section_documents, name="section_documents"),
    path(
        "applications/<int:pk>/documents/<int:document_pk>/remove/", applicant.document_remove, name="document_remove"
    ),
    path("applications/<int:pk>/saved/", applicant.saved, name="saved"),
    path("applications/<int:pk>/print/", printable.application_print, name="application_print"),
    path("applications/<int:pk>/check/", applicant.check_answers, name="check"),
    path("applications/<int:pk>/sent/", applicant.sent, name="sent"),
    path("applications/<int:pk>/answer/", applicant.answer_info, name="answer_info"),
    path("applications/<int:pk>/withdraw/", applicant.withdraw, name="withdraw"),
    path("documents/<int:pk>/", applicant.document_download, name="document_download"),
]
