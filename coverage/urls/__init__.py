from coverage.urls import rollup, term

app_name = "coverage"

urlpatterns = [*term.urlpatterns, *rollup.urlpatterns]
