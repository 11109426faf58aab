"""The error bodies of api.errors, for the schema."""

from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in the request's language.")
    code = serializers.CharField(help_text="A stable code for programs, e.g. invalid_transition.")


class ValidationErrorSerializer(ErrorSerializer):
    errors = serializers.DictField(
        child=serializers.JSONField(),
        help_text="Per field (or non_field_errors), the messages that field got.",
    )
