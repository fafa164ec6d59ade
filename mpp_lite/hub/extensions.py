"""The hub's own extensions, created unbound; `create_hub_app` binds them.

The hub keeps its tables in a metadata of its own (`HubBase`), so its migrations never touch
a site's tables and the site's never touch the hub's.
"""

from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

from mpp_lite.database import NAMING_CONVENTION


class HubBase(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


hub_db = SQLAlchemy(model_class=HubBase)
hub_login = LoginManager()
hub_csrf = CSRFProtect()
