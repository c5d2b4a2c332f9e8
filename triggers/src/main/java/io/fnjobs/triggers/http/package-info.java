/**
 * The admin server with its bearer token and the console's static files. Uses the JDK's HTTP server and
 * Jackson; nothing else of the project.
 */
package io.fnjobs.triggers.http;
