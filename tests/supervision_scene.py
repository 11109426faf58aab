"""The offices and people the supervision tests share, and short ways to record a visit and its
findings through the services.

A province with two cities under it; the first city has two counties. Each office has one
member of staff; the province and the first city also have a leadership-group reader.
"""

import datetime
from dataclasses import dataclass, field

from organisations.models import Office
from supervision import services
from supervision.models import SupervisionFinding, SupervisionVisit
from tests import factories

Level = Office.Level
STARTS_ON = datetime.date(2024, 5, 6)
ENDS_ON = datetime.date(2024, 5, 10)
DUE_ON = datetime.date(2024, 7, 31)


@dataclass
class Scene:
    offices: dict = field(default_factory=dict)
    staff: dict = field(default_factory=dict)
    readers: dict = field(default_factory=dict)


def build_scene():
    scene = Scene()
    province = factories.OfficeFactory(level=Level.PROVINCIAL, name="江南省委巡视办")
    city = factories.OfficeFactory(level=Level.MUNICIPAL, parent=province, name="云川市委巡察办")
    scene.offices = {
        "province": province,
        "city": city,
        "other_city": factories.OfficeFactory(
            level=Level.MUNICIPAL, parent=province, name="澄湖市委巡察办"
        ),
        "county": factories.OfficeFactory(parent=city, name="青石县委巡察办"),
        "sibling_county": factories.OfficeFactory(parent=city, name="望江区委巡察办"),
    }
    scene.staff = {
        key: factories.OfficeStaffFactory(office=office).user
        for key, office in scene.offices.items()
    }
    scene.readers = {
        key: factories.ProfileFactory(office=scene.offices[key], is_leadership=True).user
        for key in ("province", "city")
    }
    return scene


def record_visit(scene, upper="province", lower="city", **overrides):
    values = {
        "upper_office": scene.offices[upper],
        "by": scene.staff[upper],
        "lower_office": scene.offices[lower],
        "kind": SupervisionVisit.Kind.SUPERVISION,
        "starts_on": STARTS_ON,
        "ends_on": ENDS_ON,
        "subject": "对第三轮巡察的指导督导",
        "summary": "听取汇报，查阅底稿，个别谈话。",
        "members": [scene.staff[upper]],
    }
    return services.visit_record(**values | overrides)


def add_finding(scene, visit, **overrides):
    upper = next(key for key, office in scene.offices.items() if office == visit.upper_office)
    values = {
        "visit": visit,
        "by": scene.staff[upper],
        "category": SupervisionFinding.Category.SHALLOW,
        "description": "发现问题不深不透，个别谈话流于形式。",
        "due_on": DUE_ON,
    }
    return services.finding_add(**values | overrides)


def report(scene, finding, text="已召开专题会议，重新制定谈话提纲。", **options):
    lower = next(
        key for key, office in scene.offices.items() if office.pk == finding.visit.lower_office_id
    )
    return services.followup_report(finding=finding, by=scene.staff[lower], text=text, **options)
