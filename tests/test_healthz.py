import pytest
from django.db import OperationalError

from xunshi.celery import app as celery_app

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_when_database_and_broker_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok"}


def test_healthz_needs_no_login_and_tells_nothing_else(client):
    response = client.get("/healthz")
    assert set(response.json()) == {"database", "broker"}
    assert response["Cache-Control"].startswith("max-age=0")


def test_healthz_is_503_when_the_broker_does_not_answer(client, monkeypatch):
    connect = celery_app.connection_for_write
    monkeypatch.setattr(
        celery_app, "connection_for_write", lambda: connect(url="redis://127.0.0.1:1/0")
    )
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "broker": "error"}


def test_healthz_is_503_when_the_database_does_not_answer(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("xunshi.views.connection.cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "error", "broker": "ok"}


def test_healthz_refuses_writes(client):
    assert client.post("/healthz").status_code == 405
