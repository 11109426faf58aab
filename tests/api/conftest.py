import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from api import services
from api.models import ApiToken
from tests import factories


@pytest.fixture
def api_as():
    """`api_as(user)`: a client that sends a real token of this person, in English.

    The token counts as used just now, so that query counts do not depend on whether a request
    is the first to record its use.
    """

    def client_for(user):
        token, key = services.token_issue(user=user, name="tests")
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return client

    return client_for


@pytest.fixture
def anonymous_api():
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def person(request, cast, other_cast):
    """The person a test's indirect parameter names: one of the cast, "leadership" (the office's
    leadership group), or "other <role>" (that role in the unrelated office's cast)."""
    if request.param == "leadership":
        return factories.ProfileFactory(office=cast.office, is_leadership=True).user
    if request.param.startswith("other "):
        return getattr(other_cast, request.param.removeprefix("other "))
    return getattr(cast, request.param)
