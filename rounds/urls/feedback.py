from django.urls import path  # noqa: F401 - patterns are added with the feedback pages

urlpatterns = []
