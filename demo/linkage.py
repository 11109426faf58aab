"""报备: the cities file their plans with the province; a few acknowledged, one returned, and one
term plan never filed (overdue-missing in the province's inbox).

Runs after build_rounds: it uses the municipal term of 云川市 and the people of the casts.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from linkage import services
from linkage.models import UpwardFiling
from organisations.models import Profile
from rounds import services as rounds
from rounds.models import Term

Kind = UpwardFiling.Kind
# A minimal valid PDF: the upload rules check the content against the declared type.
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"


def _document(name):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _chenghu_staff(seed):
    """澄湖市 has no people in the demo yet: one member of staff who cannot sign in."""
    user = get_user_model()(username="ch-staff01", email="ch-staff01@xunshi-demo.invalid")
    user.set_unusable_password()
    user.save()
    name = seed.person_name()
    Profile.objects.create(
        user=user,
        name=name,
        office=seed.offices["chenghu"],
        position="市委巡察办综合科科长",
        is_office_staff=True,
    )
    seed.people[name] = user
    return user


def _plan(seed, office, by, kind, term, *, year=None, title, targets, rounds_planned):
    return services.filing_submit(
        office=office,
        by=by,
        kind=kind,
        term=term,
        year=year,
        title=title,
        summary=seed.fill(
            "围绕全覆盖目标，统筹安排{n}个巡察组，分批次推进对市直单位、县（市、区）和国有企业的巡察。"
        ),
        figures={"targets_planned": targets, "rounds_planned": rounds_planned},
        document=_document(f"{title}.pdf"),
    )


def seed_filings(seed):
    province_staff = seed.casts["province"].staff
    yunchuan, chenghu = seed.offices["yunchuan"], seed.offices["chenghu"]
    yc_staff = seed.casts["yunchuan"].staff
    yc_term = Term.objects.filter(office=yunchuan).order_by("-starts_on").first()
    this_year = seed.today.year

    # 云川市: term plan and last year's annual plan acknowledged; this year's returned.
    term_plan = _plan(
        seed, yunchuan, yc_staff, Kind.TERM_PLAN, yc_term,
        title="中共云川市委七届巡察工作规划", targets=186, rounds_planned=10,
    )  # fmt: skip
    last_year = _plan(
        seed, yunchuan, yc_staff, Kind.ANNUAL_PLAN, yc_term, year=this_year - 1,
        title=f"云川市委{this_year - 1}年度巡察工作计划", targets=42, rounds_planned=2,
    )  # fmt: skip
    for filing in (term_plan, last_year):
        services.filing_acknowledge(filing=filing, by=province_staff, comment="已备案。")
    returned = _plan(
        seed, yunchuan, yc_staff, Kind.ANNUAL_PLAN, yc_term, year=this_year,
        title=f"云川市委{this_year}年度巡察工作计划", targets=38, rounds_planned=2,
    )  # fmt: skip
    services.filing_return(
        filing=returned,
        by=province_staff,
        comment="请补充对村（社区）巡察的安排，并明确提级巡察的对象。",
    )

    # 澄湖市: a term started some 200 days ago; its annual plans are filed and acknowledged,
    # its term plan never was: overdue and missing in the province's inbox.
    ch_staff = _chenghu_staff(seed)
    starts_on = seed.day(-200)
    ch_term = rounds.term_create(
        office=chenghu,
        name="八届市委",
        starts_on=starts_on,
        ends_on=datetime.date(starts_on.year + 5, 12, 31),
        by=ch_staff,
    )
    for year in range(starts_on.year, this_year + 1):
        filing = _plan(
            seed, chenghu, ch_staff, Kind.ANNUAL_PLAN, ch_term, year=year,
            title=f"澄湖市委{year}年度巡察工作计划", targets=30, rounds_planned=2,
        )  # fmt: skip
        services.filing_acknowledge(filing=filing, by=province_staff)
