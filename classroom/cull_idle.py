"""A JupyterHub service that stops learners' servers idle for longer than --timeout seconds (their files stay).

The hub starts it (jupyterhub_config.py) with JUPYTERHUB_API_URL and JUPYTERHUB_API_TOKEN set; it needs the scopes
list:users, read:users:activity and admin:servers. (The jupyterhub-idle-culler package does the same and more; it is
not in Debian, so the course carries this small one.)
"""
import argparse
import json
import os
import time
import urllib.request
from datetime import datetime, timezone


def api(method, path):
    """One call to the hub's REST API with the service's token; the decoded JSON reply (or None)."""
    request = urllib.request.Request(
        os.environ["JUPYTERHUB_API_URL"].rstrip("/") + path,
        method=method,
        headers={"Authorization": f"token {os.environ['JUPYTERHUB_API_TOKEN']}"},
    )
    with urllib.request.urlopen(request, timeout=30) as reply:
        body = reply.read()
    return json.loads(body) if body else None


def idle_seconds(last_activity, now):
    """Seconds since an ISO timestamp from the hub (None counts as idle since forever)."""
    if not last_activity:
        return float("inf")
    when = datetime.fromisoformat(last_activity.replace("Z", "+00:00"))
    return (now - when).total_seconds()


def cull_once(timeout):
    """Stops every running server idle for longer than `timeout`; returns the names of their users."""
    now = datetime.now(timezone.utc)
    stopped = []
    for user in api("GET", "/users") or []:
        server = (user.get("servers") or {}).get("")
        if server and server.get("ready") and idle_seconds(server.get("last_activity"), now) > timeout:
            api("DELETE", f"/users/{user['name']}/server")
            stopped.append(user["name"])
    return stopped


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=int, default=3600, help="idle seconds before a server is stopped")
    parser.add_argument("--every", type=int, default=0, help="seconds between checks (default: timeout / 4)")
    args = parser.parse_args()
    every = args.every or max(10, args.timeout // 4)
    while True:
        try:
            for name in cull_once(args.timeout):
                print(f"stopped the idle server of {name}", flush=True)
        except OSError as error:  # the hub restarting: try again next time
            print(f"could not reach the hub: {error}", flush=True)
        time.sleep(every)


if __name__ == "__main__":
    main()
