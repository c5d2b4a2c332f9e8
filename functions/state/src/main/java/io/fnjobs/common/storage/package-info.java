/**
 * Building the S3 client from endpoint settings, and the request tally the benches read. Module
 * {@code functions/state}: uses {@code config} and the AWS SDK.
 */
package io.fnjobs.common.storage;
