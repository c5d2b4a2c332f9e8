#!/bin/sh
# Creates on a MinIO server what fnjobs needs (the same list as infra/resources.yaml):
#   - the buckets uploads, thumbnails, orders and state;
#   - the bucket notification that sends uploads/images/* put and delete events to the webhook
#     target FNJOBS, which the MinIO server itself declares through its environment
#     (MINIO_NOTIFY_WEBHOOK_*_FNJOBS, see local-dev/compose.yaml);
#   - two least-privilege users, fnjobs-triggers and fnjobs-functions, with the policies in
#     policies/*.json (bucket names are fixed there: uploads, thumbnails, orders, state).
# Every step can run again: nothing is duplicated, policies and secrets are overwritten.
#
# Written for the MinIO client image (POSIX sh and mc, nothing else is assumed):
#   local-dev/compose.yaml runs it as the minio-setup service.
# By hand, against any MinIO server:
#   FNJOBS_MINIO_URL=https://minio.example:9000 MINIO_ROOT_USER=... MINIO_ROOT_PASSWORD=... \
#     sh infra/minio/setup.sh
set -eu

MINIO_URL=${FNJOBS_MINIO_URL:-http://minio:9000}
ROOT_USER=${MINIO_ROOT_USER:-minioadmin}
ROOT_PASSWORD=${MINIO_ROOT_PASSWORD:-minioadmin}
# The ARN MinIO gives a webhook target is arn:minio:sqs::<ID>:webhook, <ID> being the suffix of
# MINIO_NOTIFY_WEBHOOK_ENABLE_<ID> as written (case counts). The server prints its ARNs at start.
WEBHOOK_ARN=${FNJOBS_MINIO_WEBHOOK_ARN:-arn:minio:sqs::FNJOBS:webhook}
# MinIO wants secret keys of at least 8 characters. Change them for anything but a laptop.
TRIGGERS_ACCESS_KEY=${FNJOBS_TRIGGERS_ACCESS_KEY:-fnjobs-triggers}
TRIGGERS_SECRET_KEY=${FNJOBS_TRIGGERS_SECRET_KEY:-fnjobs-triggers-secret}
FUNCTIONS_ACCESS_KEY=${FNJOBS_FUNCTIONS_ACCESS_KEY:-fnjobs-functions}
FUNCTIONS_SECRET_KEY=${FNJOBS_FUNCTIONS_SECRET_KEY:-fnjobs-functions-secret}
# policies/ next to this script, found without dirname (the client image is minimal).
case $0 in
  */*) SCRIPT_DIR=${0%/*} ;;
  *) SCRIPT_DIR=. ;;
esac
POLICY_DIR=${FNJOBS_MINIO_POLICY_DIR:-$SCRIPT_DIR/policies}
ALIAS=fnjobs

log() {
  printf 'minio-setup: %s\n' "$*"
}

# Attaches a policy to a user; mc fails when the policy is attached already, which is fine here.
attach_policy() {
  policy=$1
  user=$2
  if out=$(mc admin policy attach "$ALIAS" "$policy" --user "$user" 2>&1); then
    log "policy $policy attached to $user"
  else
    case $out in
      *"already in effect"* | *"already attached"*)
        log "policy $policy was attached to $user already" ;;
      *)
        printf '%s\n' "$out" >&2
        log "could not attach policy $policy to user $user (see the error above)"
        exit 1 ;;
    esac
  fi
}

log "connecting to $MINIO_URL as $ROOT_USER"
mc alias set "$ALIAS" "$MINIO_URL" "$ROOT_USER" "$ROOT_PASSWORD" >/dev/null
mc ready "$ALIAS"

for bucket in uploads thumbnails orders state; do
  mc mb --ignore-existing "$ALIAS/$bucket"
done

# put = s3:ObjectCreated:*, delete = s3:ObjectRemoved:*; only keys under images/ are sent.
if ! mc event add --ignore-existing --event put,delete --prefix images/ \
    "$ALIAS/uploads" "$WEBHOOK_ARN"; then
  log "no notification target $WEBHOOK_ARN on the server: check MINIO_NOTIFY_WEBHOOK_ENABLE_FNJOBS"
  log "and MINIO_NOTIFY_WEBHOOK_ENDPOINT_FNJOBS, or set FNJOBS_MINIO_WEBHOOK_ARN to an ARN that"
  log "'mc admin info --json $ALIAS' lists"
  exit 1
fi

# 'policy create' replaces a policy of the same name, so a changed JSON file takes effect.
mc admin policy create "$ALIAS" fnjobs-triggers "$POLICY_DIR/fnjobs-triggers.json"
mc admin policy create "$ALIAS" fnjobs-functions "$POLICY_DIR/fnjobs-functions.json"

# 'user add' on an existing user sets its secret key again.
mc admin user add "$ALIAS" "$TRIGGERS_ACCESS_KEY" "$TRIGGERS_SECRET_KEY"
mc admin user add "$ALIAS" "$FUNCTIONS_ACCESS_KEY" "$FUNCTIONS_SECRET_KEY"
attach_policy fnjobs-triggers "$TRIGGERS_ACCESS_KEY"
attach_policy fnjobs-functions "$FUNCTIONS_ACCESS_KEY"

log "done: buckets, notification $WEBHOOK_ARN on uploads/images/, users $TRIGGERS_ACCESS_KEY and $FUNCTIONS_ACCESS_KEY"
