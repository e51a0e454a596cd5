"""Sample registers of a county finance bureau (西平县财政局), generated with a fixed seed.

    python examples/generate.py [OUTPUT_DIR]

writes items.xlsx (the six items), targets.csv (2,000 targets with valid USCCs), inspectors.xlsx
(8 inspectors in 2 departments, one with an expired certificate), conflicts.csv and
plan-2026.xlsx (the annual plan for 2026 over the six items). Load them with
`python -m bot import items examples/items.xlsx` and so on, the plan last
(`python -m bot import plan examples/plan-2026.xlsx`; see the README).
"""

from __future__ import annotations

import csv
import random
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.registers.exporter import XlsxWriter
from bot.registers.plan import PlanItemRow, PlanSheet, write_plan
from bot.registers.schema import INSPECTORS, ITEMS, TARGETS
from bot.registers.uscc import check_character

SEED = 20201123
COUNTY = "411721"  # 西平县
HERE = Path(__file__).resolve().parent

REGIONS = ["柏城街道", "柏亭街道", "柏苑街道", "出山镇", "盆尧镇", "权寨镇", "师灵镇", "五沟营镇",
           "宋集镇", "人和乡", "谭店乡", "二郎乡", "杨庄乡", "蔡寨回族乡", "焦庄乡", "芦庙乡",
           "重渠乡", "吕店乡", "专探乡", "老王坡管理区"]  # fmt: skip
TRADE_NAMES = list("恒信诚达昌隆润丰瑞华鑫源宏泰中正永安金博远聚德汇通明嘉和兴")
SURNAMES = list("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗")
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英")

#: (industry, name suffix, entity type, USCC prefix, share)
KINDS = [
    ("会计服务", "会计服务有限公司", "企业", "91", 0.10),
    ("代理记账", "代理记账有限公司", "企业", "91", 0.08),
    ("会计师事务所", "会计师事务所（普通合伙）", "企业", "91", 0.02),
    ("资产评估", "资产评估有限公司", "企业", "91", 0.02),
    ("政府采购代理", "招标代理有限公司", "企业", "91", 0.04),
    ("批发和零售业", "商贸有限公司", "企业", "91", 0.20),
    ("制造业", "实业有限公司", "企业", "91", 0.12),
    ("建筑业", "建筑工程有限公司", "企业", "91", 0.10),
    ("住宿和餐饮业", "餐馆", "个体工商户", "92", 0.14),
    ("农业", "种植专业合作社", "农民专业合作社", "93", 0.12),
    ("社会组织", "协会", "社会组织", "51", 0.06),
]

ITEM_ROWS = [
    ("XPCZ-001", "会计信息质量检查", "重点", "《中华人民共和国会计法》第三十二条、第三十三条",
     "会计凭证、会计账簿、财务会计报告等会计资料的真实性、完整性", "实地检查、书面检查", "会计股"),
    ("XPCZ-002", "代理记账机构监督检查", "一般", "《代理记账管理办法》第二十条",
     "代理记账资格条件、业务规范、备案信息", "实地检查、书面检查", "会计股"),
    ("XPCZ-003", "会计师事务所执业质量检查", "一般", "《中华人民共和国注册会计师法》第五条",
     "执业质量、内部治理、执业资格", "实地检查", "监督检查股"),
    ("XPCZ-004", "政府采购代理机构监督检查", "重点", "《中华人民共和国政府采购法》第五十九条",
     "代理行为合规性、内部管理、档案管理", "书面检查、实地检查", "监督检查股"),
    ("XPCZ-005", "资产评估机构监督检查", "一般", "《中华人民共和国资产评估法》第四十一条",
     "评估机构备案、执业质量、内部管理", "书面检查", "监督检查股"),
    ("XPCZ-006", "财政票据使用管理检查", "一般", "《财政票据管理办法》第三十七条",
     "财政票据领用、使用、保管、核销", "书面检查", "会计股"),
]  # fmt: skip


