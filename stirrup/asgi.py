"""The application object for ASGI servers (``uvicorn stirrup.asgi:app``), configured from the
environment, its logs made safe (``stirrup.logs``)."""

from stirrup import logs
from stirrup.app import create_app
from stirrup.config import get_settings

logs.configure(get_settings().log_level)
app = create_app()
