from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.models import ApiToken


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False)
    otp = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=32,
        help_text=_("The authenticator's code, for people with a second factor."),
    )
    name = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=100,
        help_text=_("What the token is for, to tell tokens apart."),
    )


class TokenIssuedSerializer(serializers.Serializer):
    token = serializers.CharField(help_text=_("Send as: Authorization: Token <token>. Shown once."))
    id = serializers.IntegerField()
    expires_at = serializers.DateTimeField()


class ApiTokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at"]
        read_only_fields = fields
