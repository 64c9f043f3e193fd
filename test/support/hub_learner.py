"""One learner on the course's JupyterHub, as a browser would drive it: logs in (a token for their password), starts
their server, runs a notebook of theirs (or one cell) on a new kernel over the websocket, saves the notebook with its
outputs, and writes what happened as JSON to the file named last.

usage: hub_learner.py HUB_URL USER PASSWORD (--notebook PATH | --code CELL) RESULT.json
"""
import argparse
import http.cookiejar
import json
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

from tornado.httpclient import HTTPRequest
from tornado.ioloop import IOLoop
from tornado.websocket import websocket_connect

TIMEOUT = 300


def call(url, method="GET", token=None, body=None):
    """An HTTP call; returns (status, decoded JSON or None)."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"token {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as reply:
            text = reply.read()
            return reply.status, json.loads(text) if text else None
    except urllib.error.HTTPError as error:
        return error.code, None


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Stops at a redirect (a login answers 302 and would otherwise start the server through the browser route)."""

    def redirect_request(self, *args, **kwargs):
        return None


def log_in(hub, user, password):
    """A token for the learner: the hub's login form (as in a browser), then a token requested with that session."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
    form = urllib.parse.urlencode({"username": user, "password": password}).encode()
    try:
        opener.open(urllib.request.Request(f"{hub}/hub/login", data=form, method="POST"), timeout=60)
    except urllib.error.HTTPError as error:  # the login's redirect (302) is the success; its cookie is in the jar
        if error.code != 302:
            raise SystemExit(f"login of {user} failed: HTTP {error.code}")
    request = urllib.request.Request(
        f"{hub}/hub/api/users/{user}/tokens",
        data=json.dumps({"note": "hub_learner.py"}).encode(),
        method="POST",
        headers={"Referer": f"{hub}/hub/", "Content-Type": "application/json"},
    )
    try:
        with opener.open(request, timeout=60) as reply:
            return json.loads(reply.read())["token"]
    except urllib.error.HTTPError as error:
        raise SystemExit(f"login of {user} failed: HTTP {error.code}")


def start_server(hub, user, token):
    """Starts the learner's server (if not running) and waits until it is ready."""
    call(f"{hub}/hub/api/users/{user}/server", "POST", token)
    deadline = time.time() + TIMEOUT
    while time.time() < deadline:
        _, model = call(f"{hub}/hub/api/users/{user}", token=token)
        if model and (model.get("servers") or {}).get("", {}).get("ready"):
            return
        time.sleep(0.5)
    raise SystemExit(f"the server of {user} did not start")


def message(code):
    """An execute_request for the shell channel."""
    return {
        "header": {"msg_id": uuid.uuid4().hex, "msg_type": "execute_request", "username": "", "session": "s",
                   "version": "5.3", "date": ""},
        "parent_header": {}, "metadata": {}, "channel": "shell",
        "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                    "allow_stdin": False, "stop_on_error": True},
    }


async def run_cells(ws_url, token, sources):
    """Runs cells one by one on the kernel behind `ws_url`; returns each cell's outputs in notebook form."""
    socket = await websocket_connect(HTTPRequest(f"{ws_url}?token={token}", connect_timeout=120, request_timeout=120))
    results = []
    for source in sources:
        request = message(source)
        await socket.write_message(json.dumps(request))
        outputs, replied, idle = [], False, False
        while not (replied and idle):
            msg = json.loads(await socket.read_message())
            if msg["parent_header"].get("msg_id") != request["header"]["msg_id"]:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "execute_reply":
                replied = True
            elif kind == "status":
                idle = content["execution_state"] == "idle"
            elif kind == "stream":
                outputs.append({"output_type": "stream", "name": content["name"], "text": content["text"]})
            elif kind in ("display_data", "execute_result", "error"):
                outputs.append({"output_type": kind, **{k: v for k, v in content.items() if k != "transient"}})
            elif kind == "update_display_data":
                outputs.append({"output_type": "display_data", "data": content["data"], "metadata": {}})
        results.append(outputs)
        if any(o["output_type"] == "error" for o in outputs):
            break
    socket.close()
    return results


def run_on_new_kernel(server, token, sources, path="scratch.ipynb"):
    """Opens a session for `path` (a new kernel in its folder, as a browser does), runs the cells, ends it."""
    body = {"path": path, "type": "notebook", "name": "", "kernel": {"name": "tslab"}}
    status, session = call(f"{server}/api/sessions", "POST", token, body)
    if status not in (200, 201):
        raise SystemExit(f"could not start a kernel: HTTP {status}")
    ws_url = server.replace("http", "ws", 1) + f"/api/kernels/{session['kernel']['id']}/channels"
    try:
        return IOLoop.current().run_sync(lambda: run_cells(ws_url, token, sources), timeout=TIMEOUT)
    finally:
        call(f"{server}/api/sessions/{session['id']}", "DELETE", token)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("hub")
    parser.add_argument("user")
    parser.add_argument("password")
    parser.add_argument("--notebook")
    parser.add_argument("--code")
    parser.add_argument("result")
    args = parser.parse_args()
    began = time.time()
    token = log_in(args.hub, args.user, args.password)
    start_server(args.hub, args.user, token)
    server = f"{args.hub}/user/{args.user}"
    result = {"token": token}
    if args.code is not None:
        result["outputs"] = run_on_new_kernel(server, token, [args.code])[0]
    else:
        url = f"{server}/api/contents/{args.notebook}?content=1"
        status, model = call(url, token=token)
        if status != 200:
            raise SystemExit(f"could not open {args.notebook}: HTTP {status}")
        notebook = model["content"]
        cells = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
        sources = ["".join(c["source"]) for c in cells]
        for cell, outputs in zip(cells, run_on_new_kernel(server, token, sources, args.notebook)):
            cell["outputs"] = outputs
        saved, _ = call(f"{server}/api/contents/{args.notebook}", "PUT", token,
                        {"type": "notebook", "format": "json", "content": notebook})
        result["saved"] = saved
        result["errors"] = [o for c in cells for o in c["outputs"] if o["output_type"] == "error"]
        result["cells"] = len(cells)
    result["seconds"] = round(time.time() - began, 1)
    with open(args.result, "w", encoding="utf8") as out:
        json.dump(result, out)


if __name__ == "__main__":
    main()
