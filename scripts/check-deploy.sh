#!/usr/bin/env bash
# Offline checks of the deployment artifacts (no Docker engine, no cluster needed):
#   1. Dockerfile / .dockerignore: present, multi-stage build via tools/build.js, non-root runtime.
#   2. Kubernetes: k8s/base and k8s/overlays/example render with `kubectl kustomize`; the rendered overlay
#      is parsed and checked (4 service Deployments + the dashboard's, a Service each, probes, Secret/ConfigMap
#      references resolve, Service selectors and ports match, security settings, resources; the dashboard routes
#      to the four Services, logs in with an https identity provider and never enables the development login).
#   3. Compose: `docker-compose config -q` (Debian's docker-compose 1.29, installed with apt if missing)
#      and the resolved config checked (services, build args, databases, healthchecks, depends_on; the dashboard).
#
# Usage: scripts/check-deploy.sh        (exit 0 and "[deploy] ok" when everything holds)
# Needs: kubectl (for its built-in kustomize); docker-compose and python3-yaml are installed with apt
# when missing (needs root).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
NODE_MAJOR="$(sed -n 's/^NODE_MAJOR=\([0-9]*\).*/\1/p' scripts/lib.sh)" # the runtime the scripts and tests use
START=$SECONDS

say() { echo "[deploy] $*"; }
die() { echo "[deploy] ERROR: $*" >&2; exit 1; }

APPS=(enrollment session-tracking recognition analytics)
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

apt_install() {
  [[ $(id -u) -eq 0 ]] || die "'$*' missing and not root: install it (apt-get install $*) and rerun"
  say "installing $* with apt…"
  apt-get update -qq
  # No recommends: docker-compose would otherwise pull in the whole Docker engine (docker.io, containerd,
  # runc, iptables...), which `config` does not need. debconf's notes are noise here.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" 2>&1 >/dev/null |
    { grep -v '^debconf: ' >&2 || true; }
}

# ---- tools ----------------------------------------------------------------------------------------
command -v kubectl >/dev/null ||
  die "kubectl not found (needed for 'kubectl kustomize'; any kubectl >= 1.27 has kustomize v5 built in)"
command -v docker-compose >/dev/null || apt_install docker-compose
# A YAML parser for the structural checks: Debian's python3-yaml (a dependency of docker-compose).
PY=""
for candidate in /usr/bin/python3 python3; do
  if command -v "$candidate" >/dev/null && "$candidate" -c 'import yaml' 2>/dev/null; then
    PY="$candidate"
    break
  fi
done
if [[ -z "$PY" ]]; then
  apt_install python3-yaml
  PY=/usr/bin/python3
fi
say "tools: kubectl $(kubectl version --client -o json 2>/dev/null | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["clientVersion"]["gitVersion"])' 2>/dev/null || echo '?'), $(docker-compose version --short 2>/dev/null || echo 'docker-compose ?')"

# ---- 1. Dockerfile --------------------------------------------------------------------------------
say "checking Dockerfile and .dockerignore"
[[ -f Dockerfile ]] || die "Dockerfile missing"
grep -q 'tools/build.js' Dockerfile || die "Dockerfile does not build with tools/build.js"
grep -Eq "^FROM node:${NODE_MAJOR}-trixie-slim AS build" Dockerfile || die "Dockerfile: build stage is not node:${NODE_MAJOR}-trixie-slim (the runtime scripts/lib.sh pins)"
(( $(grep -Ec '^FROM ' Dockerfile) == $(grep -Ec "^FROM node:${NODE_MAJOR}-trixie-slim " Dockerfile) )) || die "Dockerfile: every stage must use node:${NODE_MAJOR}-trixie-slim"
(($(grep -Ec '^FROM ' Dockerfile) >= 2)) || die "Dockerfile is not multi-stage"
grep -Eq 'npm (ci|install) .*--omit=dev' Dockerfile || die "Dockerfile: runtime dependencies not installed with --omit=dev"
grep -Eq '^USER node' Dockerfile || die "Dockerfile: runtime does not run as the node user"
grep -Eq '^ARG APP' Dockerfile || die "Dockerfile: no ARG APP"
grep -Eq '^STOPSIGNAL SIGTERM' Dockerfile || die "Dockerfile: no STOPSIGNAL SIGTERM"
grep -Eq '^(ENTRYPOINT|CMD) \[.*exec node' Dockerfile || die "Dockerfile: node is not exec'd (SIGTERM would not reach it)"
[[ -f .dockerignore ]] || die ".dockerignore missing"
for ignored in node_modules dist .tandem .nx coverage .git; do
  grep -qxF "$ignored" .dockerignore || die ".dockerignore does not exclude $ignored"
