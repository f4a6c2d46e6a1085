"""schemathesis hooks for the REST fuzz run of scripts/security_check.py.

- Four in five cases ask about the organization the run is authorized for (path and header), so the fuzzer reaches
  the endpoints' parameters and answers rather than stopping at the FORBIDDEN check every random id gets; the fifth
  keeps its random path id, so that check is fuzzed too.
- Each case is signed for a caller of its own, so the per-caller rate limit does not turn the run into 429s.
"""

import itertools
import os
import time
import zlib

import jwt
import schemathesis

ORGANIZATION = os.environ["SECURITY_CHECK_ORGANIZATION"]
SECRET = os.environ["SECURITY_CHECK_SECRET"]
_CALLERS = itertools.count()


@schemathesis.hook
def map_case(context, case):
    claims = {"sub": f"fuzz-rest-{next(_CALLERS)}", "exp": int(time.time()) + 3600, "org_ids": [ORGANIZATION]}
    generated = str((case.path_parameters or {}).get("organizationId", ""))
    # Deterministic per generated case, so a seeded run repeats exactly.
    if zlib.crc32(f"{generated}{case.query}".encode()) % 5 != 0:
        case.path_parameters = {**(case.path_parameters or {}), "organizationId": ORGANIZATION}
    case.headers = {
        **(case.headers or {}),
        "Authorization": "Bearer " + jwt.encode(claims, SECRET, algorithm="HS256"),
        "X-Organization-ID": ORGANIZATION,
    }
    return case
