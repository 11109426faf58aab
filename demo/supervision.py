"""指导督导: the province supervises 云川市's first round of 巡察, and 云川市 guides 青石县. Between
them their findings are open, overdue, reported and waiting, returned, and closed.

Runs after build_rounds: it uses 云川市's round and the people of the provincial and municipal
casts. 青石县 has no people in the demo yet, so one member of its staff is made here.
"""

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from organisations.models import Profile
from rounds.models import Round
from supervision import services
from supervision.models import SupervisionFinding, SupervisionVisit
from supervision.selectors import people_of

Kind = SupervisionVisit.Kind
Category = SupervisionFinding.Category
# A minimal valid PDF: the upload rules check the content against the declared type.
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"


def _pdf(name):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _qingshi_staff(seed):
    """One member of 青石县's staff who cannot sign in, to report its follow-up."""
    user = get_user_model()(username="qs-staff01", email="qs-staff01@xunshi-demo.invalid")
    user.set_unusable_password()
    user.save()
    name = seed.person_name()
    Profile.objects.create(
        user=user,
        name=name,
        office=seed.offices["qingshi"],
        position="县委巡察办综合室主任",
        is_office_staff=True,
    )
    seed.people[name] = user
    return user


def _finding(visit, by, category, due_in, description, requirement, seed):
    return services.finding_add(
        visit=visit,
        by=by,
        category=category,
        description=description,
        requirement=requirement,
        due_on=seed.day(due_in),
    )


def seed_supervision(seed):
    province, yunchuan = seed.offices["province"], seed.offices["yunchuan"]
    province_staff = seed.casts["province"].staff
    yc_staff = seed.casts["yunchuan"].staff
    qs_staff = _qingshi_staff(seed)

    # The province's supervision of 云川市's first round, in its rectification stage.
    went = list(people_of(province.pk).filter(profile__is_office_staff=True)[:2])
    supervision = services.visit_record(
        upper_office=province,
        by=province_staff,
        lower_office=yunchuan,
        kind=Kind.SUPERVISION,
        starts_on=seed.day(-130),
        ends_on=seed.day(-121),
        subject="省委巡视办对云川市委第一轮巡察的指导督导",
        summary=(
            "听取市委巡察办工作汇报，随机调阅3个巡察组的问题底稿，个别谈话12人次，"
            "实地走访2个被巡察单位，了解反馈问题整改推进情况。"
        ),
        members=went,
        round_=Round.objects.filter(office=yunchuan).order_by("planned_start").first(),
        document=_pdf("指导督导情况反馈.pdf"),
    )
    _finding(
        supervision, province_staff, Category.COVERAGE, -60,
        "届内巡察全覆盖进度滞后，村（社区）巡察尚未排入年度计划。",
        "制定剩余单位巡察计划，明确轮次安排。", seed,
    )  # fmt: skip
    closed = _finding(
        supervision, province_staff, Category.RECTIFICATION, -30,
        "对被巡察单位整改情况督促不够，部分问题整改台账未及时更新。",
        "建立整改台账动态更新机制。", seed,
    )  # fmt: skip
    waiting = _finding(
        supervision, province_staff, Category.SHALLOW, 30,
        "个别巡察组发现问题不深不透，问题底稿证据材料不够扎实。",
        "", seed,
    )  # fmt: skip
    returned = _finding(
        supervision, province_staff, Category.LEADS, 45,
        "问题线索移交不够及时，移交后跟踪办理情况不到位。",
        "梳理已移交线索办理情况。", seed,
    )  # fmt: skip
    services.followup_report(
        finding=closed,
        by=yc_staff,
        text="已建立整改台账月度更新制度，12家被巡察单位台账均已更新。",
        attachment=_pdf("整改台账更新情况.pdf"),
    )
    services.finding_close(finding=closed, by=province_staff, comment="整改到位，同意销号。")
    services.followup_report(
        finding=waiting,
        by=yc_staff,
        text="已组织巡察组长专题培训，对问题底稿开展交叉审核。",
    )
    services.followup_report(finding=returned, by=yc_staff, text="已与市纪委监委对接线索办理情况。")
    services.finding_return(
        finding=returned,
        by=province_staff,
        comment="请逐条列明线索的办理结果，并附移交清单。",
    )

    # 云川市's guidance of 青石县.
    guidance = services.visit_record(
        upper_office=yunchuan,
        by=yc_staff,
        lower_office=seed.offices["qingshi"],
        kind=Kind.GUIDANCE,
        starts_on=seed.day(-45),
        ends_on=seed.day(-43),
        subject="云川市委巡察办对青石县委巡察工作的指导",
        summary="听取县委巡察办汇报，查阅巡察组组建和人员选配材料，指导制定下一轮巡察工作方案。",
        members=[yc_staff],
    )
    _finding(
        guidance, yc_staff, Category.TEAM, -5,
        "巡察组人员选配不够规范，组长库人员不足。",
        "充实组长库，规范人员抽调程序。", seed,
    )  # fmt: skip
    done = _finding(
        guidance, yc_staff, Category.STANDARDS, 25,
        "巡察工作底稿编制不规范，缺少复核签字。",
        "", seed,
    )  # fmt: skip
    _finding(
        guidance, yc_staff, Category.POLITICAL_FOCUS, 40,
        "巡察监督重点不够聚焦，对落实上级重大决策部署情况关注不够。",
        "", seed,
    )  # fmt: skip
    services.followup_report(finding=done, by=qs_staff, text="已修订底稿模板，补齐复核签字。")
    services.finding_close(finding=done, by=yc_staff)
