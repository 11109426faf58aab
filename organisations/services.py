from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError, NotAllowed
from core.history import domain_action
from core.uploads import checked_upload, remember_stored
from organisations.models import DeclaredRelative, RecusalDeclaration, Target
from organisations.selectors import is_office_staff


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


@domain_action
def recusal_declaration_record(*, profile, by, signed_on, relatives, statement="", scan=None):
    """回避申请书: the office records a person's signed declaration and the relatives it names,
    each with where they work; the recusal checks read the latest declaration."""
    if profile.office is None or not is_office_staff(by, profile.office):
        raise NotAllowed(_("Only staff of the person's office may record a declaration."))
    if signed_on > timezone.localdate():
        raise DomainError(_("A declaration cannot be dated in the future."), code="dates")
    declaration = RecusalDeclaration(profile=profile, signed_on=signed_on, statement=statement)
    if scan is not None:
        checked_upload(scan)
        declaration.scan = scan
    declaration.save()
    if scan is not None:
        remember_stored(declaration.scan)
    for relative in relatives:
        workplace = relative.get("workplace")
        DeclaredRelative.objects.create(
            declaration=declaration,
            name=relative["name"],
            relation=relative["relation"],
            workplace=workplace,
            workplace_name=relative.get("workplace_name") or (workplace.name if workplace else ""),
            position=relative.get("position", ""),
        )
    return declaration
