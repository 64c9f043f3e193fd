"""Serves this folder's JupyterLab build with Debian's jupyter_server 1.23 and jupyterlab_server 2.16.

/usr/bin/python3 serve.py [--plotly] [--notebook7] [--port N] [--root DIR] [other jupyter_server options]: JupyterLab
at /lab on 127.0.0.1 with a token, notebooks/ as its root (unless --root) and the course kernelspec
(kernel-setup/jupyter on JUPYTER_PATH); prints "Open: <url>" as `npm start` does. --notebook7 also serves Notebook 7's
notebook page at /notebooks/<path>. Without --plotly the plotly MIME renderer is disabled, as in a JupyterLab or
Notebook 7 without `pip install plotly`. Settings, workspaces and trusted notebooks' signatures start empty on every
run, and documents are not autosaved (a test run must leave the committed notebooks untouched).
"""

import argparse
import atexit
import json
import os
import secrets
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
BUILD = os.path.join(HERE, "build")
PLOTLY_RENDERER = "@jupyterlab/plotly-extension:factory"
DEFAULT_SETTINGS = {
    "@jupyterlab/docmanager-extension:plugin": {"autosave": False},
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}

os.environ["JUPYTER_PATH"] = os.pathsep.join(
    p for p in [os.path.join(ROOT, "kernel-setup", "jupyter"), os.environ.get("JUPYTER_PATH")] if p
)

from jupyter_server.utils import ensure_async, url_escape  # noqa: E402  (after JUPYTER_PATH is set)
from jupyterlab_server import LabServerApp  # noqa: E402
from jupyterlab_server.handlers import LabHandler  # noqa: E402
from tornado import web  # noqa: E402


def _lab_version():
    with open(os.path.join(HERE, "node_modules", "@jupyterlab", "application", "package.json")) as f:
        return json.load(f)["version"]


class NotebookPage(LabHandler):
    """Notebook 7's page for one notebook, /notebooks/<path> (a folder goes to JupyterLab's file browser)."""

    @web.authenticated
    async def get(self, path=""):
        path = path.strip("/")
        if await ensure_async(self.contents_manager.dir_exists(path)):
            self.redirect(f"{self.base_url}lab/tree/{url_escape(path)}")
            return
        page_config = {**self.get_page_config(), "appName": "Jupyter Notebook", "notebookPage": "notebooks"}
        self.write(self.render_template("notebooks.html", page_config=page_config))


class CourseLab(LabServerApp):
    """JupyterLab at /lab from build/, with this run's settings folders and disabled plugins; Notebook 7 if asked."""

    name = "dlcourse_lab"
    app_name = "JupyterLab"
    load_other_extensions = False
    static_dir = os.path.join(BUILD, "static")
    templates_dir = os.path.join(HERE, "templates")
    schemas_dir = os.path.join(BUILD, "schemas")
    themes_dir = os.path.join(BUILD, "themes")
    disabled_plugins: list = []
    notebook7 = False

    def initialize_handlers(self):
        if self.notebook7:
            self.handlers.append(("/notebooks(.*)", NotebookPage))
        super().initialize_handlers()

    def initialize_settings(self):
        super().initialize_settings()
        self.settings["page_config_hook"] = self._page_config

    def _page_config(self, handler, page_config):
        page_config["disabledExtensions"] = page_config.get("disabledExtensions", []) + self.disabled_plugins
        return page_config


def _jupyter_server_extension_points():
    return [{"module": "__main__", "app": CourseLab}]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plotly", action="store_true", help="enable the plotly MIME renderer")
    parser.add_argument("--notebook7", action="store_true", help="serve Notebook 7 at /notebooks/<path>")
    parser.add_argument("--port", type=int, default=8890)
    parser.add_argument("--root", default=os.path.join(ROOT, "notebooks"), help="the folder to serve (notebooks/)")
    args, server_args = parser.parse_known_args()
    if not os.path.exists(os.path.join(CourseLab.static_dir, "main.js")):
        sys.exit(f"No build in {BUILD}: run `npm install && npm run build` in {HERE}")
    run_dir = tempfile.mkdtemp(prefix="dlcourse-lab-")
    atexit.register(shutil.rmtree, run_dir, ignore_errors=True)
    for name in ["settings", "user-settings", "workspaces"]:
        os.mkdir(os.path.join(run_dir, name))
    with open(os.path.join(run_dir, "settings", "overrides.json"), "w") as f:
        json.dump(DEFAULT_SETTINGS, f)
    CourseLab.app_version = _lab_version()
    CourseLab.app_settings_dir = os.path.join(run_dir, "settings")
    CourseLab.user_settings_dir = os.path.join(run_dir, "user-settings")
    CourseLab.workspaces_dir = os.path.join(run_dir, "workspaces")
    CourseLab.disabled_plugins = [] if args.plotly else [PLOTLY_RENDERER]
    if args.notebook7:
        # Notebook 7's settings schemas (a superset of JupyterLab's), for /lab too while it runs
        CourseLab.notebook7 = True
        CourseLab.schemas_dir = os.path.join(BUILD, "notebook", "schemas")
    token = os.environ.get("JUPYTER_TOKEN") or secrets.token_hex(24)
    print(f"Open: http://127.0.0.1:{args.port}/lab?token={token}", flush=True)
    CourseLab.launch_instance(
        [
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={args.port}",
            "--ServerApp.port_retries=0",
            f"--ServerApp.token={token}",
            "--ServerApp.open_browser=False",
            f"--ServerApp.root_dir={args.root}",
            "--NotebookNotary.db_file=:memory:",
            *(["--ServerApp.allow_root=True"] if os.getuid() == 0 else []),
            *server_args,
        ]
    )


if __name__ == "__main__":
    main()