done

# ---- 2. Kubernetes --------------------------------------------------------------------------------
say "rendering k8s/base"
kubectl kustomize k8s/base >"$TMP/base.yaml" 2>"$TMP/kustomize.err" || { cat "$TMP/kustomize.err" >&2; die "k8s/base does not render"; }
say "rendering k8s/overlays/example"
kubectl kustomize k8s/overlays/example >"$TMP/example.yaml" 2>"$TMP/kustomize.err" ||
  { cat "$TMP/kustomize.err" >&2; die "k8s/overlays/example does not render"; }
if [[ -s "$TMP/kustomize.err" ]]; then
  cat "$TMP/kustomize.err" >&2
  die "kustomize printed warnings (deprecated fields?)"
fi

say "checking the rendered manifests"
"$PY" - "$TMP/base.yaml" "$TMP/example.yaml" "${APPS[@]}" <<'PY'
import sys, yaml

base_file, example_file, apps = sys.argv[1], sys.argv[2], sys.argv[3:]
errors = []

def err(msg):
    errors.append(msg)

def load(path):
    with open(path) as f:
        return [d for d in yaml.safe_load_all(f) if d]

def by_kind(docs, kind):
    return {d["metadata"]["name"]: d for d in docs if d.get("kind") == kind}

# -- base: the Secrets are referenced, never defined
base = load(base_file)
if by_kind(base, "Secret"):
    err("base: defines Secrets (their values belong in overlays / a secret store)")
base_deps = by_kind(base, "Deployment")
for app in apps:
    d = base_deps.get(app)
    if not d:
        err(f"base: no Deployment {app}")
        continue
    image = d["spec"]["template"]["spec"]["containers"][0]["image"]
    if image != "tandem:latest":
        err(f"base: {app} image is {image!r}, expected 'tandem:latest'")

# -- example overlay: a complete, consistent set
docs = load(example_file)
deps, svcs = by_kind(docs, "Deployment"), by_kind(docs, "Service")
secrets, cms = by_kind(docs, "Secret"), by_kind(docs, "ConfigMap")

WEB = "dashboard"  # the browser app's server: no database, no Kafka, routes to the four Services
if sorted(deps) != sorted(apps + [WEB]):
    err(f"expected Deployments {sorted(apps + [WEB])}, got {sorted(deps)}")
if sorted(svcs) != sorted(apps + [WEB]):
    err(f"expected Services {sorted(apps + [WEB])}, got {sorted(svcs)}")

for d in docs:
    if d["kind"] != "Namespace" and d["metadata"].get("labels", {}).get("app.kubernetes.io/part-of") != "tandem":
        err(f"{d['kind']}/{d['metadata']['name']}: no label app.kubernetes.io/part-of=tandem")

cm = cms.get("tandem-config")
if not cm:
    err("no ConfigMap tandem-config")
else:
    for key in ("KAFKA_BROKERS", "AUTH_ISSUER", "AUTH_JWKS_URL", "LOG_LEVEL"):
        if not cm.get("data", {}).get(key):
            err(f"ConfigMap tandem-config: {key} missing or empty")

def check_probe(where, c, kind, path, port_names):
    p = c.get(kind)
    if not p:
        err(f"{where}: no {kind}")
        return
    get = p.get("httpGet") or {}
    if get.get("path") != path:
        err(f"{where}: {kind} path is {get.get('path')!r}, expected {path!r}")
    if get.get("port") not in port_names:
        err(f"{where}: {kind} port {get.get('port')!r} is not a container port")

