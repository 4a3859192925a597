"""The dashboard's coupon and promotion code forms, with Stripe's rules checked before Stripe sees them."""
from datetime import UTC, datetime, time
from decimal import Decimal

from flask_wtf import FlaskForm
from wtforms import DateField, DecimalField, IntegerField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, Regexp, ValidationError

from portal_site.admin.catalog_forms import CURRENCIES, CountField, strip
from portal_site.billing.coupons import CouponFields
from portal_site.billing.money import ZERO_DECIMAL, to_minor_units

DISCOUNT_KINDS = [("percent", "Percentage off"), ("amount", "Fixed amount off")]
DURATIONS = [("once", "Once (the next invoice)"), ("repeating", "For a number of months"), ("forever", "Forever")]
ID_SHAPE = r"^[A-Za-z0-9_-]+$"


class BlankAllowed:
    """A number field whose empty input is None, so the form's own checks say when it is needed."""

    def process_formdata(self, valuelist):
        if valuelist and not valuelist[0].strip():
            self.data = None
            return
        super().process_formdata(valuelist)


class OptionalDecimalField(BlankAllowed, DecimalField):
    pass


class OptionalIntegerField(BlankAllowed, IntegerField):
    pass


class CouponForm(FlaskForm):
    name = StringField("Name", filters=[strip], validators=[
        InputRequired("Give the coupon a name customers will see, such as “Stay with us”."),
        Length(max=40, message="Use at most 40 characters."),
    ])
    coupon_id = StringField("ID (optional)", filters=[strip], validators=[
        Optional(), Length(max=100, message="Use at most 100 characters."),
        Regexp(ID_SHAPE, message="Use only letters, digits, - and _, such as STAY20."),
    ])
    kind = RadioField("Discount", choices=[SelectChoice(*pair) for pair in DISCOUNT_KINDS], default="percent")
    percent_off = OptionalDecimalField("Percent off", places=None)
    amount_off = OptionalDecimalField("Amount off", places=None)
    currency = SelectField("Currency", choices=[SelectChoice(*pair) for pair in CURRENCIES], default="usd")
    duration = RadioField("Duration", choices=[SelectChoice(*pair) for pair in DURATIONS], default="once")
    duration_in_months = OptionalIntegerField("Months")

    def validate_percent_off(self, field):
        if self.kind.data != "percent" or field.process_errors:
            return
        if field.data is None:
            raise ValidationError("Enter the percentage off, such as 20.")
        if not Decimal("0") < field.data <= Decimal("100"):
            raise ValidationError("The percentage must be more than 0 and at most 100.")
        if -field.data.as_tuple().exponent > 2:
            raise ValidationError("Use at most 2 decimal places.")

    def validate_amount_off(self, field):
        if self.kind.data != "amount" or field.process_errors:
            return
        if field.data is None:
            raise ValidationError("Enter the amount off, such as 5.00.")
        if field.data <= 0:
            raise ValidationError("The amount off must be more than 0.")
        allowed = 0 if (self.currency.data or "") in ZERO_DECIMAL else 2
        if -field.data.as_tuple().exponent > allowed:
            raise ValidationError(f"Use at most {allowed} decimal places for {self.currency.data.upper()}."
                                  if allowed else f"{self.currency.data.upper()} has no decimal places.")

    def validate_duration_in_months(self, field):
        if self.duration.data != "repeating" or field.process_errors:
            return
        if field.data is None:
            raise ValidationError("Enter for how many months the discount applies, such as 3.")
        if not 1 <= field.data <= 36:
            raise ValidationError("Enter between 1 and 36 months.")

    def coupon_fields(self):
        percent = self.kind.data == "percent"
        return CouponFields(
            name=self.name.data,
            id=self.coupon_id.data or "",
            duration=self.duration.data,
            duration_in_months=self.duration_in_months.data if self.duration.data == "repeating" else None,
            percent_off=float(self.percent_off.data) if percent else None,
            amount_off=None if percent else to_minor_units(self.amount_off.data, self.currency.data),
            currency=self.currency.data,
        )


class PromotionCodeForm(FlaskForm):
    code = StringField("Code", filters=[strip], validators=[
        InputRequired("Enter the code customers will type, such as WELCOME10."),
        Length(max=50, message="Use at most 50 characters."),
        Regexp(r"^[A-Za-z0-9]+$", message="Use only letters and digits, such as WELCOME10."),
    ])
    coupon = SelectField("Coupon", choices=[], validate_choice=False)
    max_redemptions = CountField("Maximum redemptions (optional)", validators=[
        Optional(), NumberRange(min=1, message="Enter 1 or more, or leave it empty for no limit."),
    ])
    expires_on = DateField("Expires on (optional)", validators=[Optional()])

    def offer(self, coupons):
        """Offer the coupons that can still be redeemed."""
        self.redeemable = {coupon.id for coupon in coupons if coupon.valid}
        self.coupon.choices = [SelectChoice("", "Choose a coupon")] + [
            SelectChoice(coupon.id, coupon.name) for coupon in coupons if coupon.valid
        ]
        return self

    def validate_coupon(self, field):
        if not field.data:
            raise ValidationError("Choose the coupon this code applies.")
        if field.data not in self.redeemable:
            raise ValidationError("That coupon can no longer be redeemed; choose another.")

    def validate_expires_on(self, field):
        if field.data and field.data <= datetime.now(UTC).date():
            raise ValidationError("Choose a date after today, or leave it empty.")

    def expires_at(self):
        """The end of the chosen day (UTC), or None."""
        day = self.expires_on.data
        return datetime.combine(day, time(23, 59, 59), UTC) if day else None
