"""Resource families: each module here declares its /v1 endpoints (and optionally a `blueprint`).

Modules are discovered, not listed: dropping `subscriptions.py` in this package
is enough for its `@endpoint` declarations to be served.
"""

import importlib
import pkgutil
from types import ModuleType


def load_all() -> list[ModuleType]:
    """Import every resource module (registering its endpoints) and return them."""
    return [
        importlib.import_module(f"{__name__}.{info.name}")
        for info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name)
    ]
