"""`tijara gateway-simulator`: the test card gateway on its own port, for the demo and the tests.

It signs with the shop's store key (TIJARA_CMI_STORE_KEY, or --store-key) and never touches the database.
"""

import logging
import os
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tijara.simulator.gateway import CALLBACK_MODES, MAX_DELAY_SECONDS, Control, Gateway
from tijara.simulator.server import server_build


class Command(BaseCommand):
    help = "Serve the test card gateway (hosted payment page, signed callbacks, refunds) on 127.0.0.1."
    requires_system_checks = []  # an outside party: it needs neither the database nor the URL conf

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8001)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--store-key", default=None,
                            help="the key shared with the shop (default: TIJARA_CMI_STORE_KEY)")
        parser.add_argument("--callback-mode", choices=CALLBACK_MODES, default="normal",
                            help="when the shop is called back; can be changed later with POST /control")
        parser.add_argument("--delay-seconds", type=float, default=2.0,
                            help="delay of a late callback (callback mode 'late')")

    def handle(self, *args, port, host, store_key, callback_mode, delay_seconds, **options):
        store_key = store_key or os.environ.get("TIJARA_CMI_STORE_KEY") or getattr(
            settings, "TIJARA_CMI_STORE_KEY", "")
        if not store_key:
            raise CommandError("no store key: set TIJARA_CMI_STORE_KEY or pass --store-key")
        if not 0 <= delay_seconds <= MAX_DELAY_SECONDS:
            raise CommandError(f"--delay-seconds must be from 0 to {MAX_DELAY_SECONDS}")
        if options["verbosity"] >= 1:
            logging.basicConfig(stream=sys.stderr, level=logging.INFO if options["verbosity"] > 1 else logging.WARNING,
                                format="gateway-simulator %(levelname)s %(message)s")
        gateway = Gateway(store_key=store_key, control=Control(callback=callback_mode, delay_seconds=delay_seconds))
        try:
            server = server_build(gateway, host, port)
        except OSError as error:
            raise CommandError(f"cannot listen on {host}:{port}: {error}") from None
        self.stdout.write(f"gateway simulator: http://{host}:{server.server_port}/fim/est3Dgate "
                          f"(callbacks: {callback_mode}; Ctrl+C to stop)")
        self.stdout.flush()
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
