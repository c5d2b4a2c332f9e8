#!/bin/sh
# Deploys the functions to a real Fn server as the app fnjobs: builds them with Maven, runs
# `fn deploy --all` in functions/, then sets the app's configuration: where the function containers
# reach the object store and the mail server, and with which keys.
#
# Usage: infra/fn/setup.sh [OPTION]...
#   --fn-api-url URL    the Fn server                               (FN_API_URL; http://localhost:8080)
#   --app NAME          the Fn app                                  (FNJOBS_APP; fnjobs)
#   --s3-endpoint URL   the S3 API as the function containers reach it
#                       (FNJOBS_S3_ENDPOINT; http://minio:9000, a name only compose's network resolves)
#   --s3-region REGION                                              (FNJOBS_S3_REGION; us-east-1)
#   --state-bucket NAME                                             (FNJOBS_STATE_BUCKET; state)
#   --smtp-host HOST    the mail server as the containers reach it  (FNJOBS_SMTP_HOST; smtp, compose's too)
#   --smtp-port PORT                                                (FNJOBS_SMTP_PORT; 3025, GreenMail's)
#   --access-key KEY    the functions' keys for the store, set as the app's AWS_ACCESS_KEY_ID and
#   --secret-key KEY    AWS_SECRET_ACCESS_KEY (FNJOBS_FUNCTIONS_ACCESS_KEY, FNJOBS_FUNCTIONS_SECRET_KEY;
#                       the MinIO user infra/minio/setup.sh creates: fnjobs-functions, fnjobs-functions-secret)
#   --registry OWNER    push the images to <registry/>OWNER instead of building them for a Fn server
#                       on this Docker engine (fn deploy --local)   (FNJOBS_FN_REGISTRY)
#   --fdk-image IMAGE   the functions' base image, passed as --build-arg FDK_IMAGE=IMAGE
#                       (FNJOBS_FDK_IMAGE; the Dockerfiles' default, the FDK of the pom's fdk.version)
#   --bump              let fn deploy bump each function's version; it then rewrites every func.yaml
#                       (FNJOBS_FN_BUMP=1; without it fn deploy runs with --no-bump)
#   --skip-build        do not run mvn package first                (FNJOBS_SKIP_BUILD=1)
#   --dry-run           print the commands instead of running them (secret values hidden)
#   -h, --help          print this help
# A value given as "" removes that key from the app: on AWS, no endpoint and no static keys when the
# function containers get credentials from their host.
#
# Examples:
#   infra/fn/setup.sh                                     # local-dev/compose.yaml's Fn, MinIO, GreenMail
#   infra/fn/setup.sh --s3-endpoint http://localstack:4566 --access-key test --secret-key test
#   infra/fn/setup.sh --s3-endpoint http://127.0.0.1:9000 --access-key minioadmin --secret-key minioadmin \
#     --smtp-host 127.0.0.1 --smtp-port 2525              # ./local-dev/up --fn-api-url: see infra/README.md
#
# Needs the fn CLI and a Docker engine (fn builds each function's image with it), and Maven with a
# JDK 17 unless --skip-build. Loopback endpoints reach this machine only when the Fn server runs the
# function containers on the host network (FN_DOCKER_NETWORKS=host).

set -eu

log() {
  printf 'fn-setup: %s\n' "$*" >&2
}

usage() {
  sed -n '2,/^$/s/^# \{0,1\}//p' "$0"
}

usage_error() {
  log "$1"
  log "see: $0 --help"
  exit 2
}

# Unset variables take the default; variables set to "" remove the key from the app.
FN_API_URL=${FN_API_URL:-http://localhost:8080}
APP=${FNJOBS_APP:-fnjobs}
S3_ENDPOINT=${FNJOBS_S3_ENDPOINT-http://minio:9000}
S3_REGION=${FNJOBS_S3_REGION-us-east-1}
STATE_BUCKET=${FNJOBS_STATE_BUCKET-state}
SMTP_HOST=${FNJOBS_SMTP_HOST-smtp}
SMTP_PORT=${FNJOBS_SMTP_PORT-3025}
# Read under these names, not AWS_*, so that the credentials of the shell running this script never
# end up in the app's configuration.
ACCESS_KEY=${FNJOBS_FUNCTIONS_ACCESS_KEY-fnjobs-functions}
SECRET_KEY=${FNJOBS_FUNCTIONS_SECRET_KEY-fnjobs-functions-secret}
REGISTRY=${FNJOBS_FN_REGISTRY:-}
FDK_IMAGE=${FNJOBS_FDK_IMAGE:-}
BUMP=${FNJOBS_FN_BUMP:-0}
SKIP_BUILD=${FNJOBS_SKIP_BUILD:-0}
DRY_RUN=0

while [ $# -gt 0 ]; do
  option=$1
  shift
  value=
  case $option in
    --*=*)
      value=${option#*=}
      option=${option%%=*}
      inline=1
      ;;
    *) inline=0 ;;
  esac
  case $option in
    --fn-api-url | --app | --s3-endpoint | --s3-region | --state-bucket | --smtp-host | --smtp-port | \
      --access-key | --secret-key | --registry | --fdk-image)
      if [ "$inline" = 0 ]; then
        [ $# -gt 0 ] || usage_error "$option needs a value"
        value=$1
        shift
      fi
      ;;
    *)
      [ "$inline" = 0 ] || usage_error "$option takes no value"
      ;;
  esac
  case $option in
    --fn-api-url) FN_API_URL=$value ;;
    --app) APP=$value ;;
    --s3-endpoint) S3_ENDPOINT=$value ;;
    --s3-region) S3_REGION=$value ;;
    --state-bucket) STATE_BUCKET=$value ;;
    --smtp-host) SMTP_HOST=$value ;;
    --smtp-port) SMTP_PORT=$value ;;
    --access-key) ACCESS_KEY=$value ;;
    --secret-key) SECRET_KEY=$value ;;
    --registry) REGISTRY=$value ;;
    --fdk-image) FDK_IMAGE=$value ;;
    --bump) BUMP=1 ;;
    --skip-build) SKIP_BUILD=1 ;;
    --dry-run) DRY_RUN=1 ;;
    -h | --help)
      usage
      exit 0
      ;;
    *) usage_error "unknown option '$option'" ;;
  esac
