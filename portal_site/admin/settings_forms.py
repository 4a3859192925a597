"""Forms for the customer portal's features and the business information, and their mapping to settings."""

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from portal_site.billing import BillingError, coupons
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
QUANTITY_LIMIT = 9999


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
    retention_coupon = StringField(
        "Retention coupon ID (optional)",
        validators=[Length(max=100, message="A coupon ID is at most 100 characters.")],
    )

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

    coupon = None

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

    def validate_retention_coupon(self, field):
        coupon_id = (field.data or "").strip()
        field.data = coupon_id
        if not coupon_id:
            return
        try:
            coupon = coupons.find(coupon_id)
        except BillingError:
            raise ValidationError("Stripe could not be reached to check this coupon. Try again in a moment.") from None
        if coupon is None:
            raise ValidationError(f"Stripe has no coupon with the ID “{coupon_id}”. Create it in Stripe first, or check the spelling.")
        self.coupon = coupon
        if not coupon.valid:
            raise ValidationError(f"The coupon “{coupon_id}” can no longer be redeemed (expired or used up).")


def features_form_data(features):
    """The form's initial values from the stored `features` settings."""
    cancel = features["subscription_cancel"]
    update = features["subscription_update"]
    return {
        "customer_update_enabled": features["customer_update"]["enabled"],
        "customer_update_fields": list(features["customer_update"]["allowed_updates"]),
        "invoice_history_enabled": features["invoice_history"]["enabled"],
        "payment_method_update_enabled": features["payment_method_update"]["enabled"],
        "cancel_enabled": cancel["enabled"],
        "cancel_mode": cancel["mode"],
        "cancel_proration": cancel["proration_behavior"],
        "cancel_reason_enabled": cancel["cancellation_reason"]["enabled"],
        "cancel_reason_options": list(cancel["cancellation_reason"]["options"]),
        "cancel_custom_question": cancel["custom_question"],
        "retention_coupon": cancel["retention_coupon"],
        "update_enabled": update["enabled"],
        "allowed_prices": list(update["allowed_prices"]),
        "quantity_enabled": update["quantity"]["enabled"],
        "quantity_minimum": update["quantity"]["minimum"],
        "quantity_maximum": update["quantity"]["maximum"],
        "update_proration": update["proration_behavior"],
        "downgrades_at_period_end": update["downgrades_at_period_end"],
        "pause_enabled": features["subscription_pause"]["enabled"],
        "promotion_codes_enabled": features["promotion_codes"]["enabled"],
        "account_picker_enabled": features["account_picker"]["enabled"],
    }


def features_from_form(form):
    """The `features` settings from a validated form; prices are left alone when the form had none to offer."""
    update = {
        "enabled": form.update_enabled.data,
        "quantity": {
            "enabled": form.quantity_enabled.data,
            "minimum": form.quantity_minimum.data,
            "maximum": form.quantity_maximum.data,
        },
        "proration_behavior": form.update_proration.data,
        "downgrades_at_period_end": form.downgrades_at_period_end.data,
    }
    if "allowed_prices" in form:
        update["allowed_prices"] = list(form.allowed_prices.data)
    return {
        "customer_update": {
            "enabled": form.customer_update_enabled.data,
            "allowed_updates": list(form.customer_update_fields.data),
        },
        "invoice_history": {"enabled": form.invoice_history_enabled.data},
        "payment_method_update": {"enabled": form.payment_method_update_enabled.data},
        "subscription_cancel": {
            "enabled": form.cancel_enabled.data,
            "mode": form.cancel_mode.data,
            "proration_behavior": form.cancel_proration.data,
            "cancellation_reason": {
                "enabled": form.cancel_reason_enabled.data,
                "options": list(form.cancel_reason_options.data),
            },
            "custom_question": form.cancel_custom_question.data.strip(),
            "retention_coupon": form.retention_coupon.data,
        },
        "subscription_update": update,
        "subscription_pause": {"enabled": form.pause_enabled.data},
        "promotion_codes": {"enabled": form.promotion_codes_enabled.data},
        "account_picker": {"enabled": form.account_picker_enabled.data},
    }


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


BUSINESS_FIELDS = ("headline", "privacy_policy_url", "terms_of_service_url", "default_return_url")


def business_from_form(form):
    return {name: (getattr(form, name).data or "").strip() for name in BUSINESS_FIELDS}


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
