#!/bin/sh
# Builds the functions and deploys them to a real Fn server as the app fnjobs, then sets the app's
# configuration. Needs, on this machine: Maven and a JDK 17, the fn CLI, and a Docker engine (fn
# builds each function's image with it; --local means the images are not pushed, so the Fn server
# must use the same Docker engine, as the one in local-dev/compose.yaml does).
#
#   infra/fn/setup.sh                      # defaults fit local-dev/compose.yaml (MinIO, GreenMail)
#   FNJOBS_S3_ENDPOINT=http://localstack:4566 infra/fn/setup.sh     # S3 on LocalStack instead
#
# Settings, all optional (environment):
#   FN_API_URL                 Fn server, read by the fn CLI        (http://localhost:8080)
#   FNJOBS_APP                 Fn app name                          (fnjobs)
#   FNJOBS_S3_ENDPOINT         S3 API as the functions see it       (http://minio:9000;
#                              "" on AWS)
#   FNJOBS_S3_REGION                                                (us-east-1)
#   FNJOBS_STATE_BUCKET                                             (state)
#   FNJOBS_SMTP_HOST, FNJOBS_SMTP_PORT  as the functions see them   (smtp, 3025)
#   FNJOBS_FUNCTIONS_ACCESS_KEY, FNJOBS_FUNCTIONS_SECRET_KEY
#       become the app's AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (the MinIO user that
#       infra/minio/setup.sh creates). They are read under these names, not AWS_*, so that
#       credentials of the shell running this script never end up in the app's configuration.
#   FNJOBS_SKIP_BUILD=1        skip the Maven build
#   FNJOBS_FN_NO_BUMP=1        deploy without bumping the versions in functions/*/func.yaml
#   FNJOBS_FN_REGISTRY         push the images there instead of --local (remote Fn servers)
set -eu

APP=${FNJOBS_APP:-fnjobs}
export FN_API_URL="${FN_API_URL:-http://localhost:8080}"

# Unset variables take the default; variables set to "" remove the key from the app (on AWS: no
# FNJOBS_S3_ENDPOINT, and no static keys when the functions get credentials from their host).
S3_ENDPOINT=${FNJOBS_S3_ENDPOINT-http://minio:9000}
S3_REGION=${FNJOBS_S3_REGION-us-east-1}
STATE_BUCKET=${FNJOBS_STATE_BUCKET-state}
SMTP_HOST=${FNJOBS_SMTP_HOST-smtp}
SMTP_PORT=${FNJOBS_SMTP_PORT-3025}
ACCESS_KEY=${FNJOBS_FUNCTIONS_ACCESS_KEY-fnjobs-functions}
SECRET_KEY=${FNJOBS_FUNCTIONS_SECRET_KEY-fnjobs-functions-secret}

log() {
  printf 'fn-setup: %s\n' "$*"
}

# Sets KEY on the app, or removes it when VALUE is empty.
configure() {
  if [ -n "$2" ]; then
    fn config app "$APP" "$1" "$2"
  elif fn unset config app "$APP" "$1" >/dev/null 2>&1; then
    log "$1 removed from app $APP"
  else
    log "$1 not set on app $APP"
  fi
}

need() {
  command -v "$1" >/dev/null 2>&1 || {
    log "'$1' is not on the PATH: $2"
    exit 1
  }
}

REPO_ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$REPO_ROOT"

need fn "install the Fn CLI"
need docker "fn builds the function images with Docker"

# Each function's Dockerfile copies target/fn/app, which only the Maven build produces.
if [ "${FNJOBS_SKIP_BUILD:-0}" != 1 ]; then
  need mvn "install Maven 3.8+ (or set FNJOBS_SKIP_BUILD=1 after building yourself)"
  log "building: mvn -B -DskipTests package"
  mvn -B -DskipTests package
fi

log "Fn server: $FN_API_URL"
if fn inspect app "$APP" >/dev/null 2>&1; then
  log "app $APP exists"
else
  fn create app "$APP"
fi

# --all deploys every function under functions/ (the folder holding app.yaml); --local builds the
# images without pushing them to a registry, for a Fn server on this Docker engine. A remote Fn
# server needs them pushed: FNJOBS_FN_REGISTRY=<registry/owner> replaces --local with --registry.
# fn bumps the patch version in each func.yaml unless --no-bump is given.
if [ -n "${FNJOBS_FN_REGISTRY:-}" ]; then
  set -- --app "$APP" --all --registry "$FNJOBS_FN_REGISTRY"
else
  set -- --app "$APP" --all --local
fi
if [ "${FNJOBS_FN_NO_BUMP:-0}" = 1 ]; then
  set -- "$@" --no-bump
fi
log "deploying: fn deploy $*"
(cd functions && fn deploy "$@")

# After the deploy, on purpose: fn deploy writes the config of functions/app.yaml (the embedded
# stack's endpoint) into the app each time, which would undo values set before it.
log "configuring app $APP"
configure FNJOBS_S3_ENDPOINT "$S3_ENDPOINT"
configure FNJOBS_S3_REGION "$S3_REGION"
configure FNJOBS_STATE_BUCKET "$STATE_BUCKET"
configure FNJOBS_SMTP_HOST "$SMTP_HOST"
configure FNJOBS_SMTP_PORT "$SMTP_PORT"
configure AWS_ACCESS_KEY_ID "$ACCESS_KEY"
configure AWS_SECRET_ACCESS_KEY "$SECRET_KEY"

log "done; every later 'fn deploy' resets FNJOBS_S3_ENDPOINT, FNJOBS_S3_REGION and"
log "FNJOBS_STATE_BUCKET to functions/app.yaml: run this script again instead"
