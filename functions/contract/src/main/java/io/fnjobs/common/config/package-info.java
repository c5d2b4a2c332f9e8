/**
 * A function's configuration read by name, failing fast with the setting's name, and the one setting name of
 * each bucket (with the old names still read for one release). Module {@code functions/contract}: uses
 * nothing of the project, no AWS SDK and no FDK.
 */
package io.fnjobs.common.config;
