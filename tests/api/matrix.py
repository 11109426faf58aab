"""What the API access matrices share: a client holding a role's token, and every row of a
list read page after page."""

from rest_framework.test import APIClient


def client_of(keys, role):
    """An API client for `role`, with its token from `keys` (none: an anonymous caller)."""
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    if role in keys:
        client.credentials(HTTP_AUTHORIZATION=f"Token {keys[role]}")
    return client


def all_rows(client, url):
    rows, page = [], url + "?page_size=200"
    while page:
        body = client.get(page).json()
        rows += body["results"]
        page = body.get("next")
    return rows
