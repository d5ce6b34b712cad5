"""Translation completeness: every user-facing message in the code is in the
Arabic and Turkish catalogues, and every entry there is translated (not fuzzy).

Runs makemessages, keeps what it made aside and puts the catalogues back: it changes nothing.
Exit 1 listing what is missing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "tadrib" / "locale"
LANGUAGES = ("ar", "tr")
DOMAINS = ("django",)


def msgids(po: Path) -> set[str]:
    out = subprocess.run(
        ["msgcat", "--no-wrap", "--no-location", "--sort-output", str(po)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    ids: set[str] = set()
    context = ""
    for line in out.splitlines():
        if line.startswith("msgctxt "):
            context = line[8:] + "\x04"
        elif line.startswith("msgid ") and line != 'msgid ""':
            ids.add(context + line[6:])
            context = ""
    return ids


def count(po: Path, flag: str) -> list[str]:
    out = subprocess.run(
        ["msgattrib", flag, "--no-wrap", "--no-obsolete", str(po)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [
        line[6:] for line in out.splitlines() if line.startswith("msgid ") and line != 'msgid ""'
    ]


def _makemessages(env: dict[str, str]) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            *[f"-l{lang}" for lang in LANGUAGES],
            "--no-location",
            "--ignore",
            "*/tests/*",
            "--ignore",
            "locale/*",
            "--verbosity",
            "0",
            "--settings",
            "tadrib.settings",
        ],
        check=True,
        cwd=ROOT / "tadrib",
        env=env,
    )


def main() -> int:
    problems: list[str] = []
    # makemessages merges into the "locale" directory of its working directory
    # (the real catalogues): keep what it made as the fresh copy, then put the
    # real catalogues back as they were.
    originals = {path: path.read_bytes() for path in LOCALE.rglob("*.po*")}
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "locale"
        try:
            _makemessages(dict(os.environ))
            shutil.copytree(LOCALE, copy)
        finally:
            for path, content in originals.items():
                if not path.exists() or path.read_bytes() != content:
                    path.write_bytes(content)
            for path in LOCALE.rglob("*.po*"):
                if path not in originals:
                    path.unlink()

        for lang in LANGUAGES:
            for domain in DOMAINS:
                committed = LOCALE / lang / "LC_MESSAGES" / f"{domain}.po"
                fresh = copy / lang / "LC_MESSAGES" / f"{domain}.po"
                if not committed.exists():
                    problems.append(f"{committed} is missing")
                    continue
                missing = sorted(msgids(fresh) - msgids(committed))
                for item in missing:
                    problems.append(f"{lang}: not in the catalogue (run `make messages`): {item}")
                for item in count(committed, "--untranslated"):
                    problems.append(f"{lang}: untranslated: {item}")
                for item in count(committed, "--only-fuzzy"):
                    problems.append(f"{lang}: fuzzy: {item}")
    for line in problems:
        print(line)
    if problems:
        print(f"{len(problems)} translation problem(s).")
        return 1
    print("Translations complete for " + ", ".join(LANGUAGES) + ".")
    return 0


if __name__ == "__main__":
    sys.exit(main())
