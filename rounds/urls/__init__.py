from rounds.urls import feedback, leads, methods, planning, work

app_name = "rounds"

urlpatterns = (
    work.urlpatterns
    + methods.urlpatterns
    + leads.urlpatterns
    + planning.urlpatterns
    + feedback.urlpatterns
)