done

[ -n "$APP" ] || usage_error "--app needs a name"
case $SMTP_PORT in
  '' | *[!0-9]*) [ -z "$SMTP_PORT" ] || usage_error "--smtp-port '$SMTP_PORT' is not a port number" ;;
esac
export FN_API_URL

# The arguments as one line a shell would read back, each quoted where it needs to be.
quoted() {
  line=
  for word in "$@"; do
    case $word in
      '' | *[!A-Za-z0-9_./:=@%+,-]*)
        word="'$(printf '%s' "$word" | sed "s/'/'\\\\''/g")'"
        ;;
    esac
    line="${line:+$line }$word"
  done
  printf '%s\n' "$line"
}

# Runs a command, or prints it with --dry-run.
run() {
  if [ "$DRY_RUN" = 1 ]; then
    quoted "$@"
  else
    "$@"
  fi
}

# Sets KEY on the app, or removes it when VALUE is empty. A third argument "secret" hides the value
# in what --dry-run prints.
configure() {
  if [ -n "$2" ]; then
    if [ "$DRY_RUN" = 1 ] && [ "${3:-}" = secret ]; then
      printf '%s ***\n' "$(quoted fn config app "$APP" "$1")"
    else
      run fn config app "$APP" "$1" "$2"
    fi
  elif [ "$DRY_RUN" = 1 ]; then
    quoted fn unset config app "$APP" "$1"
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

# Whether a URL or host name points at the loopback interface.
is_loopback() {
  case $1 in
    *://localhost* | *://127.* | *://\[::1\]* | localhost | 127.* | ::1) return 0 ;;
    *) return 1 ;;
  esac
}

REPO_ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$REPO_ROOT"

if [ "$DRY_RUN" = 0 ]; then
  need fn "install the Fn CLI"
  need docker "fn builds the function images with Docker"
fi

# Each function's Dockerfile copies target/fn/app, which only the Maven build produces.
if [ "$SKIP_BUILD" != 1 ]; then
  [ "$DRY_RUN" = 1 ] || need mvn "install Maven 3.8+ (or pass --skip-build after building yourself)"
  log "building the functions"
  run mvn -B -DskipTests package
fi

log "Fn server: $FN_API_URL"
if [ "$DRY_RUN" = 1 ]; then
  quoted export "FN_API_URL=$FN_API_URL"
  printf '%s >/dev/null 2>&1 || %s\n' "$(quoted fn inspect app "$APP")" "$(quoted fn create app "$APP")"
elif fn inspect app "$APP" >/dev/null 2>&1; then
  log "app $APP exists"
else
  fn create app "$APP"
fi

# --all deploys every function under functions/ (the folder holding app.yaml); --local builds the
# images without pushing them, for a Fn server on this Docker engine; a remote one needs --registry.
# Without --bump, fn deploy keeps each func.yaml as it is (with a bump it rewrites the file: comments
# dropped, keys sorted, quotes removed) and rebuilds the same tag.
if [ -n "$REGISTRY" ]; then
  set -- --app "$APP" --all --registry "$REGISTRY"
  if [ "$BUMP" != 1 ]; then
    log "warning: a Fn server never pulls a tag it already has, so hosts that ran an earlier deploy keep"
    log "its image: with --registry, pass --bump to push a new version each time"
  fi
else
  set -- --app "$APP" --all --local
fi
if [ "$BUMP" != 1 ]; then
  set -- "$@" --no-bump
fi
if [ -n "$FDK_IMAGE" ]; then
  set -- "$@" --build-arg "FDK_IMAGE=$FDK_IMAGE"
fi
log "deploying"
if [ "$DRY_RUN" = 1 ]; then
  printf '(cd functions && %s)\n' "$(quoted fn deploy "$@")"
else
  (cd functions && fn deploy "$@")
fi

# After the deploy, on purpose: fn deploy writes the config of functions/app.yaml (the embedded
# stack's endpoint) into the app each time, which would undo values set before it.
log "configuring app $APP"
configure FNJOBS_S3_ENDPOINT "$S3_ENDPOINT"
configure FNJOBS_S3_REGION "$S3_REGION"
configure FNJOBS_STATE_BUCKET "$STATE_BUCKET"
configure FNJOBS_SMTP_HOST "$SMTP_HOST"
configure FNJOBS_SMTP_PORT "$SMTP_PORT"
configure AWS_ACCESS_KEY_ID "$ACCESS_KEY"
configure AWS_SECRET_ACCESS_KEY "$SECRET_KEY" secret

if is_loopback "$S3_ENDPOINT" || is_loopback "$SMTP_HOST"; then
  log "the functions reach the store or the mail server on loopback: only function containers on the"
  log "host network get there (the Fn server's FN_DOCKER_NETWORKS=host)"
fi
log "done; the Fn server applies configuration after its cache of about 5 s, to containers it starts"
log "from then on. Every later 'fn deploy' resets FNJOBS_S3_ENDPOINT, FNJOBS_S3_REGION and"
log "FNJOBS_STATE_BUCKET to functions/app.yaml: run this script again instead"
