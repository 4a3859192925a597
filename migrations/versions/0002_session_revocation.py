"""sessions end on the server: a merchant's sign-out, and a verified code starts one session only

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 23:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('admin_users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sessions_revoked_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('passcode_challenges', schema=None) as batch_op:
        batch_op.add_column(sa.Column('signed_in_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('passcode_challenges', schema=None) as batch_op:
        batch_op.drop_column('signed_in_at')
    with op.batch_alter_table('admin_users', schema=None) as batch_op:
        batch_op.drop_column('sessions_revoked_at')
