"""Flask extensions, created here and bound to the app in create_app()."""
from flask_babel import Babel
from flask_htmx import HTMX
from flask_login import LoginManager
from flask_mail import Mail
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
csrf = CSRFProtect()
mail = Mail()
babel = Babel()
htmx = HTMX()
admin_login = LoginManager()
