"""What every endpoint shares: language, versions for sync, JSON errors, the docs."""

import pytest

from accounts.signals import SECOND_FACTOR_SESSION_KEY
from tests import factories

pytestmark = pytest.mark.django_db


def test_an_integration_reads_messages_in_the_language_it_asks_for(anonymous_api):
    chinese = anonymous_api.get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    english = anonymous_api.get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="en")
    assert chinese.json()["detail"] != english.json()["detail"]
    assert english.headers["Content-Language"] == "en"


def test_without_a_language_the_api_answers_in_chinese(cast, anonymous_api):
    response = anonymous_api.get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="")
    assert response.headers["Content-Language"] == "zh-hans"


def test_a_list_carries_an_etag_and_answers_304_when_unchanged(cast, api_as):
    client = api_as(cast.office_staff)
    first = client.get("/api/v1/assignments/")
    again = client.get("/api/v1/assignments/", HTTP_IF_NONE_MATCH=first.headers["ETag"])
    assert again.status_code == 304


def test_a_changed_list_answers_in_full_despite_an_old_etag(cast, api_as):
    client = api_as(cast.office_staff)
    first = client.get("/api/v1/assignments/")
    client.post(f"/api/v1/assignments/{cast.assignment.pk}/begin-on-site/")
    again = client.get("/api/v1/assignments/", HTTP_IF_NONE_MATCH=first.headers["ETag"])
    assert again.status_code == 200


def test_an_unknown_path_under_the_api_is_a_json_404(cast, api_as):
    response = api_as(cast.office_staff).get("/api/v1/assignments/999999/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_malformed_json_is_a_400_not_a_500(cast, api_as):
    response = api_as(cast.office_staff).generic(
        "POST", "/api/v1/terms/", "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_a_browser_session_owing_a_second_factor_gets_json_not_a_login_page(client, cast):
    client.force_login(cast.office_staff)
    session = client.session
    session[SECOND_FACTOR_SESSION_KEY] = "verify"
    session.save()
    response = client.get("/api/v1/me/")
    assert response.status_code == 403
    assert response.json()["code"] == "second_factor_required"


def test_the_browser_session_reaches_the_api(client, cast):
    client.force_login(cast.office_staff)
    assert client.get("/api/v1/me/").json()["id"] == cast.office_staff.pk


def test_the_schema_and_the_docs_need_a_login(anonymous_api):
    assert anonymous_api.get("/api/schema/").status_code in (401, 403)
    assert anonymous_api.get("/api/docs/").status_code in (401, 403)


def test_the_docs_page_loads_its_scripts_from_the_app(client):
    client.force_login(factories.OfficeStaffFactory().user)
    page = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in page
    assert "https://" not in page.replace("https://swagger.io", "")
