from django.utils.translation import gettext as _

from core.errors import DomainError
from core.history import domain_action
from organisations.models import Target


@domain_action
def target_create(*, office, code, name, category, region=None, parent=None):
    if Target.objects.filter(office=office, code=code).exists():
        raise DomainError(
            _("The code %(code)s is already used by another target of %(office)s.")
            % {"code": code, "office": office},
            code="duplicate",
        )
    if parent is not None and parent.office_id != office.pk:
        raise DomainError(_("A target's parent must belong to the same office."))
    target = Target(
        office=office, code=code, name=name, category=category, region=region, parent=parent
    )
    target.full_clean()
    target.save()
    return target
