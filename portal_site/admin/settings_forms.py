"""Forms for the customer portal's features and the business information, and their one mapping to settings.

Each form declares a table of (form field, settings path): `form_data()` fills the form
from the settings and `settings_from_form()` builds the settings from it through that
table. `declare()` checks both sides of every row when this module is imported, so a
misspelt field or path stops the app from starting.
"""

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import Length, Optional, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from portal_site.auth.forms import EMAIL_SHAPE
from portal_site.settings import schema
from portal_site.web.security import is_web_url

CUSTOMER_DETAILS = [
    ("name", "Name"),
    ("address", "Billing address"),
    ("shipping", "Shipping address"),
    ("phone", "Phone number"),
    ("tax_id", "Tax IDs"),
]
REASON_LABELS = {
    "too_expensive": "It's too expensive",
    "missing_features": "Some features are missing",
    "switched_service": "I'm switching to a different service",
    "unused": "I don't use the service enough",
    "customer_service": "Customer service was less than expected",
    "too_complex": "Ease of use was less than expected",
    "low_quality": "Quality was less than expected",
    "other": "Other reason",
}
CANCEL_MODES = [("at_period_end", "At the end of the billing period"), ("immediately", "Immediately")]
CANCEL_PRORATION = [("none", "No proration"), ("create_prorations", "Prorate unused time (immediate cancellations only)")]
UPDATE_PRORATION = [
    ("none", "No proration"),
    ("create_prorations", "Prorate on the next invoice"),
    ("always_invoice", "Prorate and invoice immediately"),
]
QUANTITY_LIMIT = schema.QUANTITY_LIMIT
NO_COUPON = ""


