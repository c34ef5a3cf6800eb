"""Sign-up, sign-in and account security forms (email + password; Argon2 hashing from settings)."""

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from tijara.accounts.models import User


class SignUpForm(forms.Form):
    """No check that the address is free here: the answer would tell anyone who has an account
    [SEC-AUTH-ENUMERATION]; `passwords.customer_sign_up_request` handles an address already taken."""

    full_name = forms.CharField(label=_("First and last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), widget=forms.EmailInput(attrs={"dir": "ltr", "autocomplete": "email"}))
    password = forms.CharField(label=_("Password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                               help_text=_("At least 12 characters; not a common password."))

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("email"):
            try:
                password_validation.validate_password(data["password"], User(email=data["email"],
                                                                             full_name=data.get("full_name", "")))
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return data


class SignInForm(forms.Form):
    """E-mail and password; the check (with its lock) is `signin.sign_in_password`."""

    username = forms.EmailField(label=_("E-mail"), max_length=254,
                                widget=forms.EmailInput(attrs={"autofocus": True, "dir": "ltr",
                                                               "autocomplete": "username"}))
    password = forms.CharField(label=_("Password"), strip=False, max_length=4096,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=32, widget=forms.TextInput(attrs={
        "autocomplete": "one-time-code", "inputmode": "text", "dir": "ltr", "autofocus": True}))


class EmailForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"), max_length=254,
                             widget=forms.EmailInput(attrs={"dir": "ltr", "autocomplete": "email"}))


class NewPasswordForm(forms.Form):
    password = forms.CharField(label=_("New password"), strip=False, max_length=4096,
                               widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                               help_text=_("At least 12 characters; not a common password."))


class PasswordChangeForm(NewPasswordForm):
    old_password = forms.CharField(label=_("Current password"), strip=False, max_length=4096,
                                   widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    field_order = ["old_password", "password"]


class PasswordConfirmForm(forms.Form):
    password = forms.CharField(label=_("Your password"), strip=False, max_length=4096,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
