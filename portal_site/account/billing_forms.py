"""Forms for the billing details sections: name, phone, billing and shipping address, tax IDs."""
from flask import request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp

from portal_site.billing.customer_details import TAX_ID_TYPES
from portal_site.i18n import addresses


def country_choices():
    """ISO 3166 countries named in the current language, sorted by name (worked out once per language)."""
    return [SelectChoice("", _l("Choose a country"))] + [SelectChoice(code, name) for code, name in addresses.countries()]


class NameForm(FlaskForm):
    name = StringField(_l("Name"), validators=[Optional(), Length(max=256)])

    def data_for_stripe(self):
        return {"name": (self.name.data or "").strip()}


class PhoneForm(FlaskForm):
    phone = StringField(_l("Phone number"), validators=[
        Optional(), Length(max=20),
        Regexp(r"^\+?[0-9 ()./-]{4,}$", message=_l("Enter a phone number using digits, spaces and an optional +.")),
    ])

    def data_for_stripe(self):
        return {"phone": (self.phone.data or "").strip()}


ADDRESS_FIELDS = ("line1", "line2", "postal_code", "city", "state", "country")


class AddressFields:
    """The address inputs shared by the billing and shipping forms."""

    line1 = StringField(_l("Address line 1"), validators=[DataRequired(_l("Enter the street address.")),
                                                         Length(max=200)])
    line2 = StringField(_l("Address line 2 (optional)"), validators=[Optional(), Length(max=200)])
    postal_code = StringField(validators=[Optional(), Length(max=20)])
    city = StringField(validators=[Optional(), Length(max=100)])
    state = StringField(validators=[Optional(), Length(max=100)])
    country = SelectField(_l("Country"), validators=[DataRequired(_l("Choose a country."))],
                          validate_choice=True)

    def prepare(self):
        """Offer the countries, and ask for the rest as the chosen country writes addresses."""
        self.country.choices = country_choices()
        self.layout = addresses.layout(self.country.data)
        self.postal_code.label.text = self.layout.postal_code_label
        self.city.label.text = self.layout.city_label
        self.state.label.text = self.layout.area_label
        for name in ("postal_code", "city", "state"):
            if self.country.data and name not in self.layout.required:
                getattr(self, name).label.text = _("%(label)s (optional)", label=getattr(self, name).label.text)
        return self

    def keep_what_fits(self):
        """After a change of country, drop a state or region the new country does not have ("CA" in Ireland)."""
        self.state.data = addresses.area_for(self.country.data, (self.state.data or "").strip())
        return self

    def validate(self, extra_validators=None):
        """The fields' own checks, then the rules of the chosen country (required fields, postal code)."""
        if not super().validate(extra_validators):
            return False
        typed = {name: (getattr(self, name).data or "").strip() for name in ADDRESS_FIELDS}
        self.checked_address, problems = addresses.check(typed)
        for name, message in problems.items():
            getattr(self, name).errors.append(message)
        return not problems

    def address(self):
        return self.checked_address


class AddressForm(AddressFields, FlaskForm):
    def data_for_stripe(self):
        return {"address": self.address()}


class ShippingForm(AddressFields, FlaskForm):
    name = StringField(_l("Recipient name"), validators=[DataRequired(_l("Enter who receives deliveries.")),
                                                         Length(max=256)])
    phone = StringField(_l("Delivery phone (optional)"), validators=[Optional(), Length(max=20)])

    def data_for_stripe(self):
        return {"name": self.name.data.strip(), "phone": (self.phone.data or "").strip(), "address": self.address()}


class TaxIdForm(FlaskForm):
    type = SelectField(_l("Type"), choices=[SelectChoice("", _l("Choose a type"))]
                       + [SelectChoice(code, label) for code, label in TAX_ID_TYPES.items()],
                       validators=[DataRequired(_l("Choose the type of tax ID."))])
    value = StringField(_l("Number"), validators=[DataRequired(_l("Enter the tax ID number.")), Length(max=64)])


SECTION_FORMS = {"name": NameForm, "phone": PhoneForm, "address": AddressForm, "shipping": ShippingForm}


def _saved_values(section, details):
    """What Stripe holds for one section, as the form's initial data."""
    if section in ("name", "phone"):
        return {section: getattr(details, section)}
    if section == "address":
        return vars(details.address) if details.address else {}
    shipping = details.shipping
    if not shipping:
        return {}
    return {"name": shipping.name, "phone": shipping.phone, **(vars(shipping.address) if shipping.address else {})}


def section_form(section, details=None, formdata=None):
    """The form of one section, filled from the customer's details or from the submitted data.

    Address data that comes with a GET is the form refreshed for a newly chosen country: what was typed
    stays, except a state or region that the new country does not have. A POST is checked as typed.
    """
    values = _saved_values(section, details) if details is not None else {}
    form = SECTION_FORMS[section](prefix=section, formdata=formdata, data=values)
    if isinstance(form, AddressFields):
        form.prepare()
        if formdata is not None and request.method == "GET":
            form.keep_what_fits()
    return form
