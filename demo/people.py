"""Users and profiles: the demo logins, office staff, leadership, talent pool, liaisons."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from demo.context import DEMO_PASSWORD, OfficeCast
from demo.people_data import (
    INSPECTORS,
    LEADER_LOGIN,
    LEADERSHIP,
    MEMBER_LOGIN,
    MUNICIPAL_INSPECTORS,
    MUNICIPAL_STAFF,
    OFFICE_STAFF,
)
from organisations.models import (
    DeclaredRelative,
    Liaison,
    PastPost,
    Profile,
    ReceivingBody,
    RecusalDeclaration,
)

INSPECTOR_LOGINS = {LEADER_LOGIN: "leader", MEMBER_LOGIN: "member"}
UNIT_LOGIN_PROFILE = ("郑雅琴", "办公室副主任")
DISCIPLINE_LOGIN_PROFILE = ("黄海涛", "第一监督检查室干部")
ORGANISATION_OFFICER = ("许文华", "干部监督处干部")


def build_people(seed):
    """Everyone but the liaisons, who are appointed when their unit receives feedback."""
    # Hashing is slow on purpose; the demo logins share one hash of the same password.
    seed.password = make_password(DEMO_PASSWORD)
    province = seed.offices["province"]
    _person(
        seed, "admin", "系统管理员", office=province, login=True, is_superuser=True, is_staff=True
    )
    # The first of the office staff is the `office` demo login.
    staff = [
        _person(
            seed,
            "office" if number == 1 else f"staff{number:02d}",
            name,
            office=province,
            position=position,
            login=number == 1,
            is_office_staff=True,
        )
        for number, (name, position) in enumerate(OFFICE_STAFF, start=1)
    ]
    # The first of the leadership group is the `leadership` demo login.
    for number, (name, position) in enumerate(LEADERSHIP, start=1):
        _person(
            seed,
            "leadership" if number == 1 else f"leadership{number:02d}",
            name,
            office=province,
            position=position,
            login=number == 1,
            is_leadership=True,
        )
    for number, inspector in enumerate(INSPECTORS, start=1):
        login = INSPECTOR_LOGINS.get(inspector.name)
        _inspector(seed, "province", login or f"inspector{number:02d}", inspector, bool(login))
    seed.casts["province"] = _provincial_cast(seed, staff[0])
    _build_municipal_people(seed)


def _provincial_cast(seed, staff):
    province = seed.offices["province"]
    bodies = {body.kind: body for body in ReceivingBody.objects.filter(office=province)}
    kinds = ReceivingBody.Kind
    name, position = DISCIPLINE_LOGIN_PROFILE
    discipline = _person(
        seed,
        "discipline",
        name,
        position=position,
        login=True,
        receiving_body=bodies[kinds.DISCIPLINE],
    )
    name, position = ORGANISATION_OFFICER
    organisation = _person(
        seed,
        "zzb-officer01",
        name,
        position=position,
        receiving_body=bodies[kinds.ORGANISATION],
    )
    return OfficeCast(
        office=province,
        staff=staff,
        categories={c.code: c for c in province.finding_categories.all()},
        tags={t.code: t for t in province.finding_tags.all()},
        bodies=bodies,
        officers={kinds.DISCIPLINE: discipline, kinds.ORGANISATION: organisation},
    )


def _build_municipal_people(seed):
    office = seed.offices["yunchuan"]
    name, position = MUNICIPAL_STAFF
    # The `city` demo login: files the city's plans and summaries with the province.
    staff = _person(
        seed, "city", name, office=office, position=position, login=True, is_office_staff=True
    )
    for number, inspector in enumerate(MUNICIPAL_INSPECTORS, start=1):
        _inspector(seed, "yunchuan", f"yc-inspector{number:02d}", inspector, login=False)
    seed.casts["yunchuan"] = OfficeCast(
        office=office,
        staff=staff,
        categories={c.code: c for c in office.finding_categories.all()},
        tags={t.code: t for t in office.finding_tags.all()},
    )


def _person(seed, username, name, *, login=False, is_superuser=False, is_staff=False, **profile):
    """A user with a profile; only the demo logins can sign in."""
    # The reserved .invalid domain: digests reach the email backend, never a real mailbox.
    user = get_user_model()(
        username=username,
        email=f"{username}@xunshi-demo.invalid",
        is_superuser=is_superuser,
        is_staff=is_staff,
    )
    if login:
        user.password = seed.password
    else:
        user.set_unusable_password()
    user.save()
    Profile.objects.create(user=user, name=name, **profile)
    seed.people[name] = user
    seed.used_names.add(name)
    return user


def _inspector(seed, office_key, username, inspector, login):
    targets = seed.targets[office_key]
    user = _person(
        seed,
        username,
        inspector.name,
        login=login,
        office=seed.offices[office_key],
        position=inspector.position,
        in_talent_pool=True,
        in_leader_pool=inspector.leader_pool,
        is_specialist=inspector.specialist,
        expertise=inspector.expertise,
        work_unit=targets.get(inspector.work_unit),
        work_unit_name=inspector.work_unit,
        home_region=seed.regions[inspector.home],
    )
    PastPost.objects.bulk_create(
        PastPost(
            profile=user.profile,
            unit=targets.get(post.unit),
            unit_name=post.unit,
            position=post.position,
            started_on=datetime.date.fromisoformat(post.started),
            ended_on=datetime.date.fromisoformat(post.ended) if post.ended else None,
        )
        for post in inspector.posts
    )
    seed.inspectors[inspector.name] = inspector
    return user


def declare_recusal(seed, office_key, user, signed_on):
    """回避申请书 signed at kick-off, naming the relatives the member declared."""
    inspector = seed.inspectors[user.profile.name]
    statement = "本人承诺如实申报，本人及配偶、直系亲属与被巡视单位不存在应当回避的情形。"
    if inspector.relatives:
        statement = "本人申报以下近亲属工作单位，如与被巡视单位有关，主动申请回避。"
    declaration = RecusalDeclaration.objects.create(
        profile=user.profile, signed_on=signed_on, statement=statement
    )
    targets = seed.targets[office_key]
    DeclaredRelative.objects.bulk_create(
        DeclaredRelative(
            declaration=declaration,
            name=relative.name,
            relation=relative.relation,
            workplace=targets.get(relative.workplace),
            workplace_name=relative.workplace,
            position=relative.position,
        )
        for relative in inspector.relatives
    )
    return declaration


def appoint_liaison(seed, target, appointed_on, login=None):
    """联络人 of a unit that has received feedback; `unit` is the demo login's unit."""
    if target.pk in seed.liaisons:
        return seed.liaisons[target.pk]
    if login:
        name, position = UNIT_LOGIN_PROFILE
        username = login
    else:
        name, position = seed.person_name(), "办公室主任"
        username = f"liaison-{target.office.code}-{target.code}".lower()
    user = _person(
        seed,
        username,
        name,
        login=bool(login),
        position=position,
        work_unit=target,
        work_unit_name=target.name,
    )
    Liaison.objects.create(target=target, user=user, appointed_on=appointed_on)
    seed.liaisons[target.pk] = user
    return user


def recusal_conflicts(seed, office, names, target):
    """Why the team must not inspect the target: work unit, past post, relative, home area."""
    reasons = []
    for name in names:
        inspector = seed.inspectors[name]
        units = {inspector.work_unit, *(p.unit for p in inspector.posts)}
        units |= {r.workplace for r in inspector.relatives}
        if target.name in units:
            reasons.append(f"{name}: {target.name}")
        home = seed.regions[inspector.home]
        area = target.region
        # Units of the office's own level (e.g. provincial departments) have no home area.
        if area and area != office.region and (_within(home, area) or _within(area, home)):
            reasons.append(f"{name}: {area.name}")
    return reasons


def _within(region, ancestor):
    while region is not None:
        if region == ancestor:
            return True
        region = region.parent
    return False
