import pytest
from rest_framework.test import APIClient

from api import services


@pytest.fixture
def api_as():
    """`api_as(user)`: a client that sends a real token of this person, in English."""

    def client_for(user):
        _token, key = services.token_issue(user=user, name="tests")
        client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return client

    return client_for


@pytest.fixture
def anonymous_api():
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")
