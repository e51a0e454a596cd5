"""Register import at scale: 1,000,000 generated targets from CSV into SQLite, then a
re-import with 1 % of the rows changed. Each import runs as `python -m bot import` in a child
process, so the figures include start-up and the peak RSS is that import's alone.

On SQLite a probe thread takes the write lock every 50 ms (as the bot's own writers do) and
reports the longest it had to wait: how long an import keeps everyone else from writing.

    python bench/import.py [--rows 1000000] [--database-url URL]

Goal: first import <= 60 s and <= 500 MB peak RSS; re-import <= 60 s; nobody waits for the
write lock longer than the 30 s busy timeout (aim: a few seconds).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.registers.uscc import check_character  # noqa: E402

HEADER = ["统一社会信用代码", "名称", "主体类型", "所属区域", "行业", "地址", "法定代表人",
          "联系电话", "登记状态", "成立日期", "信用风险等级", "严重违法失信名单", "经营异常名录"]  # fmt: skip
REGIONS = ["柏城街道", "出山镇", "盆尧镇", "权寨镇", "师灵镇", "五沟营镇", "宋集镇", "人和乡"]
INDUSTRIES = ["批发和零售业", "制造业", "建筑业", "会计服务", "住宿和餐饮业", "农业"]


def write_targets(path: Path, rows: int, changed_every: int = 0) -> None:
    """Stream `rows` targets to CSV (same seed: same targets); optionally change 1 in N."""
    rng = random.Random(7)
    digits = "0123456789"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(HEADER)
        for i in range(rows):
            body = f"91411721{i:08d}" + rng.choice(digits)
            name = f"西平县测试{i}商贸有限公司"
            credit = "ABCD"[i % 4]
            if changed_every and i % changed_every == 0:
                name += "（已更名）"
                credit = "ABCD"[(i + 1) % 4]
            writer.writerow([
                body + check_character(body), name, "企业", REGIONS[i % len(REGIONS)],
                INDUSTRIES[i % len(INDUSTRIES)], f"西平县{REGIONS[i % len(REGIONS)]}{i % 300}号",
                "张三", f"139{i:08d}", "存续", f"{2000 + i % 25}-0{1 + i % 9}-1{i % 9}",
                credit, "是" if i % 97 == 0 else "否", "否",
            ])  # fmt: skip


def cpu_reference() -> float:
    """Seconds for a fixed pure-Python loop: shows how fast this machine is right now."""
    started = time.perf_counter()
    total = 0
    for i in range(10_000_000):
        total += i
    return time.perf_counter() - started


class LockProbe(threading.Thread):
    """Takes and releases SQLite's write lock every 50 ms; remembers the longest wait."""

    def __init__(self, database: Path) -> None:
        super().__init__(daemon=True)
        self.database = database
        self.longest = 0.0
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.database.exists() and not self.stopping.is_set():
            time.sleep(0.05)
        connection = sqlite3.connect(self.database, timeout=120, isolation_level=None)
        while not self.stopping.wait(0.05):
            started = time.monotonic()
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("COMMIT")
            self.longest = max(self.longest, time.monotonic() - started)
        connection.close()


def run_import(path: Path, env: dict[str, str]) -> tuple[float, float, str]:
    """(seconds, peak RSS in MB, output) of one `python -m bot import targets`."""
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "import", "targets", str(path)],
        env=env,
        cwd=path.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output = process.stdout.read() if process.stdout else ""
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.monotonic() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"import failed:\n{output}")
    return elapsed, usage.ru_maxrss / 1024, output


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        url = args.database_url or f"sqlite+aiosqlite:///{folder / 'bench.sqlite3'}"
        env = {**os.environ, "DATABASE_URL": url, "PYTHONPATH": str(ROOT), "LOG_LEVEL": "WARNING"}
        first, again = folder / "targets.csv", folder / "targets-changed.csv"
        started = time.monotonic()
        write_targets(first, args.rows)
        write_targets(again, args.rows, changed_every=100)
        print(f"generated 2 x {args.rows:,} rows in {time.monotonic() - started:.1f} s "
              f"({first.stat().st_size / 1e6:.0f} MB each)")  # fmt: skip

        print(f"CPU reference: a 10M-step Python loop takes {cpu_reference():.2f} s here "
              "(times scale with it on a busy or slower machine)")  # fmt: skip
        ok = True
        for label, path, expect in (
            ("first import", first, f"新增 {args.rows}，"),
            ("re-import, 1 % changed", again, f"更新 {args.rows // 100}，"),
        ):
            probe = LockProbe(folder / "bench.sqlite3") if not args.database_url else None
            if probe is not None:
                probe.start()
            seconds, peak, output = run_import(path, env)
            if probe is not None:
                probe.stopping.set()
                probe.join()
            if expect not in output:
                print(output)
                ok = False
            rate = args.rows / seconds
            print(f"{label:24} {seconds:6.1f} s  {rate:9,.0f} rows/s  peak RSS {peak:6.0f} MB")
            print("    " + output.strip().splitlines()[-1])
            limit_ok = seconds <= 60 and (peak <= 500 or label != "first import")
            if probe is not None:
                print(
                    f"    longest wait of another writer for the write lock: {probe.longest:.1f} s"
                )
                limit_ok = limit_ok and probe.longest < 30
            ok = ok and limit_ok
        print("result: " + ("PASS" if ok else "FAIL") + " (goal: <= 60 s each, <= 500 MB first)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
