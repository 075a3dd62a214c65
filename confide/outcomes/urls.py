from django.urls import path

from confide.outcomes import views

app_name = "outcomes"
urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("alerts/", views.alerts, name="alerts"),
    path("alerts/<uuid:alert_id>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("practice/", views.practice_outcomes, name="practice"),
    path("clients/<uuid:client_id>/", views.client_outcomes, name="client"),
    path("clients/<uuid:client_id>/schedule/", views.set_schedule, name="schedule"),
    path("clients/<uuid:client_id>/link/", views.send_link, name="send_link"),
    path("clients/<uuid:client_id>/enter/<slug:code>/", views.enter, name="enter"),
    path("clients/<uuid:client_id>/report.pdf", views.report_pdf, name="report"),
]
