/**
 * Where things live: keys in the state bucket ({@code StateLayout}), the functions' outputs in their own
 * buckets ({@code OutputLayout}) and the job names, so that the writer and every reader of a key agree.
 * Module {@code functions/contract}: uses only {@code json}; no AWS SDK.
 */
package io.fnjobs.common.layout;
