"""Customer actions already carried out or refused, by form nonce: the account action pipeline's idempotency record."""
from sqlalchemy import Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal_site.models._columns import Model, Timestamp, utcnow


class CustomerAction(Model):
    """One form's action: the same nonce on the same action and subject is the same submission.

    `params` is a digest of what was sent, so a retry with other values is a new attempt;
    `attempt` grows after each refusal, so a retry after a declined card is sent to Stripe
    under a new idempotency key instead of replaying the refusal.
    """

    __tablename__ = "customer_actions"
    __table_args__ = (UniqueConstraint("customer_id", "action", "subject", "nonce"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String(255))
    nonce: Mapped[str] = mapped_column(String(64))
    params: Mapped[str] = mapped_column(String(64))
    attempt: Mapped[int] = mapped_column(Integer, default=0)
    outcome: Mapped[str] = mapped_column(String(16))
    created_at = mapped_column(Timestamp, default=utcnow, nullable=False)
