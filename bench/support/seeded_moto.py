"""moto for benchmarks: the server on a free port (prints {"port": N}), plus a back door on stdin that puts users
straight into the backend, so seeding 100,000 users takes seconds instead of 100,000 AdminCreateUser calls.

stdin commands, one per line: `seed POOL_ID COUNT PREFIX` answers `seeded N`; the server exits when stdin closes.
With --fast-pages, ListUsers finds a page by its offset instead of scanning the pool for the previous page's last
user (moto's paginator costs O(pool) a page, so 100,000 users would take it most of an hour): for benchmarks that
measure the client, not moto.
"""
import json
import logging
import sys

from moto.cognitoidp.models import CognitoIdpBackend, CognitoIdpUser, UserStatus, cognitoidp_backends
from moto.server import ThreadedMotoServer

ACCOUNT = "123456789012"
REGION = "us-east-1"


def seed(pool_id: str, count: int, prefix: str) -> int:
    pool = cognitoidp_backends[ACCOUNT][REGION].user_pools[pool_id]
    for i in range(count):
        name = f"{prefix}{i:06d}"
        attributes = [
            {"Name": "email", "Value": f"{name}@example.com"},
            {"Name": "email_verified", "Value": "true"},
            {"Name": "given_name", "Value": f"Given {i}"},
            {"Name": "custom:tier", "Value": ("gold", "silver", "=1+1")[i % 3]},
        ]
        pool.users[name] = CognitoIdpUser(pool_id, name, None, UserStatus.CONFIRMED, attributes)
    return len(pool.users)


def use_fast_pages() -> None:
    unpaginated = CognitoIdpBackend.list_users.__wrapped__

    def list_users(self, user_pool_id, filt, limit=None, pagination_token=None):
        users = unpaginated(self, user_pool_id, filt)
        start = int(pagination_token) if pagination_token else 0
        end = start + int(limit or 60)
        return users[start:end], (str(end) if end < len(users) else None)

    CognitoIdpBackend.list_users = list_users


def main() -> None:
    if "--fast-pages" in sys.argv:
        use_fast_pages()
    # One log line per request would cost the server more than some requests do.
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    print(json.dumps({"port": server.get_host_and_port()[1]}), flush=True)
    for line in sys.stdin:
        parts = line.split()
        if len(parts) == 4 and parts[0] == "seed":
            print(f"seeded {seed(parts[1], int(parts[2]), parts[3])}", flush=True)


if __name__ == "__main__":
    main()
