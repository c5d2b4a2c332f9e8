/**
 * The project's one Jackson mapper (sorted, lenient on unknown fields) and the hashes of JSON values. Module
 * {@code functions/contract}: uses nothing of the project, only Jackson.
 */
package io.fnjobs.common.json;
