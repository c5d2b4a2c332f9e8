/**
 * A function's configuration read by name, failing fast with the setting's name, and the one setting name of
 * each bucket (with the old names still read for one release). Uses nothing of the project.
 */
package io.fnjobs.common.config;
