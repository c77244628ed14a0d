from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.template.loader import render_to_string

from kbt.form_lengths import CountingFormHelper, text_limits_apply

from .throttle import normalise_email


class GdsFormMixin:
    """Render with crispy-forms-gds inside the page's own <form>, errors in includes/error_summary.html."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = CountingFormHelper(self)

    def full_clean(self):
        # Limits said in plain English, whatever fields the form added after __init__.
        text_limits_apply(self)
        super().full_clean()


class SignUpForm(GdsFormMixin, forms.Form):
    full_name = forms.CharField(label="Full name", max_length=150, error_messages={"required": "Enter your full name"})
    email = forms.EmailField(
        label="Email address",
        help_text="We will send you a link to confirm it.",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    password = forms.CharField(
        label="Create a password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 10 characters. Avoid common words and passwords you use elsewhere.",
        strip=False,
        error_messages={"required": "Enter a password"},
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password"):
            from kbt.accounts.models import User

            candidate = User(email=cleaned.get("email", ""), full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(cleaned["password"], candidate)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned


class SignInForm(GdsFormMixin, AuthenticationForm):
    error_messages = {
        # The same words whether or not the address has an account.
        "invalid_login": "Enter a correct email address and password",
        "inactive": "Enter a correct email address and password",
        "unverified": "Confirm your email address before you sign in. We have sent you a new link.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Email address"
        self.fields["username"].error_messages["required"] = "Enter your email address"
        self.fields["password"].error_messages["required"] = "Enter your password"

    def clean_username(self):
        # The same normalisation as the sign-in throttle's, so both count one account however it is typed.
        return normalise_email(self.cleaned_data.get("username"))

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not user.email_verified:
            from .services import user_send_verification

            user_send_verification(user=user)
            raise forms.ValidationError(self.error_messages["unverified"], code="unverified")


class ResetRequestForm(GdsFormMixin, PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields["email"].error_messages = {
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        }

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        # Through the outbox, like every email, instead of Django's direct send: never lost when SMTP
        # is down, and the page does not wait for it.
        from .services import user_send_password_reset

        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        user_send_password_reset(
            user=context["user"], to=to_email, subject=subject, template=email_template_name, context=context
        )


class NewPasswordForm(GdsFormMixin, SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "New password"
        self.fields["new_password1"].help_text = "At least 10 characters."
        self.fields["new_password2"].label = "Type the new password again"


class ChangePasswordForm(GdsFormMixin, PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Current password"
        self.fields["new_password1"].label = "New password"
        self.fields["new_password1"].help_text = "At least 10 characters."
        self.fields["new_password2"].label = "Type the new password again"


class ChangeEmailForm(GdsFormMixin, forms.Form):
    email = forms.EmailField(
        label="New email address",
        error_messages={
            "required": "Enter your new email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    password = forms.CharField(
        label="Current password",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        strip=False,
        error_messages={"required": "Enter your current password"},
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("Your current password is not right")
        return password

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if email == self.user.email.lower():
            raise forms.ValidationError("This is already your email address")
        return email


def _code_field(label="Code", help_text="The 6-digit code from your authenticator app, or one of your backup codes."):
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "spellcheck": "false", "class": "govuk-input--width-10"}
        ),
        error_messages={"required": "Enter your code"},
    )


class SetUpAppForm(GdsFormMixin, forms.Form):
    code = _code_field(
        label="Code from your app",
        help_text="After adding the key, your app shows a 6-digit code. Enter it to finish.",
    )

    def __init__(self, *args, device, user, **kwargs):
        self.device, self.user = device, user
        super().__init__(*args, **kwargs)

    def clean_code(self):
        from .two_factor import totp_device_confirm

        code = self.cleaned_data["code"].replace(" ", "")
        self.backup_codes = totp_device_confirm(user=self.user, device=self.device, token=code)
        if self.backup_codes is None:
            raise forms.ValidationError("The code is not right. Check the time on your phone and try the newest code")
        return code


class CodeForm(GdsFormMixin, forms.Form):
    code = _code_field()

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_code(self):
        from django_otp import match_token

        code = self.cleaned_data["code"].replace(" ", "").replace("-", "")
        self.device = match_token(self.user, code)
        if self.device is None:
            raise forms.ValidationError("The code is not right. Try the newest code from your app, or a backup code")
        return code


class ConfirmIdentityForm(CodeForm):
    """Password, and code when the person has two-factor sign-in, before a sensitive action."""

    password = forms.CharField(
        label="Password",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        strip=False,
        error_messages={"required": "Enter your password"},
    )
    field_order = ["password", "code"]

    def __init__(self, *args, user, **kwargs):
        from .two_factor import has_second_factor

        super().__init__(*args, user=user, **kwargs)
        if not has_second_factor(user):
            del self.fields["code"]

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("Your password is not right")
        return password
