/**
 * The embedded mail server (GreenMail) and the archive of what it received. Uses GreenMail and Jakarta Mail.
 */
package io.fnjobs.localdev.smtp;
