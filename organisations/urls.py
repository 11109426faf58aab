from django.urls import path

from organisations import views

app_name = "organisations"

urlpatterns = [
    path(
        "people/<int:profile_pk>/declarations/new/",
        views.declaration_create,
        name="declaration_create",
    ),
]
