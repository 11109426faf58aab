"""The record of an object: who created it, changed it and moved its status, and when."""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from core.transitions import history as status_changes

# Fields that a status change writes together with the status; the change itself says it all.
TRANSITION_FIELDS = {
    "status",
    "phase",
    "updated_at",
    "reviewed_by",
    "reviewed_at",
    "signed_by",
    "signed_at",
    "accepted_by",
    "accepted_at",
    "feedback",
    "decided_by",
    "decided_at",
    "submitted_by",
    "submitted_at",
    "closed_by",
    "closed_at",
    "return_count",
    "last_progress_at",
    "on_site_from",
    "receiving_body",
    "transferred_on",
    "outcome_on",
    "outcome_note",
    "signed_by_name",
}


@dataclass
class Event:
    at: datetime
    by: object
    what: str
    comment: str = ""
    fields: list = field(default_factory=list)


def timeline(instance):
    """Creation, edits and status changes of one object, oldest first."""
    model = type(instance)
    events = [
        Event(
            at=change.at,
            by=change.by,
            what=_("%(from)s → %(to)s")
            % {
                "from": _label(model, change.field, change.from_value),
                "to": _label(model, change.field, change.to_value),
            },
            comment=change.comment,
        )
        for change in status_changes(instance)
    ]
    many_to_many = [field.name for field in model._meta.many_to_many]
    previous = None
    for record in instance.history.select_related("history_user__profile").order_by(
        "history_date", "history_id"
    ):
        if previous is None:
            events.append(Event(at=record.history_date, by=record.history_user, what=_("created")))
        else:
            edited = [
                str(model._meta.get_field(change.field).verbose_name)
                # Many-to-many fields (tags) are left out: comparing them reads the database
                # twice per record, and their history stays in the record itself.
                for change in record.diff_against(previous, excluded_fields=many_to_many).changes
                if change.field not in TRANSITION_FIELDS
            ]
            # Tags and other many-to-many fields are set just after creation, as a second save.
            part_of_creation = (
                previous.history_type == "+"
                and record.history_user_id == previous.history_user_id
                and (record.history_date - previous.history_date).total_seconds() < 5
            )
            if edited and not part_of_creation:
                events.append(
                    Event(
                        at=record.history_date,
                        by=record.history_user,
                        what=_("edited"),
                        fields=edited,
                    )
                )
        previous = record
    return sorted(events, key=lambda event: event.at)


def _label(model, name, value):
    return dict(model._meta.get_field(name).choices or ()).get(value, value)
