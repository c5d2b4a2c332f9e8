/**
 * What every trigger type shares: the service that starts the listeners, the invoker, the attempt
 * policy (what follows a run, for every delivery) and the meaning of a function's answer, health and
 * start-up checks. Uses {@code fn}, {@code runs}, {@code metrics}, {@code tracing}, never a trigger
 * type's package: the types are found through {@link io.fnjobs.triggers.runtime.TriggerModules}.
 */
package io.fnjobs.triggers.runtime;