for name, d in sorted(deps.items()):
    where = f"Deployment/{name}"
    spec = d["spec"]
    pod = spec["template"]["spec"]
    tmpl_labels = spec["template"]["metadata"].get("labels", {})
    if spec.get("replicas") != 2:
        err(f"{where}: replicas {spec.get('replicas')}, expected 2")
    sel = spec["selector"].get("matchLabels", {})
    if any(tmpl_labels.get(k) != v for k, v in sel.items()):
        err(f"{where}: selector does not match the pod template labels")
    if "app.kubernetes.io/part-of" in sel:
        err(f"{where}: part-of label is in the (immutable) selector")
    if pod.get("terminationGracePeriodSeconds") != 30:
        err(f"{where}: terminationGracePeriodSeconds is not 30")
    if pod.get("securityContext", {}).get("runAsNonRoot") is not True:
        err(f"{where}: pod securityContext.runAsNonRoot is not true")
    if not isinstance(pod.get("securityContext", {}).get("runAsUser"), int):
        err(f"{where}: no numeric runAsUser (the kubelet cannot verify runAsNonRoot for USER node)")
    ann = spec["template"]["metadata"].get("annotations", {})
    if name != WEB and (ann.get("prometheus.io/scrape") != "true" or ann.get("prometheus.io/path") != "/metrics"):
        err(f"{where}: prometheus.io/scrape|path annotations missing")

    containers = pod.get("containers", [])
    if len(containers) != 1:
        err(f"{where}: expected 1 container, got {len(containers)}")
        continue
    c = containers[0]
    if not c.get("image", "").startswith("registry.example.com/") or c["image"].endswith(":latest"):
        err(f"{where}: overlay did not set the image ({c.get('image')!r})")
    ports = {p.get("name"): p["containerPort"] for p in c.get("ports", [])}
    if "http" not in ports:
        err(f"{where}: no container port named http")
    env = {e["name"]: e for e in c.get("env", [])}
    if env.get("APP", {}).get("value") != name:
        err(f"{where}: env APP is not {name!r}")
    if "PORT" in env and str(ports.get("http")) != env["PORT"].get("value"):
        err(f"{where}: env PORT {env['PORT'].get('value')} != containerPort {ports.get('http')}")
    if name == WEB:
        names = set(ports) | set(ports.values())
        for kind, path in (("livenessProbe", "/health/live"), ("readinessProbe", "/health/ready"), ("startupProbe", "/health/live")):
            check_probe(where, c, kind, path, names)
        if env.get("NODE_ENV", {}).get("value") != "production":
            err(f"{where}: NODE_ENV is not production")
        refs = [e["configMapRef"]["name"] for e in c.get("envFrom", []) if "configMapRef" in e]
        wcm = cms.get(refs[0]) if len(refs) == 1 else None
        if not wcm:
            err(f"{where}: envFrom does not reference one rendered ConfigMap")
        else:
            data = {**wcm.get("data", {}), **{k: v.get("value") for k, v in env.items()}}
            if "DASHBOARD_DEV_LOGIN" in data:
                err(f"{where}: DASHBOARD_DEV_LOGIN set (the development login is for development only)")
            if not str(data.get("OIDC_AUTHORITY", "")).startswith("https://"):
                err(f"{where}: OIDC_AUTHORITY is not an https URL")
            for app in apps:
                key = app.upper().replace("-", "_") + "_URL"
                if data.get(key) != f"http://{app}":
                    err(f"{where}: {key} is {data.get(key)!r}, expected the Service http://{app}")
        sc = c.get("securityContext", {})
        if sc.get("readOnlyRootFilesystem") is not True or sc.get("allowPrivilegeEscalation") is not False or "ALL" not in sc.get("capabilities", {}).get("drop", []):
            err(f"{where}: container securityContext is not locked down")
        for section in ("requests", "limits"):
            for r in ("cpu", "memory"):
                if r not in c.get("resources", {}).get(section, {}):
                    err(f"{where}: resources.{section}.{r} missing")
        continue
    if ann.get("prometheus.io/port") != str(ports.get("http")):
        err(f"{where}: prometheus.io/port {ann.get('prometheus.io/port')} != containerPort {ports.get('http')}")
    if env.get("RUN_MODE", {}).get("value") not in ("all", "api", "worker"):
        err(f"{where}: RUN_MODE is not all|api|worker")
    ref = (env.get("DATABASE_URL", {}).get("valueFrom") or {}).get("secretKeyRef")
    if not ref:
        err(f"{where}: DATABASE_URL does not come from a secretKeyRef")
    else:
        if not ref["name"].startswith(f"tandem-{name}-db"):
            err(f"{where}: DATABASE_URL from Secret {ref['name']!r}, expected tandem-{name}-db")
        s = secrets.get(ref["name"])
        if not s:
            err(f"{where}: Secret {ref['name']!r} is not in the rendered set")
        elif ref.get("key") != "url" or "url" not in (s.get("data") or {}):
            err(f"{where}: Secret {ref['name']!r} has no key 'url'")
    cm_refs = [e["configMapRef"]["name"] for e in c.get("envFrom", []) if "configMapRef" in e]
    if cm_refs != ["tandem-config"] or not cm:
        err(f"{where}: envFrom does not reference ConfigMap tandem-config")

    names = set(ports) | set(ports.values())
    check_probe(where, c, "livenessProbe", "/health/live", names)
    check_probe(where, c, "readinessProbe", "/health/ready", names)
    check_probe(where, c, "startupProbe", "/health/live", names)

    res = c.get("resources", {})
    for section in ("requests", "limits"):
        for r in ("cpu", "memory"):
            if r not in res.get(section, {}):
                err(f"{where}: resources.{section}.{r} missing")
    sc = c.get("securityContext", {})
    if sc.get("readOnlyRootFilesystem") is not True:
        err(f"{where}: readOnlyRootFilesystem is not true")
    if sc.get("allowPrivilegeEscalation") is not False:
        err(f"{where}: allowPrivilegeEscalation is not false")
    if "ALL" not in sc.get("capabilities", {}).get("drop", []):
        err(f"{where}: capabilities do not drop ALL")