def org_code(rng: random.Random) -> str:
    """An organisation code (GB 11714): eight digits and their check character."""
    digits = [rng.randrange(10) for _ in range(8)]
    check = 11 - sum(d * w for d, w in zip(digits, (3, 7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
    return "".join(map(str, digits)) + {10: "X", 11: "0"}.get(check, str(check))


def uscc(rng: random.Random, prefix: str) -> str:
    body = prefix + COUNTY + org_code(rng)
    return body + check_character(body)


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def targets(rng: random.Random, count: int = 2000) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    seen: set[str] = set()
    weights = [k[4] for k in KINDS]
    while len(rows) < count:
        industry, suffix, entity, prefix, _share = rng.choices(KINDS, weights)[0]
        code = uscc(rng, prefix)
        region = rng.choice(REGIONS)
        if entity == "个体工商户":
            name = f"西平县{region}{rng.choice(SURNAMES)}记{suffix}"
        else:
            name = f"西平县{''.join(rng.sample(TRADE_NAMES, 2))}{suffix}"
        if code in seen or name in {r["name"] for r in rows[-50:]}:
            continue
        seen.add(code)
        status = rng.choices(["存续", "注销", "吊销"], [97, 2, 1])[0]
        rows.append({
            "uscc": code, "name": name, "entity_type": entity, "region": region,
            "industry": industry, "address": f"西平县{region}{rng.randint(1, 300)}号",
            "longitude": round(rng.uniform(113.85, 114.25), 5),
            "latitude": round(rng.uniform(33.20, 33.55), 5),
            "legal_representative": person(rng), "phone": f"13{rng.randint(0, 9)}{rng.randint(0, 99999999):08d}",
            "registration_authority": "西平县民政局" if entity == "社会组织" else "西平县市场监督管理局",
            "registration_status": status,
            "established_on": f"{rng.randint(1998, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "credit_class": rng.choices("ABCD", [30, 45, 20, 5])[0],
            "blacklisted": rng.random() < 0.01, "abnormal_listed": rng.random() < 0.03,
            "last_inspected_on": (f"{rng.randint(2021, 2025)}-{rng.randint(1, 12):02d}-"
                                  f"{rng.randint(1, 28):02d}") if rng.random() < 0.3 else "",
        })  # fmt: skip
    return rows


INSPECTOR_ROWS = [
    # name, staff, department, position, certificate, expires, phone, expertise
    ("张建国", "XPCZ001", "会计股", "股长", "41172120180001", "2028-06-30", "13903960001", "会计、审计"),
    ("李秀英", "XPCZ002", "会计股", "科员", "41172120180002", "2027-12-31", "13903960002", "会计"),
    ("王志强", "XPCZ003", "会计股", "科员", "41172120190003", "2029-03-31", "13903960003", "会计、税务"),
    ("赵丽娟", "XPCZ004", "会计股", "科员", "41172120200004", "2026-03-31", "13903960004", "会计"),
    ("陈明", "XPCZ005", "监督检查股", "股长", "41172120180005", "2028-09-30", "13903960005", "政府采购、资产评估"),
    ("刘芳", "XPCZ006", "监督检查股", "副股长", "41172120190006", "2027-06-30", "13903960006", "政府采购"),
    ("杨磊", "XPCZ007", "监督检查股", "科员", "41172120200007", "2029-12-31", "13903960007", "资产评估、审计"),
    ("周静", "XPCZ008", "监督检查股", "科员", "41172120210008", "2028-12-31", "13903960008", "财政票据"),
]  # fmt: skip


def generate(out: Path) -> None:
    rng = random.Random(SEED)
    out.mkdir(parents=True, exist_ok=True)

    items = XlsxWriter(ITEMS, "抽查事项清单")
    for code, name, category, basis, content, methods, department in ITEM_ROWS:
        items.append({
            "code": code, "name": name, "category": {"重点": "key", "一般": "general"}[category],
            "legal_basis": basis, "enforcement_body": "西平县财政局",
            "inspecting_body": f"西平县财政局{department}", "target_scope": "辖区内相关单位",
            "content": content, "ratio_note": "按信用风险等级确定", "frequency": "每年不少于 1 次",
            "methods": methods.split("、"), "inspector_requirements": "持有效行政执法证件，每组不少于 2 人",
            "department": department,
        })  # fmt: skip
    items.save(out / "items.xlsx")

    rows = targets(rng)
    with (out / "targets.csv").open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow([c.header for c in TARGETS.columns])
        for row in rows:
            writer.writerow([_cell(row[c.field]) for c in TARGETS.columns])

    inspectors = XlsxWriter(INSPECTORS, "检查人员名录")
    for name, staff, dept, position, cert, expires, phone, expertise in INSPECTOR_ROWS:
        inspectors.append({
            "name": name, "staff_no": staff, "department": dept, "position": position,
            "region": "西平县", "certificate_no": cert,
            "certificate_expires_on": date.fromisoformat(expires),
            "phone": phone, "expertise": expertise.split("、"), "is_expert": False, "active": True,
        })  # fmt: skip
    inspectors.save(out / "inspectors.xlsx")

    picks = rng.sample(rows, 4)
    reasons = [
        "配偶任该单位财务负责人",
        "曾在该单位任职未满三年",
        "近亲属为该单位股东",
        "本人持有该单位股份",
    ]
    with (out / "conflicts.csv").open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["执法证号", "统一社会信用代码", "回避原因"])
        for index, (target, reason) in enumerate(zip(picks, reasons, strict=True)):
            writer.writerow([INSPECTOR_ROWS[index * 2][4], target["uscc"], reason])

    write_plan(PLAN, "年度抽查计划", out / "plan-2026.xlsx")


#: The annual plan for 2026: ratios within the published ranges by credit class, the lists
#: checked the most; key items more often than general ones.
PLAN = PlanSheet(
    year=2026,
    title="西平县财政局2026年度“双随机、一公开”抽查工作计划",
    ratios={"A": 3, "B": 10, "C": 30, "D": 65, "unclassified": 5, "blacklisted": 100,
            "abnormal": 50},
    min_days=365,
    items=[
        PlanItemRow(0, "XPCZ-001", "会计信息质量检查", "每年 2 次（上、下半年各 1 次）",
                    ("实地检查", "书面检查"), "重点事项"),
        PlanItemRow(0, "XPCZ-002", "代理记账机构监督检查", "每年 1 次", ("实地检查", "书面检查")),
        PlanItemRow(0, "XPCZ-003", "会计师事务所执业质量检查", "每年 1 次", ("实地检查",)),
        PlanItemRow(0, "XPCZ-004", "政府采购代理机构监督检查", "每年 2 次",
                    ("书面检查", "实地检查"), "重点事项"),
        PlanItemRow(0, "XPCZ-005", "资产评估机构监督检查", "每年 1 次", ("书面检查",)),
        PlanItemRow(0, "XPCZ-006", "财政票据使用管理检查", "每年 1 次", ("书面检查",)),
    ],
)  # fmt: skip


def _cell(value: object) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    return "" if value is None else str(value)


if __name__ == "__main__":
    generate(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
