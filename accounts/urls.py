from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("two-factor/", views.two_factor, name="two_factor"),
    path("two-factor/verify/", views.verify, name="verify"),
    path("two-factor/remove/", views.two_factor_remove, name="two_factor_remove"),
]
