from coverage.urls import dashboard, reports, rollup, term

app_name = "coverage"

urlpatterns = [
    *term.urlpatterns,
    *rollup.urlpatterns,
    *dashboard.urlpatterns,
    *reports.urlpatterns,
]
