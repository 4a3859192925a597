"""Command-line tasks: `flask --app wsgi admin create`, `login-link activate`."""
import click
from flask.cli import AppGroup

from . import admins, login_links

admin_cli = AppGroup("admin", help="Merchant accounts.")
link_cli = AppGroup("login-link", help="The customer login link.")


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


def init_app(app):
    from .demo import demo_cli

    app.cli.add_command(admin_cli)
    app.cli.add_command(link_cli)
    app.cli.add_command(demo_cli)
