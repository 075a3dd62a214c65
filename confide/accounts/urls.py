from django.urls import path

from confide.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.sign_in, name="login"),
    path("logout/", views.sign_out, name="logout"),
    path("home/", views.home, name="home"),
    path("2fa/setup/", views.setup, name="setup"),
    path("2fa/verify/", views.verify, name="verify"),
    path("2fa/", views.recovery_codes, name="two_step"),
]
