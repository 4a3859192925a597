"""The demo: `flask --app wsgi demo seed` fills the emulator and the portal with realistic data."""
import click
from flask.cli import AppGroup

from portal_site.demo.seed import seed

demo_cli = AppGroup("demo", help="Demo data (for the Stripe emulator, never for real Stripe).")


@demo_cli.command("seed")
def seed_command():
    """Create the demo catalogue, customers, a year of invoices, an admin and the login link (idempotent)."""
    summary = seed(echo=click.echo)
    click.echo(f"\nDashboard:   {summary.admin_url}\n  email:     {summary.admin_email}\n"
               f"  password:  {summary.admin_password}\nLogin link:  {summary.login_url}")
    click.echo("Customers:   " + ", ".join(summary.customer_emails))
