"""Planning: terms and rounds, the round board, teams from the talent pool, assignments."""

from django.urls import path

from rounds.views import planning

urlpatterns = [
    path("rounds/", planning.round_index, name="rounds"),
    path("rounds/terms/new/", planning.term_create, name="term_create"),
    path("rounds/terms/<int:pk>/plan/", planning.round_plan, name="round_plan"),
    path("rounds/<int:pk>/", planning.round_detail, name="round"),
    path("rounds/<int:pk>/teams/new/", planning.team_create, name="team_create"),
    path("rounds/<int:pk>/assign/", planning.round_assign, name="round_assign"),
    path("rounds/teams/<int:pk>/pool/", planning.talent_pool, name="talent_pool"),
    path("rounds/teams/<int:pk>/pool/<int:user_pk>/", planning.member_add, name="member_add"),
]
