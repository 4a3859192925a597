"""The self-hosted customer billing portal: the application factory."""
import os

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from portal_site import billing, i18n, jobs
from portal_site import config as configuration
from portal_site.extensions import admin_login, babel, csrf, db, htmx, migrate
from portal_site.extensions import (
    mail as mail_extension,  # `mail` is also the name of the portal_site.mail module
)
from portal_site.merchants import admins
from portal_site.storage import cache, redis_store
from portal_site.web import errors, input_guard, security, static_files, templating

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def create_app(config=None):
    """Build the app: defaults, then the environment, then the `config` mapping's overrides."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=os.path.join(ROOT, "templates"),
        static_folder=os.path.join(ROOT, "static"),
    )
    app.config.update(configuration.defaults(app.instance_path))
    app.config.update({k: v for k, v in configuration.from_environment().items() if v is not None})
    if config:
        app.config.update(config)
    configuration.check(app.config)
    os.makedirs(app.instance_path, exist_ok=True)

    # One router hop is trusted for the client address and scheme; never for the Host, or a client
    # could pick the host that TRUSTED_HOSTS checks with its own X-Forwarded-Host.
    app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1)
    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(ROOT, "migrations"))
    csrf.init_app(app)
    mail_extension.init_app(app)
    htmx.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    admin_login.init_app(app)
    admin_login.login_view = "admin.login"
    admin_login.user_loader(admins.load_admin)
    admin_login.session_protection = "strong"
    i18n.init_app(app)
    billing.init_app(app)
    redis_store.init_app(app)
    jobs.init_app(app)
    cache.init_app(app)
    security.init_app(app)
    input_guard.init_app(app)
    templating.init_app(app)
    static_files.init_app(app)
    errors.init_app(app)

    from portal_site import cli
    from portal_site.account import bp as account_bp
    from portal_site.admin import bp as admin_bp
    from portal_site.api import bp as api_bp
    from portal_site.api import links_bp as session_links_bp
    from portal_site.api import stripe_bp
    from portal_site.auth import bp as auth_bp
    from portal_site.auth.email_links import bp as email_links_bp
    from portal_site.site.media import bp as media_bp
    from portal_site.site.views import bp as site_bp
    from portal_site.webhooks import bp as webhooks_bp

    app.register_blueprint(site_bp)
    app.register_blueprint(media_bp)
    app.register_blueprint(auth_bp, url_prefix="/p")
    app.register_blueprint(account_bp, url_prefix="/account")
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(api_bp, url_prefix="/api/v1")
    app.register_blueprint(stripe_bp, url_prefix="/v1")
    app.register_blueprint(session_links_bp, url_prefix="/p")
    app.register_blueprint(email_links_bp, url_prefix="/p")
    app.register_blueprint(webhooks_bp, url_prefix="/stripe")
    csrf.exempt(api_bp)
    csrf.exempt(stripe_bp)
    csrf.exempt(webhooks_bp)
    cli.init_app(app)
    return app


def close_connections(app):
    """Close the app's database, Redis and job queue connections (tests and tools that build many apps)."""
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    redis_store.close(app)
    jobs.close(app)
