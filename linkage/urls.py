from django.urls import path

from linkage import views

app_name = "linkage"

urlpatterns = [
    path("linkage/filings/", views.filing_list, name="list"),
    path("linkage/filings/new/<str:kind>/", views.filing_create, name="create"),
    path("linkage/filings/inbox/", views.inbox, name="inbox"),
    path("linkage/deadlines/", views.deadlines, name="deadlines"),
    path("linkage/filings/<int:pk>/", views.filing_detail, name="detail"),
    path("linkage/filings/<int:pk>/document/", views.filing_document, name="document"),
    path("linkage/filings/<int:pk>/acknowledge/", views.filing_acknowledge, name="acknowledge"),
    path("linkage/filings/<int:pk>/return/", views.filing_return, name="return"),
    path("linkage/filings/<int:pk>/resubmit/", views.filing_resubmit, name="resubmit"),
]
