"""Forms for the subscription actions: cancellation survey, plan, quantity, pause date, promotion code."""
from datetime import UTC, date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from portal_site.i18n import own_words

REASON_LABELS = {
    "too_expensive": _l("It's too expensive"),
    "missing_features": _l("Some features are missing"),
    "switched_service": _l("I'm switching to a different service"),
    "unused": _l("I don't use it enough"),
    "customer_service": _l("Customer service was less than expected"),
    "too_complex": _l("It's too complicated to use"),
    "low_quality": _l("Quality was less than expected"),
    "other": _l("Other reason"),
}


class CancelForm(FlaskForm):
    """The cancellation survey; its fields are all optional, a customer may just confirm."""

    reason = RadioField(_l("Why are you canceling?"), choices=[], validators=[Optional()], validate_choice=False)
    comment = TextAreaField(_l("Anything else you'd like to tell us? (optional)"),
                            validators=[Optional(), Length(max=500)])
    answer = TextAreaField("", validators=[Optional(), Length(max=500)])
    retention_declined = HiddenField()

    def configure(self, survey):
        """Offer the reasons and the merchant's own question from the cancellation settings."""
        reasons = survey.cancellation_reason
        choices = [(code, REASON_LABELS[code]) for code in reasons.options if code in REASON_LABELS]
        if reasons.enabled and choices:
            self.reason.choices = choices
        else:
            del self.reason
        if survey.custom_question:
            self.answer.label.text = _l("%(question)s (optional)", question=own_words.cancel_question(survey.custom_question))
        else:
            del self.answer
        return self

    def validate_reason(self, field):
        if field.data and field.data not in dict(field.choices):
            raise ValidationError(_l("Choose one of the reasons listed."))

    @property
    def feedback(self):
        return self.reason.data if "reason" in self and self.reason.data else None

    @property
    def custom_answer(self):
        return (self.answer.data or "").strip() if "answer" in self else ""


class PlanForm(FlaskForm):
    price = RadioField(_l("Choose a plan"), choices=[], validate_choice=False,
                       validators=[InputRequired(_l("Choose a plan."))])
    proration_date = HiddenField()

    def validate_price(self, field):
        if field.data not in dict(field.choices):
            raise ValidationError(_l("Choose one of the plans listed."))


MAX_WHOLE_NUMBER = 10**15


class WholeNumberField(IntegerField):
    """An integer input whose parse error is the portal's own, translated sentence."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(_l("Enter a whole number.")) from error
        if self.data is not None and abs(self.data) > MAX_WHOLE_NUMBER:
            # Python's int has no limit, but comparing it with a float (NumberRange) overflows.
            self.data = None
            raise ValueError(_l("That number is too large. Choose a smaller number."))


class QuantityForm(FlaskForm):
    quantity = WholeNumberField(_l("Quantity"), validators=[InputRequired(_l("Enter a whole number."))])
    proration_date = HiddenField()

    def limit(self, minimum, maximum):
        self.quantity.validators = [
            InputRequired(_l("Enter a whole number.")),
            NumberRange(minimum, maximum, message=_l("Choose a number from %(min)s to %(max)s.")),
        ]
        self.quantity.render_kw = {"min": minimum, "max": maximum, "inputmode": "numeric"}
        return self


def _months_later(day, months):
    """The same day `months` later (the month's last day when it has fewer days)."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    following = date(year + month // 12, month % 12 + 1, 1)
    return date(year, month, min(day.day, (following - timedelta(days=1)).day))


def _midnight(day):
    return int(datetime.combine(day, time(0), tzinfo=UTC).timestamp())


def resume_dates(options, today=None):
    """The resume dates a configuration's preset pause lengths (`interval_options`) give from today, in order."""
    today = today or datetime.now(UTC).date()
    months = {"month": 1, "year": 12}
    days = {"day": 1, "week": 7}
    found = {_months_later(today, months[option.interval] * option.interval_count) if option.interval in months
             else today + timedelta(days=days[option.interval] * option.interval_count) for option in options}
    return sorted(found)


class PauseForm(FlaskForm):
    """Pause until a date the customer picks (or none); with `offer(dates)`, until one of those dates only."""

    resumes_on = DateField(_l("Resume payments on (optional)"), validators=[Optional()])
    dates = None

    def offer(self, dates):
        self.dates = dates
        return self

    @property
    def offered(self):
        """The dates offered, as (form value, Stripe's timestamp of that day), the chosen one marked."""
        chosen = self.resumes_on.data or (self.dates or [None])[0]
        return [(day.isoformat(), _midnight(day), day == chosen) for day in self.dates or []]

    def validate_resumes_on(self, field):
        if field.data and field.data <= date.today():
            raise ValidationError(_l("Choose a date after today, or leave it empty."))

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if valid and self.dates is not None and self.resumes_on.data not in self.dates:
            self.resumes_on.errors = [*self.resumes_on.errors, _l("Choose one of the dates.")]
            return False
        return valid

    @property
    def resumes_at(self):
        """Midnight UTC at the start of the chosen day, as Stripe's unix timestamp."""
        return _midnight(self.resumes_on.data) if self.resumes_on.data else None


class PromotionCodeForm(FlaskForm):
    code = StringField(
        _l("Promotion code"),
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
        validators=[
            DataRequired(_l("Enter a promotion code.")),
            Length(max=64),
            Regexp(r"^[A-Za-z0-9-]+$", message=_l("Codes contain only letters, digits and dashes.")),
        ],
    )
