"""The four registers (一单两库 and declared conflicts) as data: columns, headers, keys.

Headers are the ones bureaus use in their Excel files, with English and common variant
aliases; templates and exports use the first (canonical) header.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


class Kind(enum.Enum):
    TEXT = "text"
    USCC = "uscc"
    DATE = "date"
    CREDIT = "credit"  # A/B/C/D
    CATEGORY = "category"  # 一般/重点
    STATUS = "status"  # 登记状态
    BOOL = "bool"
    FLOAT = "float"
    PHONE = "phone"
    TAGS = "tags"


@dataclass(frozen=True, slots=True)
class Column:
    field: str
    header: str
    aliases: tuple[str, ...] = ()
    kind: Kind = Kind.TEXT
    required: bool = False
    max_length: int = 200
    example: str = ""
    #: For FLOAT: the inclusive range allowed.
    bounds: tuple[float, float] | None = None
    #: For BOOL: the value of an empty cell.
    default: bool = False


@dataclass(frozen=True, slots=True)
class Register:
    name: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]

    def column(self, field: str) -> Column:
        return next(c for c in self.columns if c.field == field)

    @property
    def required(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.required)


#: Example keys in the templates: valid, but plainly examples, so that a template imported with
#: its example row still in place is caught (is_example_row) and never overwrites real data.
EXAMPLE_USCC = "91411721MAEXAMPLEW"
EXAMPLE_CERTIFICATE = "示例证号0001"

TARGETS = Register(
    name="targets",
    key=("uscc",),
    columns=(
        Column("uscc", "统一社会信用代码", ("信用代码", "社会信用代码", "uscc", "credit code"),
               Kind.USCC, required=True, max_length=18, example=EXAMPLE_USCC),
        Column("name", "名称", ("企业名称", "单位名称", "主体名称", "检查对象名称", "name"),
               required=True, example="西平县示例会计服务有限公司"),
        Column("entity_type", "主体类型", ("企业类型", "类型", "entity type"), max_length=50,
               example="企业"),
        Column("region", "所属区域", ("属地", "区域", "所属乡镇", "region"), max_length=100,
               example="柏城街道"),
        Column("industry", "行业", ("所属行业", "行业类别", "industry"), max_length=100,
               example="商务服务业"),
        Column("address", "地址", ("住所", "经营场所", "注册地址", "address"), max_length=300,
               example="西平县人民路 88 号"),
        Column("longitude", "经度", ("longitude", "lng"), Kind.FLOAT, bounds=(73.0, 136.0),
               example="114.02"),
        Column("latitude", "纬度", ("latitude", "lat"), Kind.FLOAT, bounds=(3.0, 54.0),
               example="33.38"),
        Column("legal_representative", "法定代表人", ("法人", "负责人", "legal representative"),
               max_length=100, example="张三"),
        Column("phone", "联系电话", ("电话", "手机号码", "phone"), Kind.PHONE, max_length=40,
               example="13800000000"),
        Column("registration_authority", "登记机关", ("registration authority",),
               example="西平县市场监督管理局"),
        Column("registration_status", "登记状态", ("经营状态", "状态", "registration status"),
               Kind.STATUS, max_length=20, example="存续"),
        Column("established_on", "成立日期", ("established", "成立时间"), Kind.DATE,
               example="2015-06-18"),
        Column("credit_class", "信用风险等级", ("信用风险分类", "风险等级", "信用等级",
               "credit class"), Kind.CREDIT, max_length=2, example="B"),
        Column("blacklisted", "严重违法失信名单", ("黑名单", "失信名单", "blacklisted"),
               Kind.BOOL, example="否"),
        Column("abnormal_listed", "经营异常名录", ("异常名录", "经营异常", "abnormal list"),
               Kind.BOOL, example="否"),
        Column("last_inspected_on", "上次检查日期", ("最近检查日期", "last inspected"),
               Kind.DATE, example="2025-04-10"),
    ),
)  # fmt: skip

ITEMS = Register(
    name="items",
    key=("code",),
    columns=(
        Column("code", "事项编码", ("编码", "事项代码", "code"), required=True, max_length=32,
               example="示例-001"),
        Column("name", "事项名称", ("抽查事项", "名称", "name"), required=True,
               example="会计信息质量检查"),
        Column("category", "事项类别", ("类别", "category"), Kind.CATEGORY, max_length=10,
               example="一般"),
        Column("legal_basis", "抽查依据", ("法律依据", "依据", "legal basis"), max_length=2000,
               example="《中华人民共和国会计法》第三十三条"),
        Column("enforcement_body", "执法主体", ("enforcement body",), example="西平县财政局"),
        Column("inspecting_body", "抽查主体", ("检查主体", "inspecting body"),
               example="西平县财政局会计股"),
        Column("target_scope", "抽查对象", ("检查对象", "对象范围", "target scope"),
               max_length=2000, example="辖区内企业"),
        Column("content", "抽查内容", ("检查内容", "content"), max_length=4000,
               example="会计凭证、账簿、财务会计报告的真实性、完整性"),
        Column("ratio_note", "抽查比例", ("比例", "ratio"), example="不低于 3%"),
        Column("frequency", "抽查频次", ("频次", "frequency"), max_length=100,
               example="每年 1 次"),
        Column("methods", "抽查方式", ("检查方式", "方式", "methods"), Kind.TAGS,
               example="实地检查、书面检查"),
        Column("inspector_requirements", "检查人员要求", ("人员要求",), max_length=2000,
               example="持有行政执法证"),
        Column("department", "责任部门", ("负责部门", "承办股室", "department"), max_length=100,
               example="会计股"),
    ),
)  # fmt: skip

INSPECTORS = Register(
    name="inspectors",
    key=("certificate_no",),
    columns=(
        Column("name", "姓名", ("name",), required=True, max_length=100, example="李四"),
        Column("staff_no", "工号", ("人员编号", "staff no"), max_length=40, example="XP0001"),
        Column("department", "所属部门", ("部门", "科室", "股室", "department"), max_length=100,
               example="会计股"),
        Column("position", "职务", ("职位", "position"), max_length=100, example="股长"),
        Column("region", "所属区域", ("区域", "region"), max_length=100, example="西平县"),
        Column("certificate_no", "执法证号", ("执法证件号", "证件号", "certificate no"),
               required=True, max_length=40, example=EXAMPLE_CERTIFICATE),
        Column("certificate_expires_on", "有效期至", ("证件有效期", "有效期", "expires"),
               Kind.DATE, example="2028-12-31"),
        Column("phone", "手机号码", ("手机", "联系电话", "电话", "phone"), Kind.PHONE,
               max_length=40, example="13900000001"),
        Column("expertise", "专业领域", ("专业特长", "业务专长", "expertise"), Kind.TAGS,
               example="会计、政府采购"),
        Column("is_expert", "是否专家", ("专家", "expert"), Kind.BOOL, example="否"),
        Column("active", "是否在岗", ("在岗", "active"), Kind.BOOL, default=True, example="是"),
    ),
)  # fmt: skip

CONFLICTS = Register(
    name="conflicts",
    key=("certificate_no", "uscc"),
    columns=(
        Column("certificate_no", "执法证号", ("检查人员执法证号", "certificate no"),
               required=True, max_length=40, example=EXAMPLE_CERTIFICATE),
        Column("uscc", "统一社会信用代码", ("信用代码", "uscc"), Kind.USCC, required=True,
               max_length=18, example=EXAMPLE_USCC),
        Column("reason", "回避原因", ("利害关系", "原因", "reason"), max_length=300,
               example="配偶任该单位财务负责人"),
    ),
)  # fmt: skip

REGISTERS: dict[str, Register] = {r.name: r for r in (TARGETS, ITEMS, INSPECTORS, CONFLICTS)}


def is_example_row(register: Register, record: Mapping[str, Any]) -> bool:
    """Whether a parsed row (field -> value) has the template's example key.

    Such a row is the template's example left in place, not data; the importer refuses it.
    """
    return all(record.get(field) == register.column(field).example for field in register.key)


#: Accepted registration statuses (登记状态).
STATUSES = ("存续", "在业", "开业", "停业", "清算", "注销", "吊销", "撤销", "迁出")
