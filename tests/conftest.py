import pytest
from django.utils import translation

from tests import flows


@pytest.fixture
def english():
    """Messages of the rules in English, so assertions on them do not depend on translations.

    Not autouse: other suites check the Chinese interface.
    """
    with translation.override("en"):
        yield


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploaded evidence and attachments land in a throwaway directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def cast(db):
    """An assignment of a planned round and everyone around it (see tests.flows.Cast)."""
    return flows.build_cast()


@pytest.fixture
def other_cast(db):
    """A second, unrelated office with its own assignment and people."""
    return flows.build_cast()


@pytest.fixture
def client_in_english(client, settings):
    """The test client as a person who chose English in the page header."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
