#!/bin/sh
# Creates on LocalStack the resources of infra/resources.yaml, as infra/aws/fnjobs.yaml does on AWS:
#   buckets uploads, thumbnails, orders, state; queues orders (visibility 30 s, after 5 receives to
#   orders-dlq), orders-dlq (kept 14 days) and uploads-events; S3 event notifications for
#   uploads/images/ (created and removed) to uploads-events, with the queue policy that allows them.
# Every step can run again: existing buckets and queues are kept and their settings re-applied.
#
# local-dev/compose.yaml mounts it into /etc/localstack/init/ready.d/, so LocalStack runs it once
# it is ready (the file must be executable). By hand, against a running LocalStack:
#   AWSLOCAL="aws --endpoint-url http://localhost:4566" sh infra/aws/localstack-init.sh
set -eu

# awslocal ships in the LocalStack image; it is the aws CLI pointed at LocalStack.
AWSLOCAL=${AWSLOCAL:-awslocal}
# LocalStack ignores the secret; the access key chooses the account (test = 000000000000).
export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-test}"
export AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-test}"
export AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-us-east-1}"
REGION=$AWS_DEFAULT_REGION
# Same meaning as the BucketNamePrefix parameter of fnjobs.yaml; empty in the compose setup.
PREFIX=${FNJOBS_BUCKET_PREFIX:-}
UPLOADS_BUCKET="${PREFIX}uploads"

TMP_DIR=$(mktemp -d)
trap 'rm -rf "$TMP_DIR"' EXIT

log() {
  printf 'fnjobs-init: %s\n' "$*"
}

aws_cli() {
  # shellcheck disable=SC2086 # AWSLOCAL may hold a command and its options
  $AWSLOCAL "$@"
}

create_bucket() {
  if aws_cli s3api head-bucket --bucket "$1" >/dev/null 2>&1; then
    log "bucket $1 exists"
  elif [ "$REGION" = us-east-1 ]; then
    aws_cli s3api create-bucket --bucket "$1" >/dev/null
    log "bucket $1 created"
  else
    aws_cli s3api create-bucket --bucket "$1" \
      --create-bucket-configuration "LocationConstraint=$REGION" >/dev/null
    log "bucket $1 created"
  fi
}

# ensure_queue NAME ATTRIBUTES_FILE: creates the queue, or applies the attributes to the existing one
# (create-queue refuses an existing queue whose attributes differ). Prints the queue URL.
ensure_queue() {
  if url=$(aws_cli sqs get-queue-url --queue-name "$1" --query QueueUrl --output text 2>/dev/null); then
    aws_cli sqs set-queue-attributes --queue-url "$url" --attributes "file://$2"
    log "queue $1 exists, attributes applied" >&2
  else
    url=$(aws_cli sqs create-queue --queue-name "$1" --attributes "file://$2" \
      --query QueueUrl --output text)
    log "queue $1 created" >&2
  fi
  printf '%s\n' "$url"
}

queue_arn() {
  aws_cli sqs get-queue-attributes --queue-url "$1" --attribute-names QueueArn \
    --query Attributes.QueueArn --output text
}

account_id() {
  aws_cli sts get-caller-identity --query Account --output text 2>/dev/null || echo 000000000000
}

for bucket in uploads thumbnails orders state; do
  create_bucket "${PREFIX}$bucket"
done

# Queue attributes are strings, nested policies are JSON strings inside that JSON.
printf '{"MessageRetentionPeriod":"1209600"}\n' >"$TMP_DIR/orders-dlq.json"
DLQ_URL=$(ensure_queue orders-dlq "$TMP_DIR/orders-dlq.json")
DLQ_ARN=$(queue_arn "$DLQ_URL")

printf '{"VisibilityTimeout":"30","RedrivePolicy":"{\\"deadLetterTargetArn\\":\\"%s\\",\\"maxReceiveCount\\":\\"5\\"}"}\n' \
  "$DLQ_ARN" >"$TMP_DIR/orders.json"
ensure_queue orders "$TMP_DIR/orders.json" >/dev/null

printf '{}\n' >"$TMP_DIR/uploads-events.json"
EVENTS_URL=$(ensure_queue uploads-events "$TMP_DIR/uploads-events.json")
EVENTS_ARN=$(queue_arn "$EVENTS_URL")

# Only S3, for this bucket and this account, may send to uploads-events (LocalStack does not
# enforce it; it is here so LocalStack and AWS hold the same resources).
ACCOUNT=$(account_id)
printf '{"Policy":"{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Sid\\":\\"S3UploadsEvents\\",\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"Service\\":\\"s3.amazonaws.com\\"},\\"Action\\":\\"sqs:SendMessage\\",\\"Resource\\":\\"%s\\",\\"Condition\\":{\\"ArnLike\\":{\\"aws:SourceArn\\":\\"arn:aws:s3:::%s\\"},\\"StringEquals\\":{\\"aws:SourceAccount\\":\\"%s\\"}}}]}"}\n' \
  "$EVENTS_ARN" "$UPLOADS_BUCKET" "$ACCOUNT" >"$TMP_DIR/uploads-events-policy.json"
aws_cli sqs set-queue-attributes --queue-url "$EVENTS_URL" \
  --attributes "file://$TMP_DIR/uploads-events-policy.json"

# One configuration per bucket: putting it again replaces it. S3 first sends an s3:TestEvent
# message to the queue, which consumers must skip.
cat >"$TMP_DIR/notification.json" <<EOF
{
  "QueueConfigurations": [
    {
      "Id": "fnjobs-uploads-images",
      "QueueArn": "$EVENTS_ARN",
      "Events": ["s3:ObjectCreated:*", "s3:ObjectRemoved:*"],
      "Filter": {"Key": {"FilterRules": [{"Name": "prefix", "Value": "images/"}]}}
    }
  ]
}
EOF
aws_cli s3api put-bucket-notification-configuration --bucket "$UPLOADS_BUCKET" \
  --notification-configuration "file://$TMP_DIR/notification.json"
log "notification: $UPLOADS_BUCKET/images/ created and removed -> $EVENTS_ARN"
log "done"
