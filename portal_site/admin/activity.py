"""Dashboard view of the activity log: filters, paging and a chart of cancellation reasons by month."""
from datetime import date

from babel.dates import format_datetime
from flask import request
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import Length, ValidationError

from portal_site.activity import report as activity_report
from portal_site.admin import activity_text
from portal_site.admin.blueprint import bp
from portal_site.admin.settings_forms import REASON_LABELS, options
from portal_site.web.htmx import render

REASON_NAMES = {**REASON_LABELS, activity_report.NOT_GIVEN: "No reason given"}
ACTOR_NAMES = {"admin": "Merchants", "customer": "Customers", "api": "API keys", "portal": "Customer emails"}
CHART_WIDTH = 420


class DayField(StringField):
    """A calendar day typed as YYYY-MM-DD (what a date input sends)."""

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        text = valuelist[0].strip()
        try:
            self.data = date.fromisoformat(text) if text else None
        except ValueError:
            self.data = text

    def _value(self):
        return self.data.isoformat() if isinstance(self.data, date) else (self.data or "")

    def pre_validate(self, form):
        if self.data is not None and not isinstance(self.data, date):
            raise ValidationError("Enter a date as YYYY-MM-DD, such as 2026-01-31.")


class ActivityFilterForm(FlaskForm):
    class Meta:
        csrf = False

    actor_type = SelectField("Who", choices=[], default="")
    action = SelectField("Action", choices=[], default="")
    customer_id = StringField("Customer ID", validators=[Length(max=64, message="A customer ID is at most 64 characters.")])
    date_from = DayField("From")
    date_to = DayField("To")

    def validate_date_to(self, field):
        start = self.date_from.data
        if isinstance(field.data, date) and isinstance(start, date) and field.data < start:
            raise ValidationError("The end date must be on or after the start date.")


def _filter_form():
    form = ActivityFilterForm(formdata=request.args)
    kinds = [(kind, ACTOR_NAMES.get(kind, kind.capitalize())) for kind in activity_report.actor_types()]
    form.actor_type.choices = options([("", "Anyone"), *kinds])
    labelled = sorted(((name, activity_text.action_label(name)) for name in activity_report.actions()),
                      key=lambda choice: choice[1])
    form.action.choices = options([("", "Any action"), *labelled])
    return form


@bp.app_template_filter("activity_label")
def activity_label(action):
    return activity_text.action_label(action)


@bp.app_template_filter("activity_details")
def activity_details(detail):
    return activity_text.details(detail)


@bp.app_template_filter("admin_time")
def admin_time(moment):
    """A log time for the (English) dashboard: "Mar 4, 2026, 14:05"."""
    return format_datetime(moment, "MMM d, yyyy, HH:mm", tzinfo="UTC", locale="en") if moment else ""


def _chart(months):
    """Rows of stacked bar segments (x and width in the SVG's units) for the reasons chart."""
    most = max((month.total for month in months), default=0) or 1
    rows = []
    for month in months:
        x, segments = 0.0, []
        for reason in activity_report.CHART_REASONS:
            count = month.counts.get(reason, 0)
            if count:
                width = CHART_WIDTH * count / most
                segments.append({"reason": reason, "count": count, "x": round(x, 2), "width": round(width, 2)})
                x += width
        rows.append({"month": month.month, "total": month.total, "segments": segments, "end": round(x, 2)})
    return rows


@bp.get("/activity")
def activity():
    form = _filter_form()
    if not form.validate():
        return render("admin/activity.html", "admin/_activity_results.html", status=422, form=form,
                      entries=None, chart=None, reasons=[], query={})
    filters = activity_report.Filters(
        actor_type=form.actor_type.data or "",
        action=form.action.data or "",
        customer_id=(form.customer_id.data or "").strip(),
        date_from=form.date_from.data,
        date_to=form.date_to.data,
    )
    months = activity_report.cancellation_reasons(filters)
    used = {reason for month in months for reason in month.counts}
    return render(
        "admin/activity.html",
        "admin/_activity_results.html",
        form=form,
        entries=activity_report.page(filters, request.args.get("page", 1, type=int)),
        chart=_chart(months),
        chart_width=CHART_WIDTH,
        reasons=[(reason, REASON_NAMES[reason]) for reason in activity_report.CHART_REASONS if reason in used],
        query={key: value for key, value in request.args.items() if key != "page" and value},
    )
