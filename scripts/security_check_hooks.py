"""schemathesis hooks for scripts/security_check.py.

- Most fuzzed `organization(id:)` fields ask for the organization the run is authorized for, so the fuzzer
  reaches the resolvers rather than stopping at the FORBIDDEN check every random id gets; one in five keeps
  its random id, so that check is fuzzed too.
- Each case is signed for a caller of its own, so the per-caller rate limit (which the battery checks)
  does not turn most of the fuzz run into 429s.
"""

import itertools
import os
import time
import zlib

import graphql
import jwt
import schemathesis

ORGANIZATION = os.environ["SECURITY_CHECK_ORGANIZATION"]
SECRET = os.environ["SECURITY_CHECK_SECRET"]
_CALLERS = itertools.count()


class _AskForOwnOrganization(graphql.Visitor):
    def enter_field(self, node, *_):
        if node.name.value != "organization":
            return None
        arguments = tuple(a for a in node.arguments if a.name.value != "id") + (
            graphql.ArgumentNode(name=graphql.NameNode(value="id"), value=graphql.StringValueNode(value=ORGANIZATION)),
        )
        return graphql.FieldNode(
            alias=node.alias, name=node.name, arguments=arguments,
            directives=node.directives, selection_set=node.selection_set,
        )


@schemathesis.hook
def map_body(context, body):
    # Deterministic per generated document, so a seeded run repeats exactly.
    if zlib.crc32(graphql.print_ast(body).encode()) % 5 == 0:
        return body
    return graphql.visit(body, _AskForOwnOrganization())


@schemathesis.hook
def map_case(context, case):
    claims = {"sub": f"fuzz-{next(_CALLERS)}", "exp": int(time.time()) + 3600, "org_ids": [ORGANIZATION]}
    case.headers = {
        **(case.headers or {}),
        "Authorization": "Bearer " + jwt.encode(claims, SECRET, algorithm="HS256"),
        "X-Organization-ID": ORGANIZATION,
    }
    return case
