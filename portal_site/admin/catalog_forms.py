"""The dashboard's product and price forms, with Stripe's rules checked before Stripe sees them."""
import re
from decimal import Decimal

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DecimalField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from portal_site.billing.money import ZERO_DECIMAL, to_minor_units

# Common Stripe product tax codes (GET /v1/tax_codes has the full list); any txcd_ code is accepted.
TAX_CODES = (
    ("txcd_10000000", "General - Electronically Supplied Services"),
    ("txcd_99999999", "General - Tangible Goods"),
    ("txcd_20030000", "General - Services"),
    ("txcd_00000000", "Nontaxable"),
    ("txcd_10103001", "Software as a service (SaaS) - business use"),
    ("txcd_10103000", "Software as a service (SaaS) - personal use"),
    ("txcd_10101000", "Infrastructure as a service (IaaS) - business use"),
    ("txcd_10102000", "Platform as a service (PaaS) - business use"),
    ("txcd_10104001", "Cloud-based business process as a service"),
    ("txcd_10202003", "Downloadable software - business use"),
    ("txcd_10202000", "Downloadable software - personal use"),
    ("txcd_10201000", "Downloadable games"),
    ("txcd_10302000", "e-book"),
    ("txcd_10301000", "Audiobook"),
    ("txcd_10303000", "Digital magazine - subscription"),
    ("txcd_10304100", "Digital newspaper - subscription"),
    ("txcd_10401200", "Digital audio streaming - subscription"),
    ("txcd_10402200", "Digital video streaming - subscription"),
    ("txcd_10501000", "Digital image"),
    ("txcd_10502000", "Gift card"),
    ("txcd_10503000", "Other - article delivered electronically"),
    ("txcd_10701100", "Website hosting"),
    ("txcd_10701300", "Website data processing"),
    ("txcd_10701400", "Website information services"),
)
TAX_CODE_NAMES = dict(TAX_CODES)

CURRENCIES = (
    ("usd", "USD - US dollar"), ("eur", "EUR - Euro"), ("gbp", "GBP - British pound"),
    ("cad", "CAD - Canadian dollar"), ("aud", "AUD - Australian dollar"), ("nzd", "NZD - New Zealand dollar"),
    ("chf", "CHF - Swiss franc"), ("sek", "SEK - Swedish krona"), ("nok", "NOK - Norwegian krone"),
    ("dkk", "DKK - Danish krone"), ("pln", "PLN - Polish zloty"), ("jpy", "JPY - Japanese yen"),
    ("sgd", "SGD - Singapore dollar"), ("hkd", "HKD - Hong Kong dollar"), ("inr", "INR - Indian rupee"),
    ("brl", "BRL - Brazilian real"), ("mxn", "MXN - Mexican peso"),
)
INTERVALS = (("month", "Month"), ("year", "Year"), ("week", "Week"), ("day", "Day"))
# Stripe bills at most every 3 years.
MAX_INTERVAL_COUNT = {"day": 1095, "week": 156, "month": 36, "year": 3}
MAX_UNIT_AMOUNT = 99_999_999

_DESCRIPTOR_FORBIDDEN = re.compile(r"[<>\\'\"*]")


def strip(value):
    """A form filter: what was typed, without surrounding spaces."""
    return value.strip() if isinstance(value, str) else value


def check_statement_descriptor(form, field):
    """Stripe's rules for what appears on card statements, each with its reason."""
    value = field.data or ""
    if not value:
        return
    if not 5 <= len(value) <= 22:
        raise ValidationError(f"Must be 5 to 22 characters long; this is {len(value)}.")
    if not re.search(r"[A-Za-z]", value):
        raise ValidationError("Must contain at least one letter.")
    found = sorted(set(_DESCRIPTOR_FORBIDDEN.findall(value)))
    if found:
        raise ValidationError("Cannot contain < > \\ ' \" or *; remove " + " ".join(found) + ".")


class ProductForm(FlaskForm):
    name = StringField("Name", filters=[strip], validators=[
        DataRequired("Enter the product's name."),
        Length(max=250, message="Use at most 250 characters."),
    ])
    description = TextAreaField("Description", filters=[strip], validators=[
        Optional(), Length(max=2000, message="Use at most 2000 characters."),
    ])
    image = FileField("Image")
    image_key = HiddenField()
    remove_image = BooleanField("Remove the current image")
    tax_code = StringField("Tax code", filters=[strip], validators=[
        Optional(),
        Regexp(r"^txcd_\d{8}$", message="Choose a tax code from the list (they look like txcd_10000000)."),
    ])
    statement_descriptor = StringField("Statement descriptor", filters=[strip],
                                       validators=[check_statement_descriptor])
    unit_label = StringField("Unit label", filters=[strip], validators=[
        Optional(), Length(max=12, message="Use at most 12 characters; this is %(length)d."),
    ])
    active = BooleanField("Active (customers can subscribe to it)")

    def tax_code_name(self):
        return TAX_CODE_NAMES.get(self.tax_code.data or "", "")


class CountField(IntegerField):
    """A whole number that stays comparable with floats (a 400-digit one overflowed NumberRange: a 500)."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if self.data is not None and abs(self.data) > 10**15:
            self.data = None
            raise ValueError("That number is too large.")


class PriceForm(FlaskForm):
    amount = DecimalField("Amount", places=None, validators=[
        InputRequired("Enter an amount, such as 12.50."),
        NumberRange(min=Decimal("0"), message="The amount cannot be negative."),
    ])
    currency = SelectField("Currency", choices=[SelectChoice(*pair) for pair in CURRENCIES], default="usd")
    interval = SelectField("Billing period", choices=[SelectChoice(*pair) for pair in INTERVALS], default="month")
    interval_count = CountField("Every", default=1, validators=[
        InputRequired("Enter how many periods between bills (1 for every period)."),
        NumberRange(min=1, message="Enter 1 or more."),
    ])
    nickname = StringField("Nickname", filters=[strip], validators=[
        Optional(), Length(max=100, message="Use at most 100 characters."),
    ])

    def validate_amount(self, field):
        if field.data is None:
            return
        places = -field.data.as_tuple().exponent
        allowed = 0 if (self.currency.data or "") in ZERO_DECIMAL else 2
        if places > allowed:
            raise ValidationError(f"Use at most {allowed} decimal places for {self.currency.data.upper()}."
                                  if allowed else f"{self.currency.data.upper()} has no decimal places.")
        if self.unit_amount() > MAX_UNIT_AMOUNT:
            raise ValidationError("The amount is too large for Stripe.")

    def validate_interval_count(self, field):
        limit = MAX_INTERVAL_COUNT.get(self.interval.data)
        if limit and field.data and field.data > limit:
            raise ValidationError(f"Stripe bills at most every 3 years: use at most {limit} for {self.interval.data}s.")

    def unit_amount(self):
        return to_minor_units(self.amount.data, self.currency.data)
