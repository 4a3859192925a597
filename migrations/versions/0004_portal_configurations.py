"""Stripe's billing portal API: further portal configurations, the configuration and flow of a session, idempotent requests

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 19:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('portal_configurations',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('values', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('api_idempotent_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('api_key_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=255), nullable=False),
    sa.Column('request_digest', sa.String(length=64), nullable=False),
    sa.Column('status', sa.Integer(), nullable=False),
    sa.Column('body', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['api_key_id'], ['api_keys.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('api_key_id', 'key')
    )
    with op.batch_alter_table('portal_session_links', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_id', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('configuration_id', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('flow', sa.JSON(), nullable=True))
        batch_op.create_unique_constraint('uq_portal_session_links_session_id', ['session_id'])
    with op.batch_alter_table('customer_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('configuration_id', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('flow', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('customer_sessions', schema=None) as batch_op:
        batch_op.drop_column('flow')
        batch_op.drop_column('configuration_id')
    with op.batch_alter_table('portal_session_links', schema=None) as batch_op:
        batch_op.drop_constraint('uq_portal_session_links_session_id', type_='unique')
        batch_op.drop_column('flow')
        batch_op.drop_column('configuration_id')
        batch_op.drop_column('session_id')
    op.drop_table('api_idempotent_requests')
    op.drop_table('portal_configurations')
