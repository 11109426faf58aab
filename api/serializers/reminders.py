from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent, build_choice_field
from rest_framework import serializers

from reminders.models import Kind, Reminder

KIND_ENUM = "ReminderKindEnum"


class ReminderKindField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=Kind.choices, **kwargs)


class ReminderKindSchema(OpenApiSerializerFieldExtension):
    """One named enum for a reminder's kind and the muted kinds. Left to drf-spectacular, the
    same choices under two field names, one of them the "kind" other resources also use, get a
    hashed name and a warning."""

    target_class = ReminderKindField

    def map_serializer_field(self, auto_schema, direction):
        component = ResolvedComponent(
            name=KIND_ENUM,
            type=ResolvedComponent.SCHEMA,
            object=KIND_ENUM,
            schema=build_choice_field(self.target),
        )
        auto_schema.registry.register_on_missing(component)
        return component.ref


class ReminderSerializer(serializers.ModelSerializer):
    kind = ReminderKindField(read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    days_ahead = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text=_("Days left when it was made, for reminders ahead of a date; otherwise null."),
    )
    is_late = serializers.BooleanField(
        read_only=True, help_text=_("It is about something past its date.")
    )

    class Meta:
        model = Reminder
        fields = [
            "id",
            "kind",
            "kind_display",
            "summary",
            "link",
            "due_on",
            "days_ahead",
            "is_late",
            "created_at",
            "read_at",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "link": {"help_text": _("The page of its subject, a path on this site.")},
            "read_at": {"help_text": _("When it was read; null while unread.")},
        }


class UnreadCountSerializer(serializers.Serializer):
    unread = serializers.IntegerField(help_text=_("Your unread reminders."))


class ReadAllSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text=_("How many reminders were marked read now."))


class ReminderPreferenceSerializer(serializers.Serializer):
    email = serializers.BooleanField(help_text=_("Send me one email a day with my new reminders."))
    muted_kinds = serializers.ListField(
        child=ReminderKindField(),
        allow_empty=True,
        help_text=_("The kinds of reminder I do not want; none are made for me."),
    )
