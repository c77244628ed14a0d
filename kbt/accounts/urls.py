from django.urls import path

from . import views, views_two_factor

app_name = "accounts"
urlpatterns = [
    path("sign-up/", views.sign_up, name="sign_up"),
    path("sign-up/check-your-email/", views.check_email, name="check_email"),
    path("verify/<uidb64>/<token>/", views.verify, name="verify"),
    path("sign-in/", views.SignInView.as_view(), name="sign_in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign_out"),
    path("signed-out/", views.signed_out, name="signed_out"),
    path("password-reset/", views.ResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", views.ResetSentView.as_view(), name="password_reset_sent"),
    path("password-reset/<uidb64>/<token>/", views.ResetConfirmView.as_view(), name="password_reset_confirm"),
    path("password-reset/done/", views.ResetCompleteView.as_view(), name="password_reset_complete"),
    path("", views.account, name="account"),
    path("change-password/", views.change_password, name="change_password"),
    path("change-email/", views.change_email, name="change_email"),
    path("change-email/<token>/", views.change_email_confirm, name="change_email_confirm"),
]

urlpatterns += [
    path("two-factor/", views_two_factor.manage, name="two_factor_manage"),
    path("two-factor/set-up/", views_two_factor.setup, name="two_factor_setup"),
    path("two-factor/verify/", views_two_factor.verify, name="two_factor_verify"),
    path("two-factor/backup-codes/", views_two_factor.new_backup_codes, name="two_factor_backup_codes"),
    path("two-factor/turn-off/", views_two_factor.turn_off, name="two_factor_turn_off"),
    path("two-factor/passkey/<int:passkey_id>/remove/", views_two_factor.passkey_remove, name="passkey_remove"),
    path("reset-second-factor/<int:user_pk>/", views_two_factor.admin_reset, name="two_factor_reset"),
    path("confirm/", views_two_factor.confirm_identity, name="confirm_identity"),
]
