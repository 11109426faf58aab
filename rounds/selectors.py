from rounds.models import TeamMembership


def team_role(user, team):
    """The person's role on the team, or None."""
    return (
        TeamMembership.objects.filter(team=team, user=user).values_list("role", flat=True).first()
    )
