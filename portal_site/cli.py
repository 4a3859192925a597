"""Command-line tasks: `flask --app wsgi admin create`, `login-link activate`, `jobs worker`."""
import logging

import click
from flask import current_app
from flask.cli import AppGroup

from portal_site.jobs.queue import huey
from portal_site.merchants import admins, api_keys
from portal_site.signin import login_links

admin_cli = AppGroup("admin", help="Merchant accounts.")
link_cli = AppGroup("login-link", help="The customer login link.")
key_cli = AppGroup("api-key", help="Keys for the merchant server API.")
jobs_cli = AppGroup("jobs", help="Background jobs: emails, webhook events.")


@admin_cli.command("create")
@click.argument("email")
@click.option("--password", help="Use this password instead of generating one.")
def create_admin(email, password):
    """Create a dashboard account for EMAIL and print its password."""
    if admins.find(email):
        raise click.ClickException(f"An admin with the email {email} already exists.")
    admin, password = admins.create(email, password)
    click.echo(f"Admin created: {admin.email}\nPassword: {password}")


@link_cli.command("activate")
def activate_link():
    """Activate the login link (or keep the active one) and print its URL."""
    click.echo(login_links.url(login_links.activate()))


@key_cli.command("create")
@click.argument("name")
def create_key(name):
    """Create an API key called NAME and print it (it is shown only once)."""
    key, secret = api_keys.create(name)
    click.echo(f"API key {key.name!r} created. Keep it secret; it is not shown again:\n{secret}")


@key_cli.command("revoke")
@click.argument("prefix")
def revoke_key(prefix):
    """Revoke the key that starts with PREFIX (its first 12 characters)."""
    if not api_keys.revoke(prefix):
        raise click.ClickException(f"No live API key starts with {prefix}.")
    click.echo(f"Revoked {prefix}.")


@jobs_cli.command("worker")
@click.option("--threads", default=2, show_default=True, help="Jobs run at once by this process.")
def run_worker(threads):
    """Run jobs until stopped: SIGTERM or SIGINT lets the jobs under way finish; a job cut off (SIGKILL) runs again."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    huey(current_app).create_consumer(workers=threads, worker_type="thread", graceful_signal="TERM").run()


def init_app(app):
    from portal_site.demo import demo_cli

    app.cli.add_command(admin_cli)
    app.cli.add_command(link_cli)
    app.cli.add_command(key_cli)
    app.cli.add_command(jobs_cli)
    app.cli.add_command(demo_cli)
