"""Sign-in forms: the email step, the passcode step and the account picker."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, RadioField, StringField
from wtforms.validators import DataRequired, Length, Regexp, ValidationError

from portal_site.signin import passcodes

EMAIL_SHAPE = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


class EmailForm(FlaskForm):
    email = EmailField(
        _l("Email address"),
        validators=[
            DataRequired(_l("Enter your email address.")),
            Length(max=254, message=_l("That email address is too long.")),
            Regexp(EMAIL_SHAPE, message=_l("Enter an email address like name@example.com.")),
        ],
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
        render_kw={"autocomplete": "email", "spellcheck": "false", "autocapitalize": "none", "maxlength": 254},
    )


class CodeForm(FlaskForm):
    code = StringField(
        _l("Sign-in code"),
        validators=[DataRequired(_l("Enter the 6-digit code from the email."))],
        render_kw={"inputmode": "numeric", "autocomplete": "one-time-code", "maxlength": 20,
                   "spellcheck": "false", "autofocus": True, "data-autofocus": True},
    )

    def validate_code(self, field):
        if passcodes.clean_code(field.data) is None:
            raise ValidationError(_l("The code has 6 digits. Check the email and try again."))


class AccountForm(FlaskForm):
    customer = RadioField(_l("Account"), validate_choice=False)

    def validate_customer(self, field):
        if field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_l("Choose an account to continue."))
