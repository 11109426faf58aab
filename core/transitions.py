from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _

from core.errors import TransitionError
from core.models import StatusChange


def lock(instance):
    """Re-read the row under a lock so two people cannot move the same object at once."""
    return type(instance).objects.select_for_update().get(pk=instance.pk)


def move(*, instance, to, allowed_from, by, field="status", comment="", also=None):
    """Apply one status change that the calling service has already decided is allowed by its
    other rules: check the current value, save the new one with the extra fields, record it.

    Must run inside the caller's transaction, on a row the caller locked with `lock`.
    """
    current = getattr(instance, field)
    if current not in allowed_from:
        label = instance._meta.get_field(field)
        raise TransitionError(
            _("%(object)s is %(current)s; it cannot become %(target)s.")
            % {
                "object": instance,
                "current": dict(label.choices)[current],
                "target": dict(label.choices)[to],
            }
        )
    setattr(instance, field, to)
    changed = {field, *(also or {})}
    for name, value in (also or {}).items():
        setattr(instance, name, value)
    if hasattr(instance, "updated_at"):
        changed.add("updated_at")
    instance.save(update_fields=sorted(changed))
    StatusChange.objects.create(
        content_type=ContentType.objects.get_for_model(instance),
        object_id=instance.pk,
        field=field,
        from_value=current,
        to_value=to,
        by=by,
        comment=comment,
    )
    return instance


def history(instance):
    return StatusChange.objects.filter(
        content_type=ContentType.objects.get_for_model(instance), object_id=instance.pk
    ).select_related("by__profile")
