from rounds.models import TeamMembership, Term


def team_role(user, team):
    """The person's role on the team, or None."""
    return (
        TeamMembership.objects.filter(team=team, user=user).values_list("role", flat=True).first()
    )


def current_term(office, today):
    return Term.objects.filter(office=office, starts_on__lte=today, ends_on__gte=today).first()