for name, s in sorted(svcs.items()):
    where = f"Service/{name}"
    spec = s["spec"]
    if spec.get("type", "ClusterIP") != "ClusterIP":
        err(f"{where}: type is not ClusterIP")
    sel = spec.get("selector", {})
    matches = [d for d in deps.values()
               if sel and all(d["spec"]["template"]["metadata"].get("labels", {}).get(k) == v for k, v in sel.items())]
    if len(matches) != 1:
        err(f"{where}: selector matches {len(matches)} Deployments, expected 1")
        continue
    c = matches[0]["spec"]["template"]["spec"]["containers"][0]
    ports = {p.get("name"): p["containerPort"] for p in c.get("ports", [])}
    for p in spec.get("ports", []):
        if p.get("port") != 80:
            err(f"{where}: port {p.get('port')}, expected 80")
        t = p.get("targetPort")
        if t not in ports and t not in ports.values():
            err(f"{where}: targetPort {t!r} is not a port of the selected pods")

for e in errors:
    print(f"[deploy]   {e}", file=sys.stderr)
if errors:
    sys.exit(1)
print(f"[deploy] k8s: base has no Secrets; example renders {len(deps)} Deployments, {len(svcs)} Services, "
      f"{len(secrets)} Secrets, {len(cms)} ConfigMap; probes, refs, selectors, security: ok")
PY

# ---- 3. Compose -----------------------------------------------------------------------------------
say "validating docker-compose.yml with docker-compose $(docker-compose version --short 2>/dev/null)"
[[ -f docker-compose.yml ]] || die "docker-compose.yml missing"
if grep -Eq '^version:' docker-compose.yml; then die "docker-compose.yml has a top-level 'version:' (Compose Specification has none)"; fi
# Defaults only: a developer's LOG_LEVEL etc. must not influence the check.
env -u LOG_LEVEL -u TANDEM_POSTGRES_PORT docker-compose -f docker-compose.yml config -q 2>"$TMP/compose.err" ||
  { cat "$TMP/compose.err" >&2; die "docker-compose config rejected docker-compose.yml"; }
if grep -qi 'warn' "$TMP/compose.err"; then
  cat "$TMP/compose.err" >&2
  die "docker-compose config printed warnings"
fi
env -u LOG_LEVEL -u TANDEM_POSTGRES_PORT docker-compose -f docker-compose.yml config >"$TMP/compose.yaml" 2>/dev/null

"$PY" - "$TMP/compose.yaml" infra/postgres/init-databases.sql "${APPS[@]}" <<'PY'
import re, sys, yaml

compose_file, init_sql, apps = sys.argv[1], sys.argv[2], sys.argv[3:]
errors = []
err = errors.append

with open(compose_file) as f:
    cfg = yaml.safe_load(f)
with open(init_sql) as f:
    created = set(re.findall(r"(?im)^\s*CREATE\s+DATABASE\s+(\w+)", f.read()))

def volumes(svc):
    """(source, target) pairs; docker-compose 1.29 prints the short "src:dst[:mode]" form, v2 the long one."""
    out = []
    for v in svc.get("volumes", []):
        if isinstance(v, str):
            parts = v.split(":")
            out.append((parts[0], parts[1]) if len(parts) > 1 else ("", parts[0]))
        else:
            out.append((str(v.get("source", "")), str(v.get("target", ""))))
    return out

def published(svc):
    out = set()
    for p in svc.get("ports", []):
        if isinstance(p, dict):
            out.add(int(p.get("published", 0)))
        else:  # "[ip:]host:container[/proto]"
            parts = str(p).split("/")[0].split(":")
            if len(parts) >= 2:
                out.add(int(parts[-2]))
    return out

services = cfg.get("services", {})
expected = {"postgres", "kafka", *apps, "dashboard"}
if set(services) != expected:
    err(f"services are {sorted(services)}, expected {sorted(expected)}")

