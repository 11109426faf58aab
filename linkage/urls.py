app_name = "linkage"

urlpatterns = []
