"""What merchants do in the dashboard, written to the activity log with the signed-in admin as actor."""
from flask_login import current_user

from portal_site import activity


def record(action, **detail):
    return activity.record(action, actor_type="admin", actor=current_user.email, **detail)
