"""Password reset under Django's own URL names (API.md: `password_reset`, ...), outside the
`accounts` namespace so that Django's views and their e-mail links resolve them as usual."""

from django.urls import path

from confide.accounts import reset_views

urlpatterns = [
    path("password_reset/", reset_views.ResetRequestView.as_view(), name="password_reset"),
    path("password_reset/done/", reset_views.ResetDoneView.as_view(), name="password_reset_done"),
    path(
        "reset/<uidb64>/<token>/",
        reset_views.ResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("reset/done/", reset_views.ResetCompleteView.as_view(), name="password_reset_complete"),
]