def options(pairs):
    """WTForms choices from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form):
        offered = {choice.value for choice in self.iter_choices()}
        unknown = [value for value in self.data or () if value not in offered]
        if unknown:
            raise ValidationError(f"{', '.join(unknown)} is not one of the options; reload the page and choose again.")


class WholeNumberField(StringField):
    """A whole number typed by the merchant; the error names what was wrong."""

    def process_formdata(self, valuelist):
        if valuelist:
            text = valuelist[0].strip()
            self.data = int(text) if text.lstrip("-").isdigit() else text

    def _value(self):
        return "" if self.data is None else str(self.data)

    def pre_validate(self, form):
        if not isinstance(self.data, int):
            raise ValidationError("Enter a whole number, such as 1 or 10.")


class FeaturesForm(FlaskForm):
    customer_update_enabled = BooleanField("Customers can update their details")
    customer_update_fields = CheckboxesField("Details they can update", choices=options(CUSTOMER_DETAILS))
    invoice_history_enabled = BooleanField("Show invoice history")
    payment_method_update_enabled = BooleanField("Customers can add and change payment methods")

    cancel_enabled = BooleanField("Customers can cancel subscriptions")
    cancel_mode = RadioField("When a cancellation takes effect", choices=options(CANCEL_MODES))
    cancel_proration = RadioField("Proration on cancellation", choices=options(CANCEL_PRORATION))
    cancel_reason_enabled = BooleanField("Ask why they cancel")
    cancel_reason_options = CheckboxesField("Reasons to offer", choices=options(REASON_LABELS.items()))
    cancel_custom_question = StringField(
        "Your own question (optional)",
        validators=[Length(max=200, message="Keep the question to 200 characters or fewer.")],
    )
    retention_coupon = SelectField("Retention coupon", choices=[], validate_choice=False)

    update_enabled = BooleanField("Customers can switch plans")
    allowed_prices = CheckboxesField("Prices customers can switch to", choices=[])
    quantity_enabled = BooleanField("Customers can change the quantity")
    quantity_minimum = WholeNumberField("Minimum quantity")
    quantity_maximum = WholeNumberField("Maximum quantity")
    update_proration = SelectField("Proration when switching", choices=options(UPDATE_PRORATION))
    downgrades_at_period_end = BooleanField("Apply downgrades at the end of the billing period")

    pause_enabled = BooleanField("Customers can pause payment collection")
    promotion_codes_enabled = BooleanField("Customers can enter promotion codes")
    account_picker_enabled = BooleanField("Let customers choose between accounts that share their email")

    coupons = None

    def validate_customer_update_fields(self, field):
        if self.customer_update_enabled.data and not field.data:
            raise ValidationError("Choose at least one detail, or turn off detail updates.")

    def validate_cancel_proration(self, field):
        if field.data == "create_prorations" and self.cancel_mode.data != "immediately":
            raise ValidationError("Proration only applies to immediate cancellations; choose “No proration” or cancel immediately.")

    def validate_cancel_reason_options(self, field):
        if self.cancel_reason_enabled.data and not field.data:
            raise ValidationError("Choose at least one reason, or turn off the question.")

    def validate_quantity_minimum(self, field):
        if isinstance(field.data, int) and not 1 <= field.data <= QUANTITY_LIMIT:
            raise ValidationError(f"The minimum must be between 1 and {QUANTITY_LIMIT}.")

    def validate_quantity_maximum(self, field):
        if not isinstance(field.data, int):
            return
        if not 1 <= field.data <= QUANTITY_LIMIT:
            raise ValidationError(f"The maximum must be between 1 and {QUANTITY_LIMIT}.")
        minimum = self.quantity_minimum.data
        if isinstance(minimum, int) and field.data < minimum:
            raise ValidationError("The maximum must be at least the minimum.")

    def offer_coupons(self, coupons):
        """Offer "none" and the coupons that can still be redeemed, plus the saved one whatever its state."""
        saved = self.retention_coupon.data or NO_COUPON
        self.coupons = {coupon.id: coupon for coupon in coupons}
        self.retention_coupon.choices = [SelectChoice(NO_COUPON, "None: no offer before canceling")] + [
            SelectChoice(coupon.id, coupon_label(coupon)) for coupon in coupons if coupon.valid or coupon.id == saved
        ]
        if saved and saved not in self.coupons:
            self.retention_coupon.choices.append(SelectChoice(saved, f"{saved} (no longer in Stripe)"))

    def validate_retention_coupon(self, field):
        if not field.data:
            return
        coupon = self.coupons.get(field.data)
        if coupon is None:
            raise ValidationError(f"Stripe has no coupon with the ID “{field.data}”. Choose another coupon, or none.")
        if not coupon.valid:
            raise ValidationError(f"The coupon “{coupon.id}” can no longer be redeemed (expired or used up).")


def coupon_label(coupon):
    """A coupon as the merchant recognises it: name, discount and duration."""
    if coupon.percent_off:
        off = f"{coupon.percent_off:g}% off"
    else:
        off = f"{coupon.amount_off.decimal:.2f} {coupon.amount_off.currency.upper()} off"
    duration = {"repeating": f" for {coupon.duration_in_months} months", "forever": " forever"}.get(coupon.duration, " once")
    return f"{coupon.name} ({off}{duration}{'' if coupon.valid else ', can no longer be redeemed'})"


def declare(form_class, rows):
    """The (form field, settings path) table of `form_class`, checked: each field exists, each path is a setting."""
    for name, path in rows:
        if not hasattr(form_class, name):
            raise AttributeError(f"{form_class.__name__} has no field {name!r} (declared for {path!r}).")
        schema.field_type(path)
    return tuple(rows)


def form_data(rows, current):
    """The form's initial values from the settings."""
    values = {name: schema.get(current, path) for name, path in rows}
    return {name: list(value) if isinstance(value, tuple) else value for name, value in values.items()}


def settings_from_form(rows, form, current):
    """`current` with the values of a validated form; a field the form left out keeps its setting."""
    changes = {}
    for name, path in rows:
        if name in form:
            value = form[name].data
            changes[path] = value.strip() if isinstance(value, str) else value
    return schema.with_values(current, changes)


