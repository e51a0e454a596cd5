"""`python -m simulator`: the try-out without Telegram (make demo). See simulator/demo.py."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import time
from pathlib import Path

from simulator.demo import Demo


async def _run(args: argparse.Namespace) -> None:
    started = time.monotonic()
    demo = Demo(Path(args.data), args.host, args.port)
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stopping.set)
    try:
        try:
            url = await demo.start()
        except OSError as exc:
            print(f"The demo could not start: {exc} (another port: --port 8081)", flush=True)
            return
        print(f"SpotCheck demo ready in {time.monotonic() - started:.1f}s: open {url}", flush=True)
        print("No token, no internet: the bot talks to a built-in Telegram simulator.")
        print("Ctrl-C stops.", flush=True)
        await stopping.wait()
    finally:
        await demo.stop()
    print("SpotCheck demo stopped.")


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m simulator", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080, help="the page's port (0: any free)")
    parser.add_argument(
        "--data", default="data/demo", help="the demo's folder, recreated at each start"
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")  # fmt: skip
    asyncio.run(_run(args))
    return 0


raise SystemExit(main())
