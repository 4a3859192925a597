"""The Stripe.js v3 stand-in at /js/v3/, with the emulator's own origin as its API base."""

import json
from importlib import resources

from flask import Blueprint, Response, request

blueprint = Blueprint("stripe_js", __name__)

_SCRIPT = resources.files("stripe_emulator").joinpath("static/stripe-v3.js").read_text(encoding="utf-8")


@blueprint.get("/js/v3/")
@blueprint.get("/js/v3")
def stripe_js() -> Response:
    origin = json.dumps(request.host_url.rstrip("/"))
    script = _SCRIPT.replace('"__EMULATOR_ORIGIN__"', origin)
    return Response(script, mimetype="application/javascript", headers={"Cache-Control": "no-cache"})
