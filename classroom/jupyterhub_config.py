"""JupyterHub for the course: one server, learners log in with their system account (PAM), each gets their own
single-user server in ~/dlcourse with the course's TypeScript kernel, and the course notebooks handed out on every
start without overwriting their work (handout.py).

Settings come from a JSON file (classroom/setup.sh writes /etc/dlcourse-classroom/classroom.json; the path can be
changed with DLCOURSE_CLASSROOM_SETTINGS):

    course_dir      the installed course (notebooks/, dist/, node_modules/, kernel-setup/)   required
    data_dir        the hub's database, cookie secret and logs (kept across restarts)         required
    bind_url        where the hub listens, e.g. "http://127.0.0.1:8000"                       required
    learner_group   the Unix group whose members may log in                                   "dlcourse-learners"
    admin_users     teachers with admin rights in the hub (also allowed to log in)            []
    node_dir        a folder with the `node` the kernel runs (put first on PATH)              none
    ssl_cert/ssl_key  HTTPS for the hub itself; or terminate HTTPS in a proxy in front         none
    idle_timeout    seconds after which an idle learner server is stopped (0 = never)         3600

The hub never runs open: only members of `learner_group` and the admins can log in, with their system password.
"""
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from handout import hand_out  # noqa: E402

c = get_config()  # noqa: F821 (JupyterHub provides get_config)

SETTINGS = json.loads(
    Path(os.environ.get("DLCOURSE_CLASSROOM_SETTINGS", "/etc/dlcourse-classroom/classroom.json")).read_text()
)
COURSE = Path(SETTINGS["course_dir"])
DATA = Path(SETTINGS["data_dir"])
DATA.mkdir(parents=True, exist_ok=True)

# Where the hub listens, and what it keeps across restarts.
c.JupyterHub.bind_url = SETTINGS["bind_url"]
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(SETTINGS.get("hub_port", 8081))
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{int(SETTINGS.get('proxy_api_port', 8001))}"
c.JupyterHub.db_url = f"sqlite:///{DATA / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(DATA / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = str(DATA / "jupyterhub-proxy.pid")
# Debian's configurable-http-proxy finds its modules in /usr/share/nodejs only under Debian's own node.
if Path("/usr/share/nodejs").is_dir():
    os.environ["NODE_PATH"] = os.pathsep.join(filter(None, [os.environ.get("NODE_PATH"), "/usr/share/nodejs"]))
c.JupyterHub.cleanup_servers = False  # a hub restart leaves learners' servers (and kernels) running
c.JupyterHub.cleanup_proxy = False
if SETTINGS.get("ssl_cert"):
    c.JupyterHub.ssl_cert = SETTINGS["ssl_cert"]
    c.JupyterHub.ssl_key = SETTINGS["ssl_key"]

# Who may log in: the learners' group and the teachers, by system password (PAM). Never everyone.
c.JupyterHub.authenticator_class = "jupyterhub.auth.PAMAuthenticator"
c.PAMAuthenticator.allowed_groups = {SETTINGS.get("learner_group", "dlcourse-learners")}
c.Authenticator.admin_users = set(SETTINGS.get("admin_users", []))
c.PAMAuthenticator.open_sessions = False

# Each learner's server: their own account, their home, the course's kernel.
c.JupyterHub.spawner_class = "jupyterhub.spawner.LocalProcessSpawner"
c.Spawner.notebook_dir = "~/dlcourse"
c.Spawner.default_url = "/tree/notebooks"
c.Spawner.http_timeout = 60
c.Spawner.start_timeout = 120
PATH = os.pathsep.join(filter(None, [SETTINGS.get("node_dir"), "/usr/local/bin", "/usr/bin", "/bin"]))
c.Spawner.environment = {
    "JUPYTER_PATH": str(COURSE / "kernel-setup" / "jupyter"),
    "PATH": PATH,
    "DLCOURSE_CLASSROOM": "1",
    # one wasm thread per kernel (the default is one per core): a shared server's cores belong to the whole class
    "TFJS_WASM_THREADS": "1",
    # jupyterhub-singleuser would pick jupyter_server when installed, where /tree (our default_url) is a 404
    "JUPYTERHUB_SINGLEUSER_APP": "notebook.notebookapp.NotebookApp",
}


def learner_folder(name, home):
    """`<course>/learners/<name>` (0700, the learner's), linked from ~/dlcourse; see handout.py for why."""
    learners = COURSE / "learners"
    learners.mkdir(mode=0o711, exist_ok=True)
    folder = learners / name
    folder.mkdir(mode=0o700, exist_ok=True)
    os.chown(folder, home.stat().st_uid, home.stat().st_gid)
    link = home / "dlcourse"
    if not link.exists() and not link.is_symlink():
        link.symlink_to(folder, target_is_directory=True)
        os.lchown(link, home.stat().st_uid, home.stat().st_gid)
    return folder


def hand_out_course(spawner):
    """Before a learner's server starts: their folders private, their notebooks brought up to date, changes kept."""
    import pwd

    name = spawner.user.name
    home = Path(pwd.getpwnam(name).pw_dir)
    home.chmod(0o700)  # learners' kernels run code: no learner reads another's home
    changed = hand_out(COURSE, learner_folder(name, home), owner=name)
    if changed:
        spawner.log.info("hand-out for %s: %s", name, changed)


c.Spawner.pre_spawn_hook = hand_out_course

# Idle learner servers are stopped (their files stay), so a class of 100 does not hold 100 kernels all night.
IDLE = int(SETTINGS.get("idle_timeout", 3600))
if IDLE > 0:
    c.JupyterHub.load_roles = [
        {
            "name": "idle-culler",
            "scopes": ["list:users", "read:users:activity", "admin:servers"],
            "services": ["idle-culler"],
        }
    ]
    c.JupyterHub.services = [
        {
            "name": "idle-culler",
            "command": [sys.executable, str(Path(__file__).resolve().parent / "cull_idle.py"), f"--timeout={IDLE}"],
        }
    ]
