"""What the builders share while the demo is being seeded."""

import datetime
import random
from dataclasses import dataclass, field

from django.utils import timezone

from demo.names import GIVEN, SURNAMES

SEED = 20260101
PROVINCIAL_CODE = "JN"
DEMO_PASSWORD = "xunshi-demo"
DEMO_LOGINS = (
    "admin",
    "office",
    "leadership",
    "leader",
    "member",
    "unit",
    "discipline",
    "city",
)


@dataclass
class OfficeCast:
    """The people and reference data one office acts with."""

    office: object
    staff: object  # the user who takes the office's decisions
    categories: dict = field(default_factory=dict)  # code → FindingCategory
    tags: dict = field(default_factory=dict)  # code → FindingTag
    bodies: dict = field(default_factory=dict)  # kind → ReceivingBody
    officers: dict = field(default_factory=dict)  # kind → user of that body


@dataclass
class Seed:
    """The seeded objects by their demo names, and the one random source that makes the
    demo the same on every database."""

    rng: random.Random
    today: datetime.date
    regions: dict = field(default_factory=dict)  # name → Region
    offices: dict = field(default_factory=dict)  # key → Office
    targets: dict = field(default_factory=dict)  # office key → {name → Target}
    casts: dict = field(default_factory=dict)  # office key → OfficeCast
    people: dict = field(default_factory=dict)  # Chinese name → User
    inspectors: dict = field(default_factory=dict)  # Chinese name → people_data.Inspector
    liaisons: dict = field(default_factory=dict)  # target pk → User
    password: str = ""  # the demo logins' shared password hash
    rotations: dict = field(default_factory=dict)  # name → position in a fixed sequence
    used_names: set = field(default_factory=set)

    @classmethod
    def start(cls):
        return cls(rng=random.Random(SEED), today=timezone.localdate())

    def day(self, offset):
        """A date `offset` days from today."""
        return self.today + datetime.timedelta(days=offset)

    def at(self, day, hour=10):
        """An aware moment on `day`, for the dates the services take as datetimes."""
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))

    def person_name(self):
        """A fresh Chinese name that no one else in the demo has."""
        while True:
            given = "".join(self.rng.choice(GIVEN) for _ in range(self.rng.choice((1, 2))))
            name = self.rng.choice(SURNAMES) + given
            if name not in self.used_names:
                self.used_names.add(name)
                return name

    def turn(self, name, sequence):
        """The next value of a named fixed sequence, so that every value is seen in turn."""
        position = self.rotations.get(name, 0)
        self.rotations[name] = position + 1
        return sequence[position % len(sequence)]

    def fill(self, text, unit="", **extra):
        """Put plausible figures into a text template."""
        return text.format(
            **extra,
            unit=unit,
            year=self.today.year - self.rng.choice((1, 2)),
            n=self.rng.randint(3, 12),
            m=self.rng.randint(1, 3),
            amount=self.rng.choice((12.6, 35.8, 48.2, 86.5, 126.4, 230.7, 512.3)),
            pct=self.rng.choice((40, 60, 70, 85)),
        )
