"""Wording of the demo's working papers, leads, suggestions, measures and reports.

Placeholders: {unit} the target, {year} a recent year, {n} {m} small counts, {amount} 万元.
"""

from dataclasses import dataclass

FORMALISM = "formalism"
PUBLIC_HARM = "public_harm"
KEY_MINORITY = "key_minority"

# The "six areas plus one" (code, name) and the cross-cutting tags (code, name).
CATEGORIES = [
    ("political", "政治建设"),
    ("ideological", "思想建设"),
    ("organisational", "组织建设"),
    ("conduct", "作风建设"),
    ("discipline", "纪律建设"),
    ("anti_corruption", "党风廉政建设和反腐败工作"),
    ("previous_round", "上轮巡视整改"),
]
TAGS = [
    (FORMALISM, "形式主义官僚主义"),
    (PUBLIC_HARM, "损害群众利益"),
    (KEY_MINORITY, "关键少数"),
]


@dataclass(frozen=True)
class Problem:
    category: str
    title: str
    summary: str
    rule: str
    source: str = "document"
    severity: str = "general"
    tags: tuple[str, ...] = ()


GENERAL = [
    Problem("political", "贯彻落实党中央和省委重大决策部署不够有力",
            "{unit}对省委关于推动高质量发展的部署研究不深、落实不实，{year}年度{n}项重点任务中"
            "有{m}项进度滞后，存在以文件落实文件现象。",
            "《中国共产党党组工作条例》第十五条", tags=(FORMALISM,)),
    Problem("political", "重大事项请示报告制度执行不严格",
            "{year}年以来，{unit}有{m}项重大事项未按规定向省委请示报告即组织实施。",
            "《中国共产党重大事项请示报告条例》第十条、第十一条", severity="serious"),
    Problem("political", "执行民主集中制不到位，“三重一大”事项集体决策流于形式",
            "{n}项“三重一大”事项未经集体研究，由主要负责人个人决定，涉及金额{amount}万元。",
            "《关于进一步推进国有企业贯彻落实“三重一大”决策制度的意见》",
            source="talk", severity="serious", tags=(KEY_MINORITY,)),
    Problem("ideological", "理论学习中心组学习流于形式",
            "{year}年理论学习中心组集体学习{n}次，其中{m}次以传达文件代替研讨，"
            "个别班子成员研讨发言照抄网上材料。",
            "《中国共产党党委（党组）理论学习中心组学习规则》第十二条",
            tags=(FORMALISM, KEY_MINORITY)),
    Problem("ideological", "意识形态工作责任制落实不到位",
            "党委（党组）{year}年仅专题研究意识形态工作1次，未按规定开展风险研判；"
            "所属网站、公众号审核把关不严，{n}篇信息未经审核即发布。",
            "《党委（党组）意识形态工作责任制实施办法》"),
    Problem("ideological", "“第一议题”制度落实不严格",
            "{year}年以来有{n}次党委（党组）会议未将学习贯彻习近平新时代中国特色社会主义思想"
            "作为第一议题，学习后结合实际研究部署不够。",
            "省委关于落实“第一议题”制度的实施办法", tags=(FORMALISM,)),
    Problem("organisational", "选人用人工作不规范",
            "{year}年以来提拔使用的{n}名干部中，{m}人存在动议程序不规范、考察谈话范围"
            "不符合规定等问题。",
            "《党政领导干部选拔任用工作条例》第十二条、第二十五条", severity="serious"),
    Problem("organisational", "基层党组织建设薄弱",
            "所属{n}个基层党支部未按期换届，{m}个支部“三会一课”记录不全，"
            "组织生活会批评与自我批评辣味不足。",
            "《中国共产党支部工作条例（试行）》第十八条、第十九条", source="survey"),
    Problem("organisational", "干部个人有关事项报告填报不实",
            "抽查{n}名干部个人有关事项报告，{m}人存在漏报房产、投资等情况，未按规定处理。",
            "《领导干部报告个人有关事项规定》第十七条", tags=(KEY_MINORITY,)),
    Problem("conduct", "违规发放津贴补贴",
            "{year}年以“加班补助”“工作奖励”等名义违规发放津贴补贴{amount}万元，涉及{n}人。",
            "《中共中央八项规定实施细则》；《关于规范津贴补贴的通知》", severity="serious"),
    Problem("conduct", "公务接待管理不规范",
            "{n}批次公务接待无公函、超标准，接待清单与实际不符，涉及金额{amount}万元。",
            "《党政机关国内公务接待管理规定》第九条"),
    Problem("conduct", "文山会海问题依然突出",
            "{year}年印发文件{n}份，比上年增加{m}%；督查检查考核事项过多过频，"
            "基层反映“迎检负担重”。",
            "《关于解决形式主义突出问题为基层减负的通知》", source="survey",
            tags=(FORMALISM,)),
    Problem("conduct", "服务群众“最后一公里”不畅通",
            "群众反映强烈的{n}件民生诉求办理超期，个别事项“推绕拖”，群众满意度不高。",
            "《信访工作条例》第三十二条", source="petition", tags=(PUBLIC_HARM, FORMALISM)),
    Problem("discipline", "违规兼职取酬",
            "{n}名领导干部未经批准在所属企业、社会组织兼职，其中{m}人领取兼职报酬"
            "{amount}万元。",
            "《中国共产党纪律处分条例》第一百零二条", severity="serious",
            tags=(KEY_MINORITY,)),
    Problem("discipline", "政府采购管理不规范",
            "{n}个采购项目化整为零规避公开招标，涉及金额{amount}万元；个别项目“先实施后采购”。",
            "《中华人民共和国政府采购法》第二十八条"),
    Problem("discipline", "工程建设项目招投标违规",
            "{n}个工程项目存在围标串标、未批先建等问题，涉及金额{amount}万元。",
            "《中华人民共和国招标投标法》第三十二条", source="petition", severity="grave"),
    Problem("anti_corruption", "落实全面从严治党“两个责任”不到位",
            "主体责任和监督责任衔接不紧，{year}年仅开展廉政谈话{n}人次，"
            "对苗头性、倾向性问题抓早抓小不够。",
            "《党委（党组）落实全面从严治党主体责任规定》第九条", tags=(KEY_MINORITY,)),
    Problem("anti_corruption", "重点领域廉洁风险突出",
            "项目审批、资金分配、行政执法等环节权力集中，{n}个关键岗位人员长期未轮岗交流，"
            "廉洁风险防控制度执行不到位。",
            "《中国共产党廉洁自律准则》", source="talk"),
    Problem("anti_corruption", "领导干部亲属违规经商办企业",
            "个别领导干部亲属在其管辖范围内经营企业并承接业务{n}项，合同金额{amount}万元。",
            "《中国共产党纪律处分条例》第一百零三条", source="petition", severity="grave",
            tags=(KEY_MINORITY,)),
    Problem("previous_round", "上轮巡视反馈问题整改不到位",
            "上轮巡视反馈的{n}个问题中，仍有{m}个未完成整改，个别问题存在敷衍整改情况。",
            "《中国共产党巡视工作条例》第三十二条", tags=(FORMALISM,)),
    Problem("previous_round", "整改长效机制建设滞后",
            "上轮巡视后承诺建立的{n}项制度中，{m}项尚未出台，已出台的部分制度缺乏配套措施。",
            "《中国共产党巡视工作条例》第三十二条"),
]  # fmt: skip

