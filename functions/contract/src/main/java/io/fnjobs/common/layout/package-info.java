/**
 * Where things live: keys in the state bucket ({@code StateLayout}), the functions' outputs in their own
 * buckets ({@code OutputLayout}) and the job names, so that the writer and every reader of a key agree. Uses
 * only {@code json}.
 */
package io.fnjobs.common.layout;
