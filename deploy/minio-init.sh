#!/bin/sh
# One-shot setup of the MinIO object store (the `minio-init` service in docker-compose.yml).
# Idempotent: safe to run on every `docker compose up`.
#   - creates the documents bucket, private (no anonymous access)
#   - creates the application's own access key, limited to that bucket, so the app never holds
#     the MinIO root credentials
set -eu

: "${MINIO_ROOT_USER:?}" "${MINIO_ROOT_PASSWORD:?}" "${S3_BUCKET:?}" "${S3_ACCESS_KEY_ID:?}" "${S3_SECRET_ACCESS_KEY:?}"

mc alias set store http://minio:9000 "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD" >/dev/null

mc mb --ignore-existing "store/$S3_BUCKET"
mc anonymous set none "store/$S3_BUCKET"

policy_file=$(mktemp)
cat >"$policy_file" <<JSON
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:GetBucketLocation", "s3:ListBucket"],
      "Resource": ["arn:aws:s3:::$S3_BUCKET"]
    },
    {
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"],
      "Resource": ["arn:aws:s3:::$S3_BUCKET/*"]
    }
  ]
}
JSON

# Both commands replace what exists: a changed secret or bucket name takes effect on the next run.
mc admin policy create store ime-app "$policy_file"
mc admin user add store "$S3_ACCESS_KEY_ID" "$S3_SECRET_ACCESS_KEY"
# Attaching a policy that is already attached is reported as an error; accept that case only.
mc admin policy attach store ime-app --user "$S3_ACCESS_KEY_ID" \
  || mc admin user info store "$S3_ACCESS_KEY_ID" | grep -q 'ime-app'

rm -f "$policy_file"
echo "minio-init: bucket '$S3_BUCKET' and access key '$S3_ACCESS_KEY_ID' ready"
