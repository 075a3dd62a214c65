from django.urls import path

from confide.billing import views

app_name = "billing"
urlpatterns = [
    path("", views.desk, name="desk"),
    path("drafts/finalise/", views.finalise_drafts, name="finalise_drafts"),
    path("reconcile/", views.reconcile, name="reconcile"),
    path("clients/<uuid:client_id>/", views.client_account, name="client"),
    path("clients/<uuid:client_id>/coverage/", views.set_coverage, name="coverage"),
    path("clients/<uuid:client_id>/diagnoses/", views.add_diagnosis, name="add_diagnosis"),
    path("clients/<uuid:client_id>/adjustments/", views.add_adjustment, name="adjust"),
    path("clients/<uuid:client_id>/invoices/", views.make_invoice, name="make_invoice"),
    path("clients/<uuid:client_id>/estimates/", views.draft_estimate, name="draft_estimate"),
    path("clients/<uuid:client_id>/superbill/", views.superbill, name="superbill"),
    path("clients/<uuid:client_id>/statement/", views.statement, name="statement"),
    path("diagnoses/<uuid:diagnosis_id>/resolve/", views.resolve_diagnosis, name="resolve"),
    path("charges/<uuid:charge_id>/", views.edit_charge, name="charge"),
    path(
        "charges/<uuid:charge_id>/<str:step>/",
        views.charge_step,
        name="charge_step",
    ),
    path("invoices/<uuid:invoice_id>/pdf/", views.invoice_pdf, name="invoice_pdf"),
    path("invoices/<uuid:invoice_id>/payments/", views.take_payment, name="pay"),
    path("invoices/<uuid:invoice_id>/void/", views.void_invoice, name="void_invoice"),
    path("payments/<uuid:payment_id>/refunds/", views.refund, name="refund"),
    path("estimates/<uuid:estimate_id>/pdf/", views.estimate_pdf, name="estimate_pdf"),
    path("estimates/<uuid:estimate_id>/<str:step>/", views.estimate_step, name="estimate_step"),
    path("services/", views.services, name="services"),
    path("services/<uuid:service_id>/", views.service, name="service"),
    path("settings/", views.settings_page, name="settings"),
    path("settings/clinicians/<uuid:clinician_id>/", views.identity, name="identity"),
    path("reports/", views.report, name="reports"),
    path("reports/<slug:kind>.csv", views.report_csv, name="report_csv"),
    path("production/", views.production, name="production"),
]
