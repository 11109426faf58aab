"""The rectification plan and its items: the unit's portal and the office's decisions."""

from django.urls import path

from rectification.views import items, plans

urlpatterns = [
    path("rectification/", plans.plan_list, name="plans"),
    path("rectification/assignments/<int:pk>/", plans.assignment_hub, name="assignment"),
    path("rectification/assignments/<int:pk>/plan/open/", plans.plan_open, name="plan_open"),
    path("rectification/plans/<int:pk>/submit/", plans.plan_submit, name="plan_submit"),
    path("rectification/plans/<int:pk>/scan/", plans.plan_scan, name="plan_scan"),
    path("rectification/plans/<int:pk>/accept/", plans.plan_accept, name="plan_accept"),
    path("rectification/plans/<int:pk>/return/", plans.plan_return, name="plan_return"),
    path("rectification/plans/<int:pk>/items/new/", items.item_create, name="item_create"),
    path("rectification/items/<int:pk>/", items.item_detail, name="item"),
    path("rectification/items/<int:pk>/edit/", items.item_edit, name="item_edit"),
    path("rectification/items/<int:pk>/withdraw/", items.item_withdraw, name="item_withdraw"),
    path("rectification/items/<int:pk>/progress/", items.item_progress, name="item_progress"),
    path("rectification/items/<int:pk>/claim/", items.item_claim, name="item_claim"),
    path("rectification/items/<int:pk>/close/", items.item_close, name="item_close"),
    path("rectification/items/<int:pk>/return/", items.item_return, name="item_return"),
    path("rectification/items/<int:pk>/reopen/", items.item_reopen, name="item_reopen"),
    path("rectification/attachments/<int:pk>/", items.attachment_download, name="attachment"),
]
