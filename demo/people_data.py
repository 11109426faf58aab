"""The people of the demo: office staff, the leadership group and the talent pool.

Work units, past posts and relatives name real demo targets where they can, so that the
recusal checks have something to find; the rosters in `scenario.py` keep clear of them.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Post:
    unit: str  # a target name when the unit is a target, otherwise free text
    position: str
    started: str
    ended: str | None = None


@dataclass(frozen=True)
class Relative:
    name: str
    relation: str
    workplace: str
    position: str


@dataclass(frozen=True)
class Inspector:
    name: str
    position: str
    work_unit: str
    expertise: str
    home: str  # a county or district
    leader_pool: bool = False
    specialist: bool = False
    posts: tuple[Post, ...] = ()
    relatives: tuple[Relative, ...] = field(default_factory=tuple)


# (name, position); the first is the `office` demo login.
OFFICE_STAFF = [
    ("周文静", "综合室副主任"),
    ("王建国", "省委巡视办主任"),
    ("李晓梅", "省委巡视办副主任"),
    ("陈立新", "督查室主任"),
]
LEADERSHIP = [
    ("赵启明", "省委副书记、省委巡视工作领导小组组长"),
    ("钱振华", "省纪委书记、省监委主任，领导小组副组长"),
    ("孙卫东", "省委组织部部长，领导小组副组长"),
]

LEADER_LOGIN = "刘志刚"
MEMBER_LOGIN = "张丽娜"

INSPECTORS = [
    Inspector(
        "刘志刚", "一级巡视员", "省审计厅", "财务审计、国有资产监管", "鹤山县",
        leader_pool=True,
        posts=(
            Post("枫林市审计局", "局长", "2012-03-01", "2016-05-31"),
            Post("省财政厅", "预算处处长", "2016-06-01", "2019-12-31"),
        ),
        relatives=(Relative("刘晓雨", "child", "省人力资源社会保障厅", "科员"),),
    ),
    Inspector(
        "张丽娜", "预算处副处长", "省财政厅", "财政预算、政府采购", "柳河县",
        posts=(Post("澄湖市财政局", "科长", "2010-07-01", "2017-02-28"),),
        relatives=(Relative("何俊", "spouse", "江南港口集团有限公司", "工程师"),),
    ),
    Inspector(
        "陈建华", "第三监督检查室主任", "省纪委监委", "纪检监察、审查调查", "屏山县",
        leader_pool=True,
    ),
    Inspector(
        "王海燕", "干部一处副处长", "省委组织部", "干部人事、组织建设", "桃源县",
        posts=(Post("省委组织部", "干部一处副处长", "2018-04-01"),),
    ),
    Inspector(
        "李国强", "巡视专员", "省委巡视办", "地方党委工作", "青峰县",
        leader_pool=True,
        posts=(Post("中共枫林市委", "副书记", "2015-09-01", "2021-08-31"),),
    ),
    Inspector(
        "杨文博", "经济责任审计处处长", "省审计厅", "经济责任审计", "湖滨区",
        specialist=True,
        posts=(Post("江南能源集团有限公司", "财务部副部长", "2008-03-01", "2013-06-30"),),
    ),
    Inspector("赵敏", "巡视专员", "省委巡视办", "巡视业务、综合协调", "望江区", leader_pool=True),
    Inspector(
        "黄志明", "监督处处长", "省国资委", "国有企业监管", "白云县",
        leader_pool=True,
        relatives=(Relative("黄思远", "sibling", "江南水务集团有限公司", "副总经理"),),
    ),
    Inspector("周晓峰", "法规处副处长", "省自然资源厅", "土地资源、工程建设", "城东区"),
    Inspector("吴佳", "综合室主任科员", "省委巡视办", "文字综合", "南溪县"),
    Inspector("徐海波", "督查督办处处长", "省信访局", "信访、群众工作", "鹭江区"),
    Inspector(
        "孙颖", "人事处副处长", "省教育厅", "教育、高校党建", "溪口区",
        relatives=(Relative("钱磊", "spouse", "江南医科大学", "副教授"),),
    ),
    Inspector(
        "马俊", "计划财务处处长", "省农业农村厅", "农业农村、乡村振兴", "青石县",
        specialist=True,
    ),
    Inspector("朱红梅", "财务处副处长", "省卫生健康委", "医疗卫生、医保基金", "枫溪县"),
    Inspector(
        "胡斌", "建筑市场监管处副处长", "省住房城乡建设厅", "工程建设项目", "岚湖区",
        specialist=True,
    ),
    Inspector(
        "郭立平", "南屏市人大常委会原副主任", "南屏市人大常委会", "地方党委工作、人大工作",
        "南溪县", leader_pool=True,
    ),
    Inspector("林静", "干部处副处长", "省委宣传部", "意识形态、宣传思想", "鹭江区"),
    Inspector(
        "何晓东", "数据治理部部长", "省大数据中心", "信息化、大数据分析", "城东区",
        specialist=True,
    ),
    Inspector("高明", "法制审核处处长", "省司法厅", "法律", "青峰县"),
    Inspector(
        "罗晓丽", "干部监督处处长", "省委组织部", "干部监督、个人有关事项", "白云县",
        relatives=(Relative("罗晓军", "sibling", "江南机电集团有限公司", "部门经理"),),
    ),
    Inspector(
        "梁振宇", "驻省发展改革委纪检监察组组长", "省纪委监委", "纪检监察", "岚湖区",
        leader_pool=True,
    ),
    Inspector("宋佳怡", "财政审计处主任科员", "省审计厅", "审计", "望江区"),
]  # fmt: skip

# The 云川 municipal office runs its own small round, so it needs its own people.
MUNICIPAL_STAFF = ("冯丽", "市委巡察办副主任")
MUNICIPAL_INSPECTORS = [
    Inspector("钟伟", "市委巡察组组长", "云川市委巡察办", "巡察业务", "文昌街道", leader_pool=True),
    Inspector("谢芳", "市审计局副局长", "云川市审计局", "财务审计", "白沙镇"),
    Inspector("韩磊", "市纪委监委干部", "云川市纪委监委", "纪检监察", "江滨街道"),
    Inspector("唐晓", "市委组织部干部", "云川市委组织部", "干部人事", "石桥乡"),
]  # fmt: skip
