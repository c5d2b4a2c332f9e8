/**
 * Apps and functions as the API changes them, kept as an overlay over the catalog so that a restart finds
 * them. Uses {@code catalog}, {@code container} and {@code ids}.
 */
package io.fnjobs.fnhost.store;