# The special round on 乡村振兴 looks at these first.
RURAL = [
    Problem("political", "衔接资金项目监管不力",
            "{n}个巩固拓展脱贫攻坚成果衔接资金项目建成后闲置或低效运行，涉及资金{amount}万元。",
            "《中央财政衔接推进乡村振兴补助资金管理办法》第二十一条", source="visit",
            severity="serious", tags=(PUBLIC_HARM, FORMALISM)),
    Problem("political", "防止返贫动态监测帮扶机制落实不到位",
            "入户核查发现{n}户监测对象未及时纳入监测范围，帮扶措施针对性不强。",
            "《关于健全防止返贫动态监测和帮扶机制的指导意见》", source="visit",
            tags=(PUBLIC_HARM,)),
    Problem("discipline", "村级集体“三资”管理混乱",
            "{n}个村集体资产发包未公开竞价，村级账务不清，涉及资金{amount}万元。",
            "《农村集体经济组织财务制度》第十五条", source="visit", severity="serious"),
    Problem("discipline", "高标准农田建设质量不高",
            "{n}个高标准农田项目存在设计变更随意、工程质量不达标问题，涉及面积{m}千亩。",
            "《高标准农田建设质量管理办法（试行）》", source="survey"),
    Problem("conduct", "农村人居环境整治搞“形象工程”",
            "部分乡镇在村庄整治中搞“刷白墙”“造盆景”，投入{amount}万元建设的{n}处景观设施"
            "群众不认可。",
            "《关于解决形式主义突出问题为基层减负的通知》", source="visit",
            tags=(FORMALISM, PUBLIC_HARM)),
    Problem("anti_corruption", "惠民惠农资金管理使用不规范",
            "{n}户不符合条件人员违规享受补贴，涉及资金{amount}万元；部分资金滞留未及时拨付。",
            "《财政惠民惠农补贴资金“一卡通”管理办法》", source="petition",
            severity="serious", tags=(PUBLIC_HARM,)),
]  # fmt: skip

