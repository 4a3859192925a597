"""WSGI entry point for gunicorn and `flask --app wsgi`."""
from portal_site import create_app

app = create_app()