FEATURE_FIELDS = declare(FeaturesForm, [
    ("customer_update_enabled", "features.customer_update.enabled"),
    ("customer_update_fields", "features.customer_update.allowed_updates"),
    ("invoice_history_enabled", "features.invoice_history.enabled"),
    ("payment_method_update_enabled", "features.payment_method_update.enabled"),
    ("cancel_enabled", "features.subscription_cancel.enabled"),
    ("cancel_mode", "features.subscription_cancel.mode"),
    ("cancel_proration", "features.subscription_cancel.proration_behavior"),
    ("cancel_reason_enabled", "features.subscription_cancel.cancellation_reason.enabled"),
    ("cancel_reason_options", "features.subscription_cancel.cancellation_reason.options"),
    ("cancel_custom_question", "features.subscription_cancel.custom_question"),
    ("retention_coupon", "features.subscription_cancel.retention_coupon"),
    ("update_enabled", "features.subscription_update.enabled"),
    ("allowed_prices", "features.subscription_update.allowed_prices"),
    ("quantity_enabled", "features.subscription_update.quantity.enabled"),
    ("quantity_minimum", "features.subscription_update.quantity.minimum"),
    ("quantity_maximum", "features.subscription_update.quantity.maximum"),
    ("update_proration", "features.subscription_update.proration_behavior"),
    ("downgrades_at_period_end", "features.subscription_update.downgrades_at_period_end"),
    ("pause_enabled", "features.subscription_pause.enabled"),
    ("promotion_codes_enabled", "features.promotion_codes.enabled"),
    ("account_picker_enabled", "features.account_picker.enabled"),
])


class CustomerEmailsForm(FlaskForm):
    payment_failed = BooleanField("Payment failed")
    trial_ending = BooleanField("Trial ending")
    renewal_upcoming = BooleanField("Yearly renewal coming up")
    card_expiring = BooleanField("Card expiring before the next payment")


EMAIL_FIELDS = declare(CustomerEmailsForm, [
    (name, f"customer_emails.{name}.enabled")
    for name in ("payment_failed", "trial_ending", "renewal_upcoming", "card_expiring")
])


def web_address(form, field):
    """An absolute http(s) URL with a host, or nothing."""
    value = (field.data or "").strip()
    field.data = value
    if not value:
        return
    if not is_web_url(value):
        raise ValidationError("Enter a full web address starting with https:// (or http://), such as https://example.com/privacy.")


class BusinessForm(FlaskForm):
    headline = StringField(
        "Headline",
        validators=[Length(max=60, message="Keep the headline to 60 characters or fewer.")],
    )
    privacy_policy_url = StringField(
        "Privacy policy URL",
        validators=[Optional(), Length(max=2000, message="That address is too long."), web_address],
    )
    terms_of_service_url = StringField(
        "Terms of service URL",
        validators=[Optional(), Length(max=2000, message="That address is too long."), web_address],
    )
    default_return_url = StringField(
        "Default return URL",
        validators=[Optional(), Length(max=2000, message="That address is too long."), web_address],
    )
    support_email = StringField(
        "Support email",
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
        validators=[Optional(), Length(max=254, message="That address is too long."),
                    Regexp(EMAIL_SHAPE, message="Enter an email address such as help@example.com.")],
    )
    support_url = StringField(
        "Support page URL",
        validators=[Optional(), Length(max=2000, message="That address is too long."), web_address],
    )


BUSINESS_FIELDS = declare(BusinessForm, [
    (name, f"business.{name}")
    for name in ("headline", "privacy_policy_url", "terms_of_service_url", "default_return_url",
                 "support_email", "support_url")
])


def changed_keys(before, after, prefix=""):
    """Dotted names of the values in `after` that differ from `before` (for the activity log)."""
    keys = []
    for key, value in after.items():
        name = f"{prefix}{key}"
        old = before.get(key) if isinstance(before, dict) else None
        if isinstance(value, dict):
            keys += changed_keys(old or {}, value, f"{name}.")
        elif old != value:
            keys.append(name)
    return keys