STATEMENTS = [
    "个别谈话中{n}名干部反映该问题，相关会议记录、财务凭证予以印证。",
    "经调阅{year}年相关档案资料{n}卷，并与{m}名当事人核实，情况属实。",
    "群众来信{n}件反映此问题，巡视组下沉核实，与反映情况基本一致。",
]

# (position, summary, receiving body kind)
LEADS = [
    ("党组成员、副厅长", "反映其利用职务便利在工程项目承揽中为他人谋取利益，收受财物。",
     "discipline"),
    ("财务处处长", "反映其违规收受管理服务对象礼金、购物卡，并多次接受宴请。", "discipline"),
    ("下属公司总经理", "反映其配偶违规参与所管辖领域经营活动，从中获利。", "discipline"),
    ("人事处处长", "反映其在干部选拔任用中违规打招呼，篡改干部档案信息。", "organisation"),
    ("原党委副书记", "反映其在土地出让中违规干预，造成国有资产损失。", "discipline"),
    ("镇党委书记", "反映其长期不在岗，履职不力，群众意见较大。", "organisation"),
]  # fmt: skip

OUTCOME_NOTES = {
    "case_opened": "经初步核实，已予立案审查调查。",
    "handled": "经核查，问题部分属实，已对其进行诫勉谈话并责令作出书面检查。",
    "no_case": "经初步核实，反映问题不属实，予以了结。",
    "closed": "审查调查终结，给予党内严重警告、政务记过处分，违纪所得已收缴。",
}

SUGGESTIONS = [
    "深入学习贯彻习近平新时代中国特色社会主义思想，切实提高政治站位，确保党中央和省委决策部署落地见效。",
    "压紧压实全面从严治党主体责任，主要负责人切实履行第一责任人职责，加强对“一把手”和领导班子的监督。",
    "严格落实中央八项规定及其实施细则精神，驰而不息纠治“四风”，坚决整治形式主义、官僚主义。",
    "加强领导班子和干部队伍建设，严格执行干部选拔任用工作条例，规范选人用人。",
    "以巡视整改为契机，建立健全制度机制，做好巡视整改“后半篇文章”。",
]  # fmt: skip
RURAL_SUGGESTIONS = [
    "聚焦巩固拓展脱贫攻坚成果同乡村振兴有效衔接，加强衔接资金和项目全过程监管。",
    "严肃查处惠民惠农领域侵害群众利益的不正之风和腐败问题，切实维护群众利益。",
]  # fmt: skip

