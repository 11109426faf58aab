from django.urls import path

from api.views.figures import CoverageFiguresView, RectificationFiguresView, RollupFiguresView

urlpatterns = [
    path(
        "figures/rectification/",
        RectificationFiguresView.as_view(),
        name="figures_rectification",
    ),
    path("figures/coverage/", CoverageFiguresView.as_view(), name="figures_coverage"),
    path("figures/rollup/", RollupFiguresView.as_view(), name="figures_rollup"),
]
