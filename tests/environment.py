"""Environment of every test run, set before the settings module is read.

Loaded as a plugin (`-p tests.environment` in pyproject's addopts) because pytest-django imports the
settings before any conftest.py. Tests run with the production settings (debug off) except what a test
run cannot have: its own throw-away secret key and plain HTTP (no redirect to HTTPS, cookies without the
Secure flag, since the browser tests talk HTTP to the live server). DATABASE_URL is left to the caller
(SQLite file by default, PostgreSQL in the second pass of scripts/test.sh).
"""

import os

TEST_ENVIRONMENT = {
    "TIJARA_DEBUG": "0",
    "TIJARA_SECRET_KEY": "tests-only-key-never-used-by-a-server-0123456789-abcdefghijklmnop",
    "TIJARA_SSL_REDIRECT": "0",
    "TIJARA_SECURE_COOKIES": "0",
    # The card gateway's store key of the test runs (the simulator started by tests gets the same one).
    "TIJARA_CMI_STORE_KEY": "tests-only-store-key-0123456789",
    # The contract archive's Ed25519 signing key of the test runs (base64 of 32 bytes).
    "TIJARA_ARCHIVE_SIGNING_KEY": "dGVzdHMtb25seS1hcmNoaXZlLWtleS0wMTIzNDU2Nzg=",
    # Other tests sign staff in with force_login; tests/accounts turn the second factor on themselves.
    "TIJARA_TWO_FACTOR_REQUIRED": "0",
}

os.environ.update(TEST_ENVIRONMENT)
