import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    return get_user_model().objects.create_user(username="zhangsan", password="xunshi-demo")


def test_the_login_page_is_in_chinese_by_default(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert response["Content-Language"] == "zh-hans"
    assert "登录" in response.text


def test_the_login_page_is_available_in_english(client, client_in_english):
    response = client.get("/accounts/login/")
    assert "Log in" in response.text


def test_the_browser_language_does_not_override_the_default(client):
    response = client.get("/accounts/login/", headers={"accept-language": "en-US,en"})
    assert "登录" in response.text


def test_choosing_english_in_the_header_switches_the_pages(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert "Log in" in client.get("/accounts/login/").text


def test_the_home_page_sends_anonymous_visitors_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_person_logs_in_with_the_right_password(client, person):
    response = client.post("/accounts/login/", {"username": "zhangsan", "password": "xunshi-demo"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_a_wrong_password_shows_a_message_and_keeps_the_username(client, person):
    response = client.post("/accounts/login/", {"username": "zhangsan", "password": "wrong"})
    assert response.status_code == 200
    assert 'value="zhangsan"' in response.text
    assert "请输入一个正确的" in response.text
