"""Forms for the merchant's own words in another language: the cancellation question, a product's description
and unit label (one word per plural category of the language). Limits match the default fields'."""
from flask import request
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import Length, ValidationError

from portal_site import settings
from portal_site.admin.catalog_forms import strip
from portal_site.i18n import LOCALE_NAMES, LOCALES, own_words

LIMITS = own_words.TEXT_LIMITS


def language_choices():
    """The portal's languages, each named in itself, for the language select."""
    return [SelectChoice(code, f"{LOCALE_NAMES[code]} ({code.replace('_', '-')})") for code in LOCALES]


def plain_text(form, field):
    """No control characters (a NUL, say, pasted from elsewhere): they are invisible and some stores refuse them."""
    text = field.data or ""
    if any(ord(char) < 32 and char not in "\r\n\t" for char in text):
        field.data = "".join(char for char in text if ord(char) >= 32 or char in "\r\n\t")
        raise ValidationError("The text held invisible control characters (such as NUL); they are taken out here: "
                              "check the text and save again.")


def known_language(form, field):
    if field.data not in LOCALES:
        raise ValidationError("Choose one of the listed languages; the portal does not speak that one.")


class QuestionTranslationForm(FlaskForm):
    language = SelectField("Language", choices=language_choices(), validate_choice=False,
                           validators=[known_language], id="own-language")
    text = StringField("Your question in this language", filters=[strip], id="own-text", validators=[
        Length(max=LIMITS["cancel_question"], message="Keep the question to 200 characters or fewer; this is %(length)d."),
        plain_text,
    ])


def _unit_field(category):
    return StringField(f"Unit label ({category})", filters=[strip], id=f"own-unit-{category}", validators=[
        Length(max=LIMITS["unit_label"], message="Use at most 12 characters; this is %(length)d."), plain_text,
    ])


class ProductTranslationForm(FlaskForm):
    language = SelectField("Language", choices=language_choices(), validate_choice=False,
                           validators=[known_language], id="own-language")
    description = TextAreaField("Description in this language", filters=[strip], id="own-description", validators=[
        Length(max=LIMITS["description"], message="Use at most 2000 characters; this is %(length)d."), plain_text,
    ])
    unit_zero = _unit_field("zero")
    unit_one = _unit_field("one")
    unit_two = _unit_field("two")
    unit_few = _unit_field("few")
    unit_many = _unit_field("many")
    unit_other = _unit_field("other")

    def categories(self):
        """(category, example numbers) of the chosen language; every category when the language is unknown."""
        if self.language.data in LOCALES:
            return own_words.plural_categories(self.language.data)
        return [(name, "") for name in own_words.CATEGORY_ORDER]

    def unit_field(self, category):
        return self[f"unit_{category}"]

    def unit_forms(self):
        """{category: word} of the forms filled in."""
        return {name: self.unit_field(name).data for name, _examples in self.categories() if self.unit_field(name).data}

    def validate_language(self, field):
        if field.data not in LOCALES:
            return
        wanted = {name for name, _examples in own_words.plural_categories(field.data)}
        stray = [name for name in own_words.CATEGORY_ORDER if self.unit_field(name).data and name not in wanted]
        if stray:
            raise ValidationError(
                f"{LOCALE_NAMES[field.data]} has no “{stray[0]}” form of a word; "
                "choose the language again with “Add a translation” to get its forms.")


def question_context(form=None):
    """What the portal settings page needs for the question's translations: the saved ones and the entry form."""
    saved = settings.current().own_words.cancel_question
    if form is None:
        code = request.args.get("translate", "")
        form = QuestionTranslationForm(formdata=None, data={"language": code, "text": saved.get(code, "")})
    return {"question_translations": _named(saved), "question_form": form}


def product_context(product_id, form=None):
    """What a product's page needs for its translations: the saved ones (description and unit label per language)
    and, once a language is chosen (`?translate=`) or a submission is refused, the entry form."""
    words = settings.current().own_words.products.get(product_id)
    saved = {code: (words.description.get(code, ""), words.unit_label.get(code, {}))
             for code in LOCALES if code in words.description or code in words.unit_label} if words else {}
    code = request.args.get("translate", "")
    if form is None and code:
        description, units = saved.get(code, ("", {}))
        form = ProductTranslationForm(formdata=None, data={
            "language": code, "description": description, **{f"unit_{name}": word for name, word in units.items()},
        })
    return {"product_translations": _named(saved), "translation_form": form}


def _named(saved):
    """Saved translations in the portal's order of languages, with each language's own name."""
    return [(code, LOCALE_NAMES[code], saved[code]) for code in LOCALES if code in saved]