pg = services.get("postgres", {})
if not str(pg.get("image", "")).startswith("postgres:15"):
    err("postgres: image is not postgres:15")
if not any(src.endswith("infra/postgres/init-databases.sql") and dst.startswith("/docker-entrypoint-initdb.d/")
           for src, dst in volumes(pg)):
    err("postgres: init script not mounted into /docker-entrypoint-initdb.d")

kafka = services.get("kafka", {})
if kafka.get("image") != "apache/kafka:3.9.1":
    err("kafka: image is not apache/kafka:3.9.1")
kenv = kafka.get("environment", {})
for key, want in {"KAFKA_PROCESS_ROLES": "broker,controller", "KAFKA_AUTO_CREATE_TOPICS_ENABLE": "false",
                  "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR": "1", "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR": "1",
                  "KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS": "0"}.items():
    if str(kenv.get(key)) != want:
        err(f"kafka: {key} is {kenv.get(key)!r}, expected {want!r}")
if "localhost:9092" not in str(kenv.get("KAFKA_ADVERTISED_LISTENERS")):
    err("kafka: no listener advertised on localhost:9092 for the host")

for name in ("postgres", "kafka"):
    if not services.get(name, {}).get("healthcheck", {}).get("test"):
        err(f"{name}: no healthcheck")

for i, app in enumerate(apps):
    s = services.get(app)
    if not s:
        continue
    db = "tandem_" + app.replace("-", "_")
    build = s.get("build", {})
    if (build.get("args") or {}).get("APP") != app:
        err(f"{app}: build.args.APP is not {app!r}")
    env = s.get("environment", {})
    if not str(env.get("DATABASE_URL", "")).endswith("/" + db):
        err(f"{app}: DATABASE_URL does not point at {db}")
    if db not in created:
        err(f"{app}: database {db} is not created by {init_sql}")
    for key in ("KAFKA_BROKERS", "AUTH_ISSUER", "AUTH_PUBLIC_KEY_FILE"):
        if not env.get(key):
            err(f"{app}: {key} not set")
    if env.get("AUTH_ISSUER") != "tandem-dev":
        err(f"{app}: AUTH_ISSUER is not tandem-dev")
    key_file = str(env.get("AUTH_PUBLIC_KEY_FILE", ""))
    if not any((src.rstrip("/").endswith(".tandem/dev-issuer") and key_file == dst.rstrip("/") + "/public.pem")
               or (src.endswith(".tandem/dev-issuer/public.pem") and key_file == dst)
               for src, dst in volumes(s)):
        err(f"{app}: AUTH_PUBLIC_KEY_FILE {key_file!r} is not inside a mount of .tandem/dev-issuer")
    port = 3001 + i
    if port not in published(s):
        err(f"{app}: port {port} not published")
    if not s.get("healthcheck", {}).get("test"):
        err(f"{app}: no healthcheck")
    deps = s.get("depends_on", {})
    for dep in ("postgres", "kafka"):
        if (deps.get(dep) or {}).get("condition") != "service_healthy":
            err(f"{app}: does not wait for {dep} to be healthy")

web = services.get("dashboard", {})
if (web.get("build", {}).get("args") or {}).get("APP") != "dashboard":
    err("dashboard: build.args.APP is not 'dashboard'")
wenv = web.get("environment", {})
for i, app in enumerate(apps):
    key = app.upper().replace("-", "_") + "_URL"
    if wenv.get(key) != f"http://{app}:{3001 + i}":
        err(f"dashboard: {key} is {wenv.get(key)!r}, expected http://{app}:{3001 + i}")
    if app not in (web.get("depends_on") or {}):
        err(f"dashboard: does not depend on {app}")
if wenv.get("DASHBOARD_DEV_LOGIN") == "true":
    if wenv.get("NODE_ENV") != "development":
        err("dashboard: the development login needs NODE_ENV=development")
    if not any(src.rstrip("/").endswith(".tandem/dev-issuer") and str(wenv.get("DEV_ISSUER_DIR", "")).rstrip("/") == dst.rstrip("/") for src, dst in volumes(web)):
        err("dashboard: DEV_ISSUER_DIR is not the mount of .tandem/dev-issuer")
if 3000 not in published(web):
    err("dashboard: port 3000 not published")
if not web.get("healthcheck", {}).get("test"):
    err("dashboard: no healthcheck")

for e in errors:
    print(f"[deploy]   {e}", file=sys.stderr)
if errors:
    sys.exit(1)
print(f"[deploy] compose: {len(services)} services, databases {', '.join(sorted(created))}: ok")
PY

say "ok ($((SECONDS - START))s)"
