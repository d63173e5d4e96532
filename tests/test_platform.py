"""The service as a whole: health, API documentation served offline, and the OpenAPI contract."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import create_engine

from stirrup.app import create_app
from stirrup.config import Settings


def test_health_reports_the_database(client: TestClient) -> None:
    answer = client.get("/health")
    assert answer.status_code == 200
    assert answer.json() == {"status": "ok", "database": "reachable"}


def test_health_says_when_the_database_is_down() -> None:
    broken = create_engine("sqlite:////nonexistent-dir/stirrup.db")
    with TestClient(
        create_app(Settings(database_url="sqlite:////nonexistent-dir/stirrup.db"), broken)
    ) as client:
        answer = client.get("/health")
    assert answer.status_code == 503 and answer.json()["database"] == "unreachable"


def test_api_docs_are_served_without_any_cdn(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    assert "cdn" not in page.text.lower() and "http://" not in page.text and "https://" not in page.text
    assert "<script>" not in page.text  # no inline script: the CSP stays strict
    for asset in (
        "/static/docs/swagger-ui-bundle.js",
        "/static/docs/swagger-ui.css",
        "/static/js/api-docs.js",
    ):
        assert client.get(asset).status_code == 200, asset


def test_openapi_lists_every_resource_with_examples(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    paths = schema["paths"]
    for resource in ("homes", "households", "associations", "organisations", "users"):
        assert {"get", "post"} <= set(paths[f"/api/v1/{resource}"]), resource
        item = next(p for p in paths if p.startswith(f"/api/v1/{resource}/{{"))
        assert {"get", "patch"} <= set(paths[item]), resource
    assert "/api/v1/placements" in paths and "/api/v1/auth/token" in paths and "/health" in paths
    for path, operations in paths.items():
        for method, operation in operations.items():
            body = operation.get("requestBody")
            if body is None or "multipart/form-data" in body["content"]:  # no example for a file upload
                continue
            ref = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
            assert schema["components"]["schemas"][ref].get("examples"), (
                f"{method.upper()} {path} has no example"
            )
