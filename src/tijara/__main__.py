"""`tijara` / `python -m tijara`: Django's manage.py under the project's name."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tijara.config.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    argv[0] = "tijara"
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")  # `tijara gateway-simulator` is `tijara gateway_simulator`
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
