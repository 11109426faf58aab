"""The story the demo tells: three rounds of the provincial office and one of a city office.

Days are counted from the day the seed runs, so that deadlines stay partly overdue and
partly upcoming whenever it is run. The rosters keep clear of each member's work unit,
past posts, relatives' workplaces and home area (the builder checks this).
"""

from dataclasses import dataclass

from rounds.models import Assignment, Round

Phase = Assignment.Phase


@dataclass(frozen=True)
class Visit:
    """One assignment and how far its story has gone."""

    target: str
    phase: str
    findings: int = 4
    leads: int = 0
    plan: str | None = None  # the status the rectification plan reaches, if any
    quality: str = "good"  # how the unit rectifies: good, mixed or weak
    liaison: str | None = None  # demo login of the liaison; otherwise one is invented
    feedback: int | None = None  # day of feedback when it differs from the round's
    on_site: tuple[int, int] | None = None  # when it differs from the round's


@dataclass(frozen=True)
class TeamPlan:
    name: str
    leader: str
    deputy: str
    members: tuple[str, ...]
    visits: tuple[Visit, ...]


@dataclass(frozen=True)
class RoundPlan:
    ordinal: int
    kind: str
    theme: str
    start: int
    end: int
    on_site: tuple[int, int]
    teams: tuple[TeamPlan, ...]
    feedback: int | None = None  # the usual feedback day of its assignments
    complete: bool = False
    rural: bool = False


PROVINCIAL_ROUNDS = (
    RoundPlan(
        ordinal=1,
        kind=Round.Kind.REGULAR,
        theme="",
        start=-400,
        end=-310,
        on_site=(-395, -315),
        feedback=-290,
        complete=True,
        teams=(
            TeamPlan(
                "第一巡视组", "刘志刚", "杨文博", ("张丽娜", "吴佳", "宋佳怡"),
                (
                    Visit("省交通运输厅", Phase.RECTIFICATION, 6, 2, "accepted", "mixed", "unit"),
                    Visit("江南省交通投资集团有限公司", Phase.CLOSED, 4, 1, "accepted"),
                    Visit("省住房城乡建设厅", Phase.EVALUATION, 5, 1, "accepted"),
                ),
            ),
            TeamPlan(
                "第二巡视组", "陈建华", "王海燕", ("周晓峰", "孙颖"),
                (
                    Visit("中共云川市委", Phase.RECTIFICATION, 5, 2, "accepted"),
                    Visit("省卫生健康委", Phase.EVALUATION, 4, 1, "accepted"),
                    Visit("江南师范大学", Phase.CLOSED, 3, 0, "accepted"),
                ),
            ),
            TeamPlan(
                "第三巡视组", "李国强", "黄志明", ("朱红梅", "胡斌"),
                (
                    Visit("中共澄湖市委", Phase.RECTIFICATION, 6, 2, "accepted", "weak"),
                    Visit("省教育厅", Phase.RECTIFICATION, 4, 0, "accepted"),
                    Visit("江南能源集团有限公司", Phase.EVALUATION, 4, 1, "accepted"),
                ),
            ),
            TeamPlan(
                "第四巡视组", "郭立平", "罗晓丽", ("林静", "高明"),
                (
                    Visit("省市场监管局", Phase.RECTIFICATION, 4, 0, "accepted", "weak"),
                    Visit("江南理工大学", Phase.CLOSED, 3, 0, "accepted"),
                    Visit("中共枫林市委", Phase.RECTIFICATION, 5, 1, "accepted", "weak"),
                ),
            ),
        ),
    ),
    RoundPlan(
        ordinal=2,
        kind=Round.Kind.SPECIAL,
        theme="乡村振兴领域不正之风和腐败问题",
        start=-130,
        end=20,
        on_site=(-128, -80),
        feedback=-55,
        rural=True,
        teams=(
            TeamPlan(
                "第一巡视组", "刘志刚", "马俊", ("张丽娜", "何晓东", "宋佳怡"),
                (
                    Visit("省乡村振兴局", Phase.REPORTING, 6, 1),
                    Visit("中共屏山县委", Phase.FEEDBACK, 4, 1, "draft", feedback=-12),
                    Visit("屏山县古渡镇党委", Phase.ON_SITE, 4, on_site=(-30, 20)),
                ),
            ),
            TeamPlan(
                "第二巡视组", "梁振宇", "王海燕", ("周晓峰", "徐海波"),
                (
                    Visit("省农业农村厅", Phase.RECTIFICATION, 5, 1, "submitted"),
                    Visit("中共柳河县委", Phase.RECTIFICATION, 4, 1, "returned", feedback=-50),
                    Visit("江南省农业发展集团有限公司", Phase.FEEDBACK, 3, 2, feedback=-8),
                ),
            ),
            TeamPlan(
                "第三巡视组", "赵敏", "杨文博", ("胡斌", "朱红梅"),
                (
                    Visit("省水利厅", Phase.RECTIFICATION, 5, 0, "accepted", "mixed", feedback=-60),
                    Visit("中共鹤山县委", Phase.REPORTING, 5, 1),
                    Visit("鹤山县鹤岭镇党委", Phase.ON_SITE, 3, on_site=(-25, 20)),
                ),
            ),
        ),
    ),
    RoundPlan(
        ordinal=3,
        kind=Round.Kind.LOOK_BACK,
        theme="巡视整改落实情况“回头看”",
        start=25,
        end=85,
        on_site=(25, 55),
        teams=(
            TeamPlan(
                "第一巡视组", "陈建华", "罗晓丽", ("林静", "何晓东"),
                (Visit("中共澄湖市委", Phase.PREPARATION), Visit("省教育厅", Phase.PREPARATION)),
            ),
            TeamPlan(
                "第二巡视组", "黄志明", "王海燕", ("孙颖", "吴佳"),
                (
                    Visit("中共枫林市委", Phase.PREPARATION),
                    Visit("省市场监管局", Phase.PREPARATION),
                ),
            ),
        ),
    ),
)  # fmt: skip

MUNICIPAL_ROUND = RoundPlan(
    ordinal=1,
    kind=Round.Kind.REGULAR,
    theme="",
    start=-220,
    end=-160,
    on_site=(-215, -165),
    feedback=-140,
    teams=(
        TeamPlan(
            "第一巡察组", "钟伟", "谢芳", ("韩磊", "唐晓"),
            (
                Visit("云川市教育局", Phase.RECTIFICATION, 3, 0, "accepted"),
                Visit("云川市城市投资发展集团有限公司", Phase.RECTIFICATION, 3, 0, "submitted"),
                Visit("云川市人民医院", Phase.FEEDBACK, 3, feedback=-20),
            ),
        ),
    ),
)  # fmt: skip
