/**
 * The Fn-compatible function host of the embedded stack: it runs the functions' FDK runtime in hot containers
 * and serves Fn's API. Uses its own subpackages only.
 */
package io.fnjobs.fnhost;
