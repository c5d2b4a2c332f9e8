/**
 * The embedded servers of the local stack, one subpackage each, and the resources they share. Uses nothing of
 * the functions or the trigger layer.
 */
package io.fnjobs.localdev;
