from django.urls import path

from confide.billing import portal_views as views

app_name = "billing_portal"
urlpatterns = [
    path("invoices/<uuid:invoice_id>/pdf/", views.invoice_pdf, name="invoice_pdf"),
    path("invoices/<uuid:invoice_id>/pay/", views.pay, name="pay"),
    path("payments/<uuid:payment_id>/return/", views.returned, name="returned"),
    path("payments/<uuid:payment_id>/card/", views.console_checkout, name="console_checkout"),
    path("estimates/<uuid:estimate_id>/pdf/", views.estimate_pdf, name="estimate_pdf"),
    path("superbill/", views.superbill, name="superbill"),
    path("statement/", views.statement, name="statement"),
    path("webhooks/stripe/", views.stripe_webhook, name="stripe_webhook"),
]
