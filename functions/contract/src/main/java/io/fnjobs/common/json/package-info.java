/**
 * The project's one Jackson mapper (sorted, lenient on unknown fields) and the hashes of JSON values. Uses
 * nothing of the project.
 */
package io.fnjobs.common.json;
