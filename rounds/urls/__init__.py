from rounds.urls import feedback, leads, planning, work

app_name = "rounds"

urlpatterns = work.urlpatterns + leads.urlpatterns + planning.urlpatterns + feedback.urlpatterns
