"""Print one package's pin from a lock file, with its hashes: `python requirements/pin.py uv dev.lock`.

The Makefile installs uv this way (pip, hash-checked, the version the dev lock pins) and then installs
the lock files with uv, which does in seconds what pip does in a minute and a half."""

from __future__ import annotations

import re
import sys
from pathlib import Path


def pin(name: str, lock: Path) -> str:
    lines = lock.read_text(encoding="utf-8").splitlines()
    start = re.compile(rf"^{re.escape(name)}==\S+")
    for index, line in enumerate(lines):
        if start.match(line):
            block = [line]
            for following in lines[index + 1 :]:
                if not following.startswith("    --hash="):
                    break
                block.append(following)
            return "\n".join(block) + "\n"
    raise SystemExit(f"{name} is not pinned in {lock}")


if __name__ == "__main__":
    sys.stdout.write(pin(sys.argv[1], Path(sys.argv[2])))
