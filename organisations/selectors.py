from organisations.models import Liaison, Target


def is_office_staff(user, office):
    profile = getattr(user, "profile", None)
    return bool(profile and profile.is_office_staff and profile.office_id == office.pk)


def is_liaison(user, target):
    return Liaison.objects.filter(user=user, target=target, active=True).exists()


def is_receiving_officer(user, receiving_body):
    profile = getattr(user, "profile", None)
    return bool(profile and profile.receiving_body_id == receiving_body.pk)


def targets_of_office(office):
    return Target.objects.filter(office=office).select_related("region", "parent")
