"""Dashboard views that store the merchant's own words in another language (`settings.own_words`): the custom
cancellation question (on the portal settings page) and a product's description and unit label (on its page).

An empty translation removes the language's entry, so the customer reads the default again. A refused submission
(unknown language, text too long, a control character) answers 422 with the form as it was sent and the reason:
htmx gets the translations' section, a plain form the whole page. A save answers htmx with the section too.
"""
import dataclasses

from flask import flash, url_for

from portal_site import settings
from portal_site.admin import audit
from portal_site.admin.blueprint import bp
from portal_site.admin.catalog import product_page
from portal_site.admin.own_words_forms import (
    ProductTranslationForm,
    QuestionTranslationForm,
    product_context,
    question_context,
)
from portal_site.admin.portal_settings import features_page
from portal_site.billing import catalog
from portal_site.i18n import LOCALE_NAMES
from portal_site.settings.schema import ProductWords
from portal_site.web import htmx
from portal_site.web.htmx import render
from portal_site.web.input_guard import own_nul_check


def _with(mapping, key, value):
    """A copy of `mapping` with `key` set to `value`, or without `key` when `value` is empty."""
    updated = {name: item for name, item in mapping.items() if name != key}
    if value:
        updated[key] = value
    return updated


def _saved(code, removed, target, fragment, context):
    """After a save: htmx gets the section again with the notice (a redirect to the same page and a #fragment
    would only scroll), a plain form a redirect and a flash."""
    audit.record("own_words.saved", language=code, removed=removed)
    notice = f"{LOCALE_NAMES[code]}: " + ("translation removed; customers read the default." if removed
                                         else "translation saved.")
    if htmx.is_partial():
        return render(fragment, saved_notice=notice, **context())
    flash(notice, "success")
    return htmx.redirect(target + "#own-words")


@bp.post("/settings/own-words")
@own_nul_check
def save_question_translation():
    form = QuestionTranslationForm()
    if not form.validate():
        if htmx.is_partial():
            return render("admin/_own_words_question.html", status=422, **question_context(form))
        return features_page(status=422, question_form=form)
    current = settings.current()
    code, text = form.language.data, form.text.data or ""
    own = dataclasses.replace(current.own_words, cancel_question=_with(current.own_words.cancel_question, code, text))
    settings.save(dataclasses.replace(current, own_words=own))
    return _saved(code, not text, url_for("admin.portal_settings"), "admin/_own_words_question.html", question_context)


@bp.post("/products/<product_id>/own-words")
@own_nul_check
def save_product_translation(product_id):
    product = catalog.product(product_id)
    form = ProductTranslationForm()
    if not form.validate():
        if htmx.is_partial():
            return render("admin/products/_own_words.html", status=422, product=product,
                          **product_context(product.id, form))
        return product_page(product, status=422, translation_form=form)
    current = settings.current()
    code, description, units = form.language.data, form.description.data or "", form.unit_forms()
    words = current.own_words.products.get(product.id) or ProductWords()
    words = ProductWords(description=_with(words.description, code, description),
                         unit_label=_with(words.unit_label, code, units))
    products = _with(current.own_words.products, product.id, words if words.description or words.unit_label else None)
    settings.save(dataclasses.replace(current, own_words=dataclasses.replace(current.own_words, products=products)))
    return _saved(code, not (description or units), url_for("admin.edit_product", product_id=product.id),
                  "admin/products/_own_words.html", lambda: {"product": product, **product_context(product.id)})
