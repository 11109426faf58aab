"""The sizes of the synthetic data set (issue #9): small for tests, a province, the nation."""

from dataclasses import dataclass

from organisations.models import Office

Level = Office.Level


@dataclass(frozen=True)
class Scale:
    name: str
    # Offices per level, from the top office down; each level is dealt evenly over the one above.
    offices: tuple
    targets: int
    # Targets each office of a level owns; the county offices share what is left.
    own_targets: dict
    # Rounds in each office's current term, by level.
    rounds: dict
    # Every how many offices one has no term running today (between two terms).
    between_terms_every: int = 40
    # Each drawn from its choices: problems fed back at a fed-back assignment, measures per
    # problem in its plan, and progress reports on a measure reported on.
    findings_per_feedback: tuple = (1, 2, 2, 3)
    items_per_finding: tuple = (1,) * 7 + (2,) * 3
    reports_per_item: tuple = (1,)
    # The offices whose pages the benchmark reads: each gets a leadership group, and a liaison
    # and a team member on its first assignment with a rectification plan.
    read_offices: tuple = ("BZ",)

    @property
    def top_level(self):
        return self.offices[0][0]


SCALES = {
    scale.name: scale
    for scale in (
        Scale(
            name="small",
            offices=((Level.PROVINCIAL, 1), (Level.MUNICIPAL, 2), (Level.COUNTY, 4)),
            targets=700,
            own_targets={Level.PROVINCIAL: 200, Level.MUNICIPAL: 50},
            rounds={Level.PROVINCIAL: 6, Level.MUNICIPAL: 5, Level.COUNTY: 5},
            between_terms_every=4,
            read_offices=("BZ", "BZ-01"),
        ),
        Scale(
            name="province",
            offices=((Level.PROVINCIAL, 1), (Level.MUNICIPAL, 16), (Level.COUNTY, 120)),
            targets=20_000,
            own_targets={Level.PROVINCIAL: 2_000, Level.MUNICIPAL: 200},
            rounds={Level.PROVINCIAL: 10, Level.MUNICIPAL: 8, Level.COUNTY: 8},
            # About 200,000 problems, 400,000 measures and 1,000,000 progress reports (#9).
            findings_per_feedback=tuple(range(14, 29)),
            items_per_finding=(1, 2, 2, 3),
            reports_per_item=(1, 2, 3, 4, 5, 6),
        ),
        Scale(
            name="national",
            offices=(
                (Level.CENTRAL, 1),
                (Level.PROVINCIAL, 31),
                (Level.MUNICIPAL, 333),
                (Level.COUNTY, 2_635),
            ),
            targets=1_000_000,
            own_targets={Level.CENTRAL: 1_000, Level.PROVINCIAL: 2_000, Level.MUNICIPAL: 200},
            rounds={Level.CENTRAL: 10, Level.PROVINCIAL: 10, Level.MUNICIPAL: 8, Level.COUNTY: 8},
            # About 5,000,000 problems and 10,000,000 measures (#9).
            findings_per_feedback=tuple(range(5, 16)),
            items_per_finding=(1, 2, 2, 3, 3),
            # The top office, and a province inside the nation.
            read_offices=("BZ", "BZ-01"),
        ),
    )
}
