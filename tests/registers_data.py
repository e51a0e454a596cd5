"""Register files as bureaus write them, for tests."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from bot.registers.uscc import ALPHABET, check_character

#: Published USCCs of real companies (Huawei, Tencent, Alibaba, Xiaomi) and a textbook one.
REAL_USCCS = [
    "914403001922038216",
    "9144030071526726XG",
    "91330100716105852F",
    "91110108551385082Q",
    "91350100M000100Y43",
]

TARGET_HEADER = ["统一社会信用代码", "名称", "所属区域", "行业", "信用风险等级", "严重违法失信名单",
                 "联系电话", "上次检查日期"]  # fmt: skip


def make_uscc(rng: random.Random, region: str = "411721") -> str:
    body = "91" + region + "".join(rng.choice(ALPHABET[:10] + "ABCDEFGH") for _ in range(9))
    return body + check_character(body)


def target_rows(count: int, seed: int = 1) -> list[list[str]]:
    rng = random.Random(seed)
    rows = []
    for i in range(count):
        rows.append([make_uscc(rng), f"西平县测试企业{i}有限公司", rng.choice(["柏城街道", "出山镇"]),
                     "商务服务业", rng.choice("ABCD"), rng.choice(["是", "否", ""]),
                     f"139{i:08d}", rng.choice(["2025-03-01", "2024/5/6", "2023年7月8日", ""])])  # fmt: skip
    return rows


def write_csv(
    path: Path, header: list[str], rows: list[list[Any]], encoding: str = "utf-8"
) -> Path:
    lines = [",".join(header)] + [",".join(str(c) for c in row) for row in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def write_xlsx(
    path: Path,
    header: list[str],
    rows: list[list[Any]],
    *,
    title: str | None = None,
    blank_rows_after: tuple[int, ...] = (),
) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    if title:
        sheet.append([title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet.append(header)
    for index, row in enumerate(rows):
        sheet.append(row)
        if index in blank_rows_after:
            sheet.append([])
    workbook.save(path)
    return path


INSPECTOR_HEADER = ["姓名", "工号", "所属部门", "执法证号", "有效期至", "手机号码", "专业领域"]
INSPECTOR_ROWS = [
    ["张三", "XP001", "会计股", "41172120200001", "2028-12-31", "13900000001", "会计、审计"],
    ["李四", "XP002", "会计股", "41172120200002", "2027-06-30", "13900000002", "会计"],
    ["王五", "XP003", "监督检查股", "41172120200003", "2024-01-31", "13900000003", "政府采购"],
]
