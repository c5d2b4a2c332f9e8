/**
 * Fn's invoke API as the trigger layer calls it: the {@code FnClient} port and its HTTP adapter. Uses
 * Jackson; nothing else of the project.
 */
package io.fnjobs.triggers.fn;
