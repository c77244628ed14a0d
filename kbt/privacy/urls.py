from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("accounts/your-data/", views.your_data, name="your_data"),
    path("accounts/delete/", views.delete_account, name="delete_account"),
    path("accounts/deleted/", views.account_deleted, name="account_deleted"),
    path("applications/<int:pk>/equality-questions/", views.equality, name="equality"),
    path("applications/<int:pk>/equality-questions/delete/", views.equality_withdraw, name="equality_withdraw"),
]
