"""Products: create, retrieve, update, delete, list (filters `active`, `ids`, `shippable`, `url`)."""

import copy
import re

from ..endpoints import Call, endpoint
from ..errors import invalid_request, missing_param
from ..ids import new_id
from ..listing import created_matches, paginate
from ..params import CREATED, EXPAND, LIST_PARAMS, METADATA, Enum
from ..updates import merge_metadata

EDITABLE = {
    "active": bool,
    "description": str,
    "images": [str],
    "marketing_features": [{"name": str}],
    "metadata": METADATA,
    "name": str,
    "package_dimensions": {"height": float, "length": float, "weight": float, "width": float},
    "shippable": bool,
    "statement_descriptor": str,
    "tax_code": str,
    "tax_details": {"performance_location": str, "tax_code": str},
    "unit_label": str,
    "url": str,
}
CREATE = {**EDITABLE, "expand": EXPAND, "id": str, "type": Enum("good", "service")}
UPDATE = {**EDITABLE, "expand": EXPAND, "default_price": str}
LIST = {**LIST_PARAMS, "active": bool, "created": CREATED, "ids": [str], "shippable": bool,
        "type": Enum("good", "service"), "url": str}

_DESCRIPTOR_FORBIDDEN = re.compile(r"[<>\\'\"*]")


def check_statement_descriptor(value: str, param: str = "statement_descriptor") -> None:
    """Stripe's rules: 5-22 characters, at least one letter, none of < > \\ ' " *."""
    if not 5 <= len(value) <= 22:
        raise invalid_request("Statement descriptors must be between 5 and 22 characters long.", param=param)
    if not re.search(r"[A-Za-z]", value):
        raise invalid_request("Statement descriptors must contain at least one letter.", param=param)
    if _DESCRIPTOR_FORBIDDEN.search(value):
        raise invalid_request("Statement descriptors cannot contain any of the special characters "
                              "<, >, \\, ', \" or *.", param=param)


def new_product(product_id: str, now: int, type_: str = "service") -> dict:
    """A product with every field at its default, before the create params are applied."""
    return {
        "id": product_id, "object": "product", "active": True, "created": now, "default_price": None,
        "description": None, "images": [], "livemode": False, "marketing_features": [], "metadata": {},
        "name": None, "package_dimensions": None, "shippable": None, "statement_descriptor": None,
        "tax_code": None, "tax_details": None, "type": type_, "unit_label": None, "updated": now, "url": None,
    }


def _apply(call: Call, product: dict, params: dict) -> None:
    for key, value in params.items():
        if key == "expand":
            continue
        if key == "metadata":
            product["metadata"] = merge_metadata(product["metadata"], value)
        elif key == "statement_descriptor" and value:
            check_statement_descriptor(value)
            product[key] = value
        elif key == "default_price" and value:
            price = call.store.get("price", value, param="default_price")
            if price["product"] != product["id"]:
                raise invalid_request(f"The price `{value}` does not belong to this product.", param="default_price")
            product[key] = value
        elif key == "tax_details":
            product[key] = None if value is None else {"performance_location": value.get("performance_location"),
                                                       "tax_code": value.get("tax_code") or None}
        elif key in ("images", "marketing_features"):
            product[key] = value or []
        else:
            product[key] = value if value != "" else None
    product["updated"] = call.now()


@endpoint("POST", "/v1/products", params=CREATE, sdk_params="ProductCreateParams")
def create_product(call: Call) -> dict:
    if not call.params.get("name"):
        raise missing_param("name")
    product_id = call.params.get("id") or new_id("prod", 14)
    if call.store.find(product_id):
        raise invalid_request("Product already exists.", param="id", code="resource_already_exists")
    product = new_product(product_id, call.now(), call.params.get("type", "service"))
    _apply(call, product, {k: v for k, v in call.params.items() if k not in ("id", "type")})
    call.store.add(product)
    call.emit("product.created", product)
    return product


@endpoint("GET", "/v1/products/<product>", params={"expand": EXPAND}, sdk_params="ProductRetrieveParams")
def retrieve_product(call: Call, product: str) -> dict:
    return call.store.get("product", product)


@endpoint("POST", "/v1/products/<product>", params=UPDATE, sdk_params="ProductUpdateParams")
def update_product(call: Call, product: str) -> dict:
    obj = call.store.get("product", product)
    before = copy.deepcopy(obj)
    _apply(call, obj, call.params)
    if call.emit("product.updated", obj, previous={**before, "updated": obj["updated"]}) is None:
        obj["updated"] = before["updated"]
    return obj


@endpoint("DELETE", "/v1/products/<product>", params={}, sdk_params="ProductDeleteParams")
def delete_product(call: Call, product: str) -> dict:
    obj = call.store.get("product", product)
    if any(price["product"] == product for price in call.store.iter_kind("price")):
        raise invalid_request("This product cannot be deleted because it has one or more user-created prices.",
                              param="product")
    call.store.remove(product)
    call.emit("product.deleted", obj)
    return {"id": product, "object": "product", "deleted": True}


@endpoint("GET", "/v1/products", params=LIST, sdk_params="ProductListParams")
def list_products(call: Call) -> dict:
    p = call.params
    products = [
        product for product in call.store.all("product")
        if (p.get("active") is None or product["active"] == p["active"])
        and (not p.get("ids") or product["id"] in p["ids"])
        and (p.get("shippable") is None or product["shippable"] == p["shippable"])
        and (p.get("type") is None or product["type"] == p["type"])
        and (p.get("url") is None or product["url"] == p["url"])
        and created_matches(product["created"], p.get("created"))
    ]
    return paginate(products, p, url="/v1/products", object_name="product")
