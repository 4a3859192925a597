"""Activity log entries in words for the dashboard (English): action labels and readable details.

The log stores codes (`subscription.canceled`, `resumes_at: 1767225600`); the merchant reads
"Canceled a subscription" and "Payments resume: Jan 1, 2026". Unknown actions and keys
still read as words, so a new action never shows up as a raw code.
"""
from datetime import UTC, date, datetime

from babel.dates import format_date

from portal_site.admin.settings_forms import REASON_LABELS

ACTION_LABELS = {
    "admin.signed_in": "Signed in to the dashboard",
    "admin.signed_out": "Signed out of the dashboard",
    "admin.test_email_sent": "Sent a test email",
    "admin.test_email_failed": "Test email failed",
    "product.created": "Created a product",
    "product.updated": "Updated a product",
    "price.created": "Added a price",
    "price.archived": "Archived a price",
    "settings.saved": "Saved the portal settings",
    "business.saved": "Saved the business information",
    "customer_emails.saved": "Saved the customer email settings",
    "email.payment_failed": "Emailed the customer: payment failed",
    "email.trial_ending": "Emailed the customer: trial ending",
    "email.renewal_upcoming": "Emailed the customer: yearly renewal coming up",
    "email.card_expiring": "Emailed the customer: card expiring",
    "own_words.saved": "Saved a translation",
    "branding.saved": "Saved the branding",
    "login_link.activated": "Turned the login link on",
    "login_link.deactivated": "Turned the login link off",
    "login_link.rotated": "Made a new login link",
    "api_key.created": "Created an API key",
    "api_key.revoked": "Revoked an API key",
    "configuration.created": "Created a portal configuration",
    "configuration.updated": "Updated a portal configuration",
    "configuration.made_default": "Made a portal configuration the default",
    "signin.succeeded": "Signed in",
    "signin.failed": "Sign-in failed",
    "signout": "Signed out",
    "subscription.canceled": "Canceled a subscription",
    "subscription.renewed": "Renewed a subscription",
    "subscription.retained": "Accepted an offer to stay",
    "subscription.plan_changed": "Changed plan",
    "subscription.plan_scheduled": "Scheduled a plan change",
    "subscription.plan_kept": "Kept the current plan",
    "subscription.quantity_changed": "Changed the quantity",
    "subscription.paused": "Paused payments",
    "subscription.resumed": "Resumed payments",
    "subscription.promotion_code_applied": "Applied a promotion code",
    "payment_method.added": "Added a card",
    "payment_method.default": "Changed the default card",
    "payment_method.removed": "Removed a card",
    "invoice.paid": "Paid an invoice",
    "invoice.paid_all": "Paid all open invoices",
    "billing.address": "Updated the billing address",
    "billing.name": "Updated the billing name",
    "billing.email": "Updated the billing email",
    "billing.phone": "Updated the phone number",
    "billing.shipping": "Updated the shipping address",
    "billing.tax_id_added": "Added a tax ID",
    "billing.tax_id_removed": "Removed a tax ID",
}

DETAIL_LABELS = {
    "subscription": "Subscription",
    "reason": "Reason",
    "comment": "Comment",
    "question": "Question",
    "answer": "Answer",
    "mode": "Ends",
    "proration_behavior": "Proration",
    "effective": "Takes effect",
    "resumes_at": "Payments resume",
    "code": "Promotion code",
    "coupon": "Coupon",
    "product": "Product",
    "price": "Price",
    "name": "Name",
    "payment_method": "Card",
    "invoice": "Invoice",
    "number": "Invoice number",
    "numbers": "Invoices paid",
    "refused": "Invoice refused",
    "type": "Tax ID type",
    "tax_id": "Tax ID",
    "changed": "Changed",
    "contrast_warnings": "Contrast warnings accepted",
    "to": "Sent to",
    "error": "Error",
}
HIDDEN = {"nonce", "feedback"}  # rows logged before customer_actions held the nonce; `feedback` repeats `reason`
DATES = {"effective", "resumes_at"}
VALUE_WORDS = {
    **REASON_LABELS,
    "not_given": "No reason given",
    "at_period_end": "At the end of the billing period",
    "immediately": "Immediately",
    "create_prorations": "Prorated",
    "always_invoice": "Prorated and invoiced at once",
    "none": "No proration",
    "wrong_code": "Wrong code",
    "expired_used_or_locked": "Code expired, already used or locked after too many tries",
    "no_customer": "No customer with this email",
}


def words(code):
    """`login_link.rotated` → "Login link rotated": a code nobody wrote a label for, still readable."""
    text = code.replace(".", " ").replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def action_label(action):
    return ACTION_LABELS.get(action) or words(action)


def _day(value):
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = datetime.fromtimestamp(value, UTC).date()
    elif isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return value
    return format_date(value, "medium", locale="en") if isinstance(value, date) else str(value)


def _value(key, value):
    if key in DATES:
        return _day(value)
    if isinstance(value, list | tuple):
        return ", ".join(words(str(item)).lower() if key == "changed" else str(item) for item in value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return VALUE_WORDS.get(value, str(value)) if isinstance(value, str) else str(value)


def details(detail):
    """(label, text) pairs for an entry's `detail`, in a stable, readable order; empty values left out."""
    detail = dict(detail or {})
    pairs = []
    if "from_quantity" in detail or "to_quantity" in detail:
        pairs.append(("Quantity", f"{detail.pop('from_quantity', '?')} → {detail.pop('to_quantity', '?')}"))
    if detail.get("contrast_warnings") == 0:
        detail.pop("contrast_warnings")
    for key, value in detail.items():
        if key in HIDDEN or value is None or value == "" or value == []:
            continue
        pairs.append((DETAIL_LABELS.get(key) or words(key), _value(key, value)))
    return pairs
