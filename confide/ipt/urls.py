from django.urls import path

from confide.ipt import views

app_name = "ipt"
urlpatterns = [
    path("<uuid:client_id>/", views.workspace, name="workspace"),
    path("<uuid:client_id>/people/new/", views.person_edit, name="person_new"),
    path("<uuid:client_id>/people/<uuid:person_id>/", views.person_edit, name="person"),
    path(
        "<uuid:client_id>/people/<uuid:person_id>/delete/",
        views.person_delete,
        name="person_delete",
    ),
    path("<uuid:client_id>/events/new/", views.event_new, name="event_new"),
    path(
        "<uuid:client_id>/events/<uuid:event_id>/delete/", views.event_delete, name="event_delete"
    ),
    path("<uuid:client_id>/formulation/", views.formulation, name="formulation"),
    path("<uuid:client_id>/formulation/accept/", views.formulation_accept, name="accept"),
    path("<uuid:client_id>/plan/", views.plan, name="plan"),
    path("<uuid:client_id>/plan/adjuncts/<slug:modality>/", views.adjunct_decide, name="adjunct"),
    path("<uuid:client_id>/plan/goals/", views.goals, name="goals"),
    path("<uuid:client_id>/plan/goals/<uuid:goal_id>/", views.goals, name="goal"),
    path("<uuid:client_id>/notes/new/", views.note_edit, name="note_new"),
    path("<uuid:client_id>/notes/<uuid:note_id>/", views.note_edit, name="note"),
    path("<uuid:client_id>/notes/<uuid:note_id>/sign/", views.note_sign, name="note_sign"),
    path(
        "<uuid:client_id>/notes/<uuid:note_id>/addendum/",
        views.note_addendum,
        name="note_addendum",
    ),
]
