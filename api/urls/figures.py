from django.urls import path

from api.views.figures import CoverageFiguresView, RectificationFiguresView

urlpatterns = [
    path(
        "figures/rectification/",
        RectificationFiguresView.as_view(),
        name="figures_rectification",
    ),
    path("figures/coverage/", CoverageFiguresView.as_view(), name="figures_coverage"),
]
