/**
 * Fn's identifiers for apps, functions and calls. Uses nothing of the project.
 */
package io.fnjobs.fnhost.ids;
