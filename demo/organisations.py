"""Regions, offices, targets and each office's reference data."""

from demo.context import PROVINCIAL_CODE
from demo.names import (
    CITIES,
    COMMUNITIES,
    DEPARTMENTS,
    ENTERPRISES,
    INSTITUTIONS,
    LOWER_TARGETS,
    OTHER_UNITS,
    PROVINCE,
    UNIVERSITIES,
    VILLAGES,
)
from demo.texts import CATEGORIES, TAGS
from organisations.models import Office, ReceivingBody, Region, Target
from organisations.services import target_create
from rectification.models import RectificationPolicy
from rounds.models import FindingCategory, FindingTag

Category = Target.Category
Level = Office.Level
CODE_PREFIX = {
    Category.PARTY_COMMITTEE: "DW",
    Category.DEPARTMENT: "BM",
    Category.STATE_ENTERPRISE: "QY",
    Category.UNIVERSITY: "GX",
    Category.PUBLIC_INSTITUTION: "SY",
    Category.TOWNSHIP: "XZ",
    Category.STREET: "JD",
    Category.VILLAGE: "CN",
    Category.COMMUNITY: "SQ",
    Category.OTHER: "QT",
}
# key, code, name, level, parent key, region name
OFFICES = [
    ("central", "ZY", "中央巡视工作领导小组办公室", Level.CENTRAL, None, None),
    ("province", PROVINCIAL_CODE, "中共江南省委巡视工作领导小组办公室", Level.PROVINCIAL,
     "central", "江南省"),
    ("yunchuan", "JN-YC", "中共云川市委巡察工作领导小组办公室", Level.MUNICIPAL, "province",
     "云川市"),
    ("chenghu", "JN-CH", "中共澄湖市委巡察工作领导小组办公室", Level.MUNICIPAL, "province",
     "澄湖市"),
    ("qingshi", "JN-YC-QS", "中共青石县委巡察工作领导小组办公室", Level.COUNTY, "yunchuan",
     "青石县"),
    ("wangjiang", "JN-YC-WJ", "中共望江区委巡察工作领导小组办公室", Level.COUNTY, "yunchuan",
     "望江区"),
    ("taoyuan", "JN-CH-TY", "中共桃源县委巡察工作领导小组办公室", Level.COUNTY, "chenghu",
     "桃源县"),
]  # fmt: skip


def build_geography(seed):
    """Province → cities → counties and districts → townships and streets."""
    province = _region(seed, PROVINCE[0], PROVINCE[1], None)
    for city in CITIES:
        city_region = _region(seed, city["name"], city["code"], province)
        for county, code, subunits in city["counties"] + city["districts"]:
            county_region = _region(seed, county, code, city_region)
            for number, name in enumerate(subunits, start=1):
                _region(seed, name, f"{code}{number:03d}", county_region)


def _region(seed, name, code, parent):
    region = Region.objects.create(name=name, code=code, parent=parent)
    seed.regions[name] = region
    return region


def build_offices(seed):
    for key, code, name, level, parent, region in OFFICES:
        defaults = {
            "name": name,
            "level": level,
            "parent": seed.offices.get(parent),
            "region": seed.regions.get(region),
        }
        if level == Level.CENTRAL:
            # The national office may already be there from real use; share it.
            office, _ = Office.objects.get_or_create(code=code, defaults=defaults)
        else:
            office = Office.objects.create(code=code, **defaults)
        seed.offices[key] = office


class _Registry:
    """Creates one office's targets through the service, numbering codes per category."""

    def __init__(self, seed, key):
        self.office = seed.offices[key]
        self.targets = seed.targets.setdefault(key, {})
        self.counters = {}

    def add(self, category, name, region=None, parent=None):
        number = self.counters[category] = self.counters.get(category, 0) + 1
        target = target_create(
            office=self.office,
            code=f"{CODE_PREFIX[category]}{number:03d}",
            name=name,
            category=category,
            region=region,
            parent=parent,
        )
        self.targets[name] = target
        return target


def build_targets(seed):
    provincial = _Registry(seed, "province")
    _build_local_targets(seed, provincial)
    _build_provincial_units(seed, provincial)
    for key, rows in LOWER_TARGETS.items():
        registry = _Registry(seed, key)
        for category, name, parent in rows:
            registry.add(
                category,
                name,
                region=registry.office.region,
                parent=registry.targets.get(parent),
            )


def _build_local_targets(seed, registry):
    """City and county committees with their townships, villages, streets and communities."""
    regions = seed.regions
    townships = _shares(VILLAGES, sum(len(t) for c in CITIES for _, _, t in c["counties"]))
    streets = _shares(COMMUNITIES, sum(len(s) for c in CITIES for _, _, s in c["districts"]))
    for city in CITIES:
        committee = registry.add(
            Category.PARTY_COMMITTEE, f"中共{city['name']}委", region=regions[city["name"]]
        )
        for county, _, units in city["counties"]:
            county_committee = registry.add(
                Category.PARTY_COMMITTEE, f"中共{county}委", regions[county], committee
            )
            for township in units:
                region = regions[township]
                parent = registry.add(
                    Category.TOWNSHIP, f"{county}{township}党委", region, county_committee
                )
                for village in next(townships):
                    registry.add(Category.VILLAGE, f"{township}{village}党总支", region, parent)
        for district, _, units in city["districts"]:
            district_committee = registry.add(
                Category.PARTY_COMMITTEE, f"中共{district}委", regions[district], committee
            )
            for street in units:
                region = regions[street]
                parent = registry.add(
                    Category.STREET, f"{district}{street}党工委", region, district_committee
                )
                for community in next(streets):
                    registry.add(Category.COMMUNITY, f"{street}{community}党委", region, parent)


def _shares(names, units):
    """Deal the names out in order: three each to the first units, two to the rest."""
    extra = len(names) - 2 * units
    start = 0
    for index in range(units):
        size = 3 if index < extra else 2
        yield names[start : start + size]
        start += size


def _build_provincial_units(seed, registry):
    province = seed.regions[PROVINCE[0]]
    for category, names in (
        (Category.DEPARTMENT, DEPARTMENTS),
        (Category.STATE_ENTERPRISE, ENTERPRISES),
        (Category.UNIVERSITY, UNIVERSITIES),
        (Category.PUBLIC_INSTITUTION, INSTITUTIONS),
        (Category.OTHER, OTHER_UNITS),
    ):
        for name in names:
            registry.add(category, name, region=province)


def build_reference_data(seed):
    """Receiving bodies, the finding taxonomy and the rectification clocks."""
    province = seed.offices["province"]
    ReceivingBody.objects.create(
        office=province, name="省纪委监委", kind=ReceivingBody.Kind.DISCIPLINE
    )
    ReceivingBody.objects.create(
        office=province, name="省委组织部", kind=ReceivingBody.Kind.ORGANISATION
    )
    for key in ("province", "yunchuan"):
        _build_taxonomy(seed.offices[key])
    RectificationPolicy.objects.create(office=province)
    # The city office shows that the clocks are configurable.
    RectificationPolicy.objects.create(
        office=seed.offices["yunchuan"], move_weekend_deadlines=True, long_term_report_months=6
    )


def _build_taxonomy(office):
    FindingCategory.objects.bulk_create(
        FindingCategory(office=office, code=code, name=name, position=position)
        for position, (code, name) in enumerate(CATEGORIES, start=1)
    )
    FindingTag.objects.bulk_create(
        FindingTag(office=office, code=code, name=name) for code, name in TAGS
    )