MEASURES = {
    "immediate": [
        "立即召开专题会议研究部署整改，明确牵头领导和责任分工。",
        "立行立改，对相关问题逐项核查，清退追缴违规款项。",
        "立即停止相关违规做法，对涉及人员进行提醒谈话。",
        "立即对照问题清单开展自查自纠，建立整改台账。",
    ],
    "in_period": [
        "修订完善相关制度办法，规范审批流程和权限。",
        "开展专项检查，对发现的问题逐一核实处理。",
        "组织集中培训，提升干部依规依纪履职能力。",
        "健全内部监督机制，强化对重点岗位、关键环节的监督制约。",
        "对相关责任人严肃追责问责，以案促改。",
    ],
    "long_term": [
        "建立常态化监督检查机制，定期开展整改“回头看”。",
        "将整改成效纳入年度考核，持续跟踪问效。",
        "持续深化以案促改，健全廉洁风险防控长效机制。",
        "坚持每季度专题研究一次，巩固深化整改成果。",
    ],
}
RESPONSIBLE_UNITS = ["党委（党组）办公室", "组织人事处", "财务处", "机关纪委", "综合处", "审计处"]

PROGRESS = [
    "已召开党委（党组）专题会议研究部署，制定整改工作方案，完成进度约{pct}%。",
    "已完成自查自纠，清退违规资金{amount}万元，相关制度正在起草。",
    "已起草制度初稿，正在征求各部门意见，预计按期完成。",
]
PERIODIC = "第{k}次定期报告：本期召开推进会{n}次，开展监督检查{m}次，发现并整改问题{n}个，整改成效持续巩固。"  # noqa: E501
CLAIM = "已按整改措施完成全部整改任务，相关制度已印发执行，佐证材料见附件。"
EVIDENCE_FILE = "整改佐证材料.txt"
EVIDENCE_TEXT = "整改佐证材料清单：1.专题会议纪要；2.制度文件；3.资金清退凭证。\n"
ITEM_RETURN = "佐证材料不充分，未见制度印发文件和资金清退凭证，请补充后重新报送。"
ITEM_REOPEN = "督查回访发现问题反弹，整改成效不明显，请重新整改。"
PLAN_RETURN = "部分整改措施针对性不强、完成时限不明确，请修改后重新报送。"
FINDING_RETURN_LEADER = "事实依据不够充分，请补充谈话记录和书证后重新复核。"
FINDING_RETURN_OFFICE = "问题定性不准确，违反的规定条款引用有误，请核实修改。"
EVALUATION_COMMENTS = {
    "excellent": "整改态度坚决，措施具体有力，整改成效明显。",
    "good": "整改总体到位，个别长期整改事项需持续推进。",
    "fair": "整改工作推进不平衡，部分问题整改不彻底，需加强督促。",
    "poor": "整改敷衍，多项问题逾期未完成，建议开展巡视“回头看”。",
}

# Who a lead is about, by the kind of unit; other units use the position in LEADS.
LEAD_POSITIONS = {
    "party_committee": ["常委、副县长", "原常委、组织部部长", "住建局局长", "财政局副局长"],
    "township": ["镇党委书记", "镇长", "村党支部书记"],
    "state_enterprise": ["副总经理", "下属公司总经理", "财务部部长"],
    "university": ["副校长", "基建处处长", "后勤集团总经理"],
}
UNIT_REPORT = (
    "关于巡视整改进展情况的报告：收到反馈意见后，{unit}党委（党组）第一时间召开专题会议，"
    "成立整改工作领导小组，逐条制定整改措施{items}项。截至目前，已完成整改任务{done}项，"
    "其余事项正在按计划推进，长期性任务建立常态化机制持续推进。"
)
TOP_OFFICIAL_REPORT = (
    "本人作为整改第一责任人，主持召开整改专题会议{n}次，对重点问题亲自部署、亲自督办，"
    "带头认领整改任务，确保整改工作压实责任、落到实处。"
)
WITHDRAW_REASON = "与同一问题的其他措施重复，合并后撤回。"
FILING_REFERENCE = "备〔{year}〕{n}号"
