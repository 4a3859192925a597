"""The branding form (name, icon, logo, colors) and the contrast check that warns before saving."""
import math
from dataclasses import dataclass

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, HiddenField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from portal_site.extensions import db
from portal_site.models import Media
from portal_site.storage import media
from portal_site.web.colors import AA_NORMAL, LIGHT_TEXT, contrast_ratio, is_hex

IMAGES = ("icon", "logo")


def normalize_color(value):
    """`#RRGGBB`, `rrggbb` or ` #rrggbb ` as `#rrggbb`; anything else is returned as typed."""
    text = (value or "").strip()
    candidate = text if text.startswith("#") else f"#{text}"
    return candidate.lower() if is_hex(candidate) else text


def hex_color(form, field):
    field.data = normalize_color(field.data)
    if not is_hex(field.data):
        raise ValidationError("Enter a colour as # followed by six hex digits, such as #0b5cad.")


@dataclass(frozen=True)
class ContrastWarning:
    where: str
    ratio: float

    @property
    def message(self):
        shown = math.floor(self.ratio * 10) / 10
        return f"{self.where} has a contrast of {shown:.1f}:1; at least {AA_NORMAL}:1 is needed for text to be readable."


def contrast_warnings(brand, accent):
    """The places where these colors would make text hard to read (WCAG AA, normal text).

    Text on the brand colour itself (header, buttons) is always readable: colors.text_on
    picks white or black, one of which reaches 4.5:1 on any colour.
    """
    checks = []
    if is_hex(brand):
        checks.append(("The brand colour used for links on white", contrast_ratio(brand, LIGHT_TEXT)))
    if is_hex(accent):
        checks.append(("The accent colour used as text on white", contrast_ratio(accent, LIGHT_TEXT)))
    return [ContrastWarning(where, ratio) for where, ratio in checks if ratio < AA_NORMAL]


class BrandingForm(FlaskForm):
    business_name = StringField(
        "Business name",
        validators=[
            DataRequired("Enter your business name."),
            Length(max=80, message="Keep the business name to 80 characters or fewer."),
        ],
    )
    brand_color = StringField("Brand colour", validators=[hex_color])
    accent_color = StringField("Accent colour", validators=[hex_color])
    icon = FileField("Icon")
    logo = FileField("Logo")
    icon_key = HiddenField()
    logo_key = HiddenField()
    remove_icon = BooleanField("Remove the icon")
    remove_logo = BooleanField("Remove the logo")
    save_anyway = BooleanField()
    refused_status = 422

    def validate_icon(self, field):
        self._store(field, self.icon_key)

    def validate_logo(self, field):
        self._store(field, self.logo_key)

    def validate_icon_key(self, field):
        self._known(field, "icon")

    def validate_logo_key(self, field):
        self._known(field, "logo")

    def _store(self, field, key_field):
        """Store a chosen file at once, so a re-rendered form (errors, contrast warning) keeps it.

        A file refused for its size makes `refused_status` 413 (the response to send), else it stays 422.
        """
        upload = field.data
        if not upload or not getattr(upload, "filename", None):
            return
        try:
            key_field.data = media.store(upload)
        except media.ImageRejected as rejected:
            if isinstance(rejected, media.ImageTooLarge):
                self.refused_status = rejected.status
            raise ValidationError(rejected.message) from None

    @staticmethod
    def _known(field, label):
        if field.data and db.session.get(Media, field.data) is None:
            field.data = ""
            raise ValidationError(f"The {label} you chose before is no longer available; choose the file again.")

    def image_key(self, name):
        """The media key this form asks to keep for `name` ("icon" or "logo"), or None."""
        if self[f"remove_{name}"].data and not getattr(self[name].data, "filename", None):
            return None
        return self[f"{name}_key"].data or None

    def branding(self):
        return {
            "business_name": self.business_name.data.strip(),
            "brand_color": self.brand_color.data,
            "accent_color": self.accent_color.data,
            **{f"{name}_key": self.image_key(name) for name in IMAGES},
        }


def form_data(branding):
    """Initial form values from the stored branding."""
    return {
        "business_name": branding.business_name,
        "brand_color": branding.brand_color,
        "accent_color": branding.accent_color,
        "icon_key": branding.icon_key or "",
        "logo_key": branding.logo_key or "",
    }
