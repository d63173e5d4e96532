"""The FastAPI application: API, pages, static files, middleware and the error handlers."""

from __future__ import annotations

import logging
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path

import fastapi_offline
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.routing import iter_route_contexts
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine, text
from sqlalchemy.exc import DataError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from stirrup import api, i18n
from stirrup.api.errors import error_response, validation_response
from stirrup.config import Settings, get_settings
from stirrup.db import make_engine
from stirrup.errors import Conflict, InvalidInput, NotFound, StirrupError
from stirrup.middleware import BodyLimit, SecurityHeaders
from stirrup.pages import site
from stirrup.pages.errors import error_page, render_status
from stirrup.pages.rendering import render
from stirrup.ratelimit import RateLimiter
from stirrup.services.geocoding import make_geocoder
from stirrup.services.round_runs import RoundRunner

log = logging.getLogger("stirrup")

STATIC_DIR = Path(__file__).resolve().parent / "static"
#: Where spreadsheets are uploaded: these may be larger than other requests (import_max_bytes).
UPLOAD_PATHS = ("/api/v1/imports/", "/imports/")
DOCS_ASSETS = Path(fastapi_offline.__file__).resolve().parent / "static"


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        # Rounds under way finish before the process ends (or are failed as stale if it is killed).
        app.state.round_runner.shutdown()

    app = FastAPI(
        lifespan=lifespan,
        title="Stirrup API",
        version="1",
        summary="Vacant homes lent for six months to households at risk of exclusion.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json" if settings.expose_api_docs else None,
    )
    app.state.settings = settings
    app.state.engine = engine or make_engine(settings.database_url)
    app.state.geocoder = make_geocoder(settings.geocoder, settings.geocoder_timeout_s)
    app.state.round_runner = RoundRunner(app.state.engine, settings)
    app.state.estimate_limiter = RateLimiter(
        app.state.engine,
        "estimates",
        settings.estimates_per_minute,
        timedelta(minutes=1),
        "too many estimates from your address",
    )

    app.include_router(api.router)
    for router in site.ROUTERS:
        app.include_router(router)
    app.mount("/static/docs", StaticFiles(directory=DOCS_ASSETS), name="docs-assets")
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/health", tags=["health"], summary="Is the service up and its database reachable?")
    def health(request: Request) -> JSONResponse:
        try:
            with request.app.state.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except Exception as error:  # any failure to reach the database is the answer here
            log.error("health check: database unreachable (%s)", type(error).__name__)
            return JSONResponse({"status": "unavailable", "database": "unreachable"}, status_code=503)
        return JSONResponse({"status": "ok", "database": "reachable"})

    if settings.expose_api_docs:

        @app.get("/docs", include_in_schema=False, response_class=HTMLResponse)
        def docs(request: Request) -> Response:
            return render(request, "api_docs.html")

    _install_error_handlers(app)
    _install_locale(app)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(
        BodyLimit,
        max_bytes=settings.max_body_bytes,
        upload_paths=UPLOAD_PATHS,
        upload_max_bytes=settings.import_max_bytes,
    )
    return app


#: PostgreSQL's deadlock_detected and serialization_failure.
_RETRYABLE = frozenset({"40P01", "40001"})


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _methods_of(request: Request) -> list[str]:
    methods: set[str] = set()
    for route in iter_route_contexts(request.app.routes):
        pattern = getattr(route, "path_regex", None)
        if pattern is not None and route.methods and pattern.match(request.url.path):
            methods |= route.methods
    return sorted(methods)


def _install_error_handlers(app: FastAPI) -> None:
    """The one place where errors become answers: JSON under /api, pages elsewhere."""

    @app.exception_handler(StirrupError)
    async def stirrup_error(request: Request, error: StirrupError) -> Response:
        return error_response(error) if _is_api(request) else error_page(request, error)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> Response:
        if _is_api(request):
            return validation_response(error)
        return render_status(request, 422, "; ".join(str(e.get("msg")) for e in error.errors()))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        if error.status_code == 404:
            return await stirrup_error(request, NotFound("no such page"))
        if _is_api(request):
            response = error_response(InvalidInput.field("request", str(error.detail)))
            response.status_code = error.status_code
        else:
            response = render_status(request, error.status_code, str(error.detail))
        response.headers.update(error.headers or {})
        if error.status_code == 405:  # every method the path answers to, not only one route's (RFC 9110)
            response.headers["Allow"] = ", ".join(_methods_of(request))
        return response

    @app.exception_handler(DataError)
    @app.exception_handler(OverflowError)
    async def out_of_range(request: Request, error: Exception) -> Response:
        # A number (an id, a filter) beyond what the database column holds: the input's fault.
        message = "a number in the request is out of the range the database can store"
        return await stirrup_error(request, InvalidInput.field("request", message))

    @app.exception_handler(OperationalError)
    async def database_error(request: Request, error: OperationalError) -> Response:
        # PostgreSQL breaks a deadlock (or a serialisation failure) by failing one transaction:
        # two people acted on the same records at the same moment; trying again is the remedy.
        if getattr(error.orig, "sqlstate", None) in _RETRYABLE:
            return await stirrup_error(
                request, Conflict("someone else changed the same records at the same moment; try again")
            )
        return await unexpected(request, error)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> Response:
        reference = secrets.token_hex(4)
        log.exception("unexpected error, reference %s", reference)
        message = f"unexpected error; quote reference {reference} when reporting it"
        if _is_api(request):
            return JSONResponse(
                {"error": {"code": "internal", "message": message, "fields": []}}, status_code=500
            )
        return render_status(request, 500, None, reference)


def _install_locale(app: FastAPI) -> None:
    @app.middleware("http")
    async def locale(request: Request, call_next):  # type: ignore[no-untyped-def]
        chosen = request.query_params.get("lang") or request.cookies.get("stirrup_lang")
        token = i18n.current_locale.set(i18n.negotiate(request.headers.get("accept-language"), chosen))
        try:
            response = await call_next(request)
        finally:
            i18n.current_locale.reset(token)
        if request.query_params.get("lang") in i18n.LOCALES:
            response.set_cookie(
                "stirrup_lang",
                request.query_params["lang"],
                samesite="lax",
                httponly=True,
                max_age=365 * 24 * 3600,
            )
        return response
