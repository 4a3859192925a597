"""The merchant server API under /api/v1, authenticated with API keys."""
from flask import Blueprint, jsonify

bp = Blueprint("api", __name__)


@bp.errorhandler(401)
def unauthorized(error):
    return jsonify(error={"message": "A valid API key is required."}), 401
