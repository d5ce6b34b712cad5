from tadrib.equipment import urls_reports, urls_steps

app_name = "equipment"

urlpatterns = [*urls_steps.urlpatterns, *urls_reports.urlpatterns]
