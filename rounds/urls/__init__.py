from rounds.urls import leads, work

app_name = "rounds"

urlpatterns = work.urlpatterns + leads.urlpatterns
