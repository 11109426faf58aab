from rectification.urls import checks, ledgers, plans

app_name = "rectification"

urlpatterns = plans.urlpatterns + ledgers.urlpatterns + checks.urlpatterns
