"""The application object for ASGI servers (``uvicorn stirrup.asgi:app``), configured from the
environment."""

from stirrup.app import create_app

app = create_app()
