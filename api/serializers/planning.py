from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.views.base import ScopedRelatedField
from organisations.selectors import people_visible_to
from rounds.models import Assignment, Round, Team, TeamMembership, Term
from rounds.selectors import (
    rounds_planned_by,
    targets_visible_to,
    teams_planned_by,
    terms_planned_by,
)


def people_of_the_office(user):
    return get_user_model().objects.filter(profile__in=people_visible_to(user))


class TermSerializer(serializers.ModelSerializer):
    class Meta:
        model = Term
        fields = ["id", "office", "name", "starts_on", "ends_on"]
        read_only_fields = ["id", "office"]


class RoundSerializer(serializers.ModelSerializer):
    term = ScopedRelatedField(scope=terms_planned_by)
    name = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = Round
        fields = [
            "id",
            "name",
            "office",
            "term",
            "ordinal",
            "kind",
            "theme",
            "planned_start",
            "planned_end",
            "status",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "office", "status", "created_at", "updated_at"]
        # The service checks the ordinal and dates and says what is wrong in words.
        validators = []


class RoundCancelInput(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class TeamSerializer(serializers.ModelSerializer):
    round = ScopedRelatedField(scope=rounds_planned_by)

    class Meta:
        model = Team
        fields = ["id", "round", "name"]
        read_only_fields = ["id"]
        validators = []


class MembershipSerializer(serializers.ModelSerializer):
    team = ScopedRelatedField(scope=teams_planned_by)
    user = ScopedRelatedField(scope=people_of_the_office)
    name = serializers.CharField(source="user.profile.name", read_only=True, default=None)
    override_reason = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text=_("The office's written reason to override a conflict of interest."),
    )

    class Meta:
        model = TeamMembership
        fields = [
            "id",
            "team",
            "user",
            "name",
            "role",
            "authorised_on",
            "authorisation_reference",
            "pledge_signed_on",
            "override_reason",
        ]
        read_only_fields = ["id"]
        validators = []


class AssignmentSerializer(serializers.ModelSerializer):
    """The inspected unit sees its assignment without the team (who inspected it is internal)."""

    round = ScopedRelatedField(scope=rounds_planned_by)
    team = ScopedRelatedField(scope=teams_planned_by, allow_null=True)
    target = ScopedRelatedField(scope=targets_visible_to)
    round_name = serializers.CharField(source="round.__str__", read_only=True)
    target_name = serializers.CharField(source="target.name", read_only=True)
    team_name = serializers.CharField(source="team.name", read_only=True, allow_null=True)
    override_reason = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text=_("The office's written reason to override a conflict of interest."),
    )

    class Meta:
        model = Assignment
        fields = [
            "id",
            "round",
            "round_name",
            "team",
            "team_name",
            "target",
            "target_name",
            "phase",
            "on_site_from",
            "on_site_until",
            "override_reason",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "phase", "created_at", "updated_at"]
        validators = []

    def validate_team(self, team):
        # Nullable only in responses, where the unit gets no team.
        if team is None:
            raise serializers.ValidationError(_("Choose the team."))
        return team

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if getattr(instance, "as_unit", False):
            data["team"] = data["team_name"] = None
        return data
