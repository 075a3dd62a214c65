from django.urls import path

from confide.accounts import invitation_views, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.sign_in, name="login"),
    path("logout/", views.sign_out, name="logout"),
    path("home/", views.home, name="home"),
    path("2fa/setup/", views.setup, name="setup"),
    path("2fa/verify/", views.verify, name="verify"),
    path("2fa/", views.recovery_codes, name="two_step"),
    path("invitation/welcome/", invitation_views.welcome, name="invitation_welcome"),
    path("invitation/ask-again/", invitation_views.ask_again, name="invitation_ask_again"),
    path("invitation/<str:token>/", invitation_views.open_link, name="invitation"),
]
