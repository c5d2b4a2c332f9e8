/**
 * The embedded SQS server (ElasticMQ) behind a front that enforces the real service's limits. Uses ElasticMQ
 * and the AWS SDK.
 */
package io.fnjobs.localdev.sqs;
