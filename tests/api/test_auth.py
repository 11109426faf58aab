import datetime

import pytest
from django.utils import timezone

from api.models import ApiToken
from tests import factories

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"
PASSWORD = "xunshi-test"


def ask(client, **body):
    return client.post(TOKEN_URL, body, format="json")


def test_a_username_and_password_get_a_token_that_opens_the_api(anonymous_api):
    user = factories.OfficeStaffFactory().user
    issued = ask(anonymous_api, username=user.username, password=PASSWORD)
    assert issued.status_code == 201
    anonymous_api.credentials(HTTP_AUTHORIZATION=f"Token {issued.json()['token']}")
    assert anonymous_api.get("/api/v1/auth/tokens/").status_code == 200


def test_the_key_itself_is_never_stored(anonymous_api):
    user = factories.OfficeStaffFactory().user
    key = ask(anonymous_api, username=user.username, password=PASSWORD).json()["token"]
    token = ApiToken.objects.get(user=user)
    assert key not in (token.digest, token.prefix) and token.prefix == key[:8]


def test_a_wrong_password_is_a_field_error_without_a_token(anonymous_api):
    user = factories.OfficeStaffFactory().user
    response = ask(anonymous_api, username=user.username, password="wrong")
    assert response.status_code == 400
    assert response.json()["code"] == "credentials"
    assert not ApiToken.objects.exists()


def test_a_missing_password_names_the_field(anonymous_api):
    response = ask(anonymous_api, username="someone")
    assert response.status_code == 400
    assert "password" in response.json()["errors"]


def test_repeated_wrong_passwords_lock_the_username_out(anonymous_api, settings):
    user = factories.OfficeStaffFactory().user
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        ask(anonymous_api, username=user.username, password="wrong")
    response = ask(anonymous_api, username=user.username, password=PASSWORD)
    assert response.status_code == 429
    assert response.json()["code"] == "locked_out"


def test_a_request_without_a_token_is_refused_with_401(anonymous_api):
    response = anonymous_api.get("/api/v1/auth/tokens/")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_an_unknown_token_is_refused_with_401(anonymous_api):
    anonymous_api.credentials(HTTP_AUTHORIZATION="Token not-a-real-key")
    assert anonymous_api.get("/api/v1/auth/tokens/").status_code == 401


def test_a_revoked_token_no_longer_opens_the_api(api_as):
    user = factories.OfficeStaffFactory().user
    client = api_as(user)
    token = ApiToken.objects.get(user=user)
    assert client.post(f"/api/v1/auth/tokens/{token.pk}/revoke/").status_code == 200
    assert client.get("/api/v1/auth/tokens/").status_code == 401
    token.refresh_from_db()
    assert token.revoked_by == user


def test_an_expired_token_no_longer_opens_the_api(api_as):
    user = factories.OfficeStaffFactory().user
    client = api_as(user)
    ApiToken.objects.filter(user=user).update(expires_at=timezone.now() - datetime.timedelta(1))
    assert client.get("/api/v1/auth/tokens/").status_code == 401


def test_someone_elses_token_cannot_be_revoked_and_reads_as_missing(api_as):
    owner = factories.OfficeStaffFactory().user
    api_as(owner)
    token = ApiToken.objects.get(user=owner)
    response = api_as(factories.OfficeStaffFactory().user).post(
        f"/api/v1/auth/tokens/{token.pk}/revoke/"
    )
    assert response.status_code == 404


def test_the_list_of_tokens_never_shows_a_key(api_as):
    user = factories.OfficeStaffFactory().user
    rows = api_as(user).get("/api/v1/auth/tokens/").json()["results"]
    assert set(rows[0]) == {
        "id",
        "name",
        "prefix",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    }
