"""Dashboard views for the product catalogue: list, create and edit products, add and archive prices.

Without JavaScript every form posts and redirects (or re-renders with its errors); with
htmx the product form and the price form swap themselves, and archiving swaps its row.
"""
from flask import flash, request, url_for
from flask_login import current_user

from portal_site import activity
from portal_site.admin.blueprint import bp
from portal_site.admin.catalog_forms import TAX_CODES, PriceForm, ProductForm
from portal_site.admin.own_words_forms import product_context
from portal_site.billing import BillingError, catalog
from portal_site.storage import media
from portal_site.web import htmx
from portal_site.web.htmx import render

FIELD_PARAMS = {"name", "description", "tax_code", "statement_descriptor", "unit_label"}


def _record(action, **detail):
    activity.record(action, actor_type="admin", actor=current_user.email, **detail)


def _done(target, message):
    """After a successful write: redirect, or for htmx a client-side redirect."""
    flash(message, "success")
    return htmx.redirect(target)


@bp.get("/products")
def products():
    return render("admin/products/list.html", products=catalog.products_with_prices())


def _product_page(form, product=None, *, status=200, problem=None, price_form=None, price_problem=None,
                  translation_form=None):
    return render(
        "admin/products/form.html",
        "admin/products/_product_form.html",
        form=form,
        product=product,
        price_form=price_form or PriceForm(formdata=None),
        problem=problem,
        price_problem=price_problem,
        tax_codes=TAX_CODES,
        image_preview=_preview(form, product),
        status=status,
        **(product_context(product.id, translation_form) if product else {}),
    )


def product_page(product, *, status=200, translation_form=None):
    """A saved product's page (its translations' form as sent, when given)."""
    return _product_page(ProductForm(formdata=None, obj=product), product, status=status,
                         translation_form=translation_form)


def _preview(form, product):
    if form.image_key.data:
        return url_for("media.serve", key=form.image_key.data)
    return product.image_url if product else None


def _take_image(form):
    """Store a new upload (kept in `image_key` across re-renders); the status when refused."""
    upload = form.image.data
    if upload and getattr(upload, "filename", ""):
        try:
            form.image_key.data = media.store(upload)
        except media.ImageRejected as refused:
            form.image.errors = [*form.image.errors, refused.message]
            form.image_key.data = ""
            return refused.status
    elif form.image_key.data and not media.exists(form.image_key.data):
        form.image_key.data = ""
    return None


def _fields(form):
    if form.image_key.data:
        images = [media.public_url(form.image_key.data)]
    elif form.remove_image.data:
        images = []
    else:
        images = None
    return catalog.ProductFields(
        name=form.name.data,
        description=form.description.data or "",
        tax_code=form.tax_code.data or "",
        statement_descriptor=form.statement_descriptor.data or "",
        unit_label=form.unit_label.data or "",
        active=form.active.data,
        images=images,
    )


def _save(form, product):
    valid = form.validate()
    image_status = _take_image(form)
    if not valid or image_status:
        return _product_page(form, product, status=image_status or 422)
    nonce = request.form.get("nonce")
    try:
        if product is None:
            saved = catalog.create_product(_fields(form), nonce)
        else:
            saved = catalog.update_product(product.id, _fields(form), nonce)
    except BillingError as error:
        if error.status >= 500:
            raise
        field = getattr(form, error.param, None) if error.param in FIELD_PARAMS else None
        if field is not None:
            field.errors = [*field.errors, error.for_merchant]
        return _product_page(form, product, status=422, problem=None if field else error.for_merchant)
    _record("product.created" if product is None else "product.updated", product=saved.id, name=saved.name)
    verb = "created" if product is None else "saved"
    return _done(url_for("admin.edit_product", product_id=saved.id), f"Product “{saved.name}” {verb}.")


@bp.route("/products/new", methods=["GET", "POST"])
def new_product():
    if request.method == "POST":
        return _save(ProductForm(), None)
    return _product_page(ProductForm(formdata=None, data={"active": True}))


@bp.route("/products/<product_id>", methods=["GET", "POST"])
def edit_product(product_id):
    product = catalog.product(product_id)
    if request.method == "POST":
        return _save(ProductForm(), product)
    return _product_page(ProductForm(formdata=None, obj=product), product)


@bp.post("/products/<product_id>/prices")
def add_price(product_id):
    form = PriceForm()
    problem = None
    if form.validate():
        try:
            price = catalog.add_price(
                product_id,
                unit_amount=form.unit_amount(),
                currency=form.currency.data,
                interval=form.interval.data,
                interval_count=form.interval_count.data,
                nickname=form.nickname.data,
                nonce=request.form.get("nonce"),
            )
        except BillingError as error:
            if error.status >= 500:
                raise
            problem = error.for_merchant
        else:
            _record("price.created", product=product_id, price=price.id)
            if htmx.is_htmx():
                return render("admin/products/_price_added.html", product_id=product_id, price=price,
                              price_form=PriceForm(formdata=None))
            flash("Price added.", "success")
            return htmx.redirect(url_for("admin.edit_product", product_id=product_id) + "#prices")
    if htmx.is_htmx():
        return render("admin/products/_price_form.html", product_id=product_id, price_form=form,
                      price_problem=problem, status=422)
    product = catalog.product(product_id)
    return _product_page(ProductForm(formdata=None, obj=product), product, status=422,
                         price_form=form, price_problem=problem)


@bp.post("/products/<product_id>/prices/<price_id>/archive")
def archive_price(product_id, price_id):
    price = catalog.archive_price(product_id, price_id, request.form.get("nonce"))
    _record("price.archived", product=product_id, price=price.id)
    if htmx.is_htmx():
        return render("admin/products/_price_archived.html", product_id=product_id, price=price)
    flash("Price archived: it can no longer be chosen for new subscriptions.", "success")
    return htmx.redirect(url_for("admin.edit_product", product_id=product_id) + "#prices")
