/**
 * The embedded S3 server (S3Proxy on a filesystem) with conditional writes, long keys and MinIO-format
 * webhook events. Uses S3Proxy and the AWS SDK; nothing of the project.
 */
package io.fnjobs.localdev.s3;
