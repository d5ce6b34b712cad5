"""The ``tadrib`` command: Django's management commands with Tadrib's own
(``serve``, ``demo``, ``token``, ``audit``, …) under one name."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tadrib.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else ["tadrib", *argv])
    if len(args) == 1:
        args.append("help")
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
