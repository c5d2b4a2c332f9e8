/**
 * A function that answers what it gets, to measure the invoke path without work. Uses nothing of the project.
 */
package io.fnjobs.bench.echo;
