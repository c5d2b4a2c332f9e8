/**
 * The file-drop trigger type, an example written outside the trigger layer: each file put into a
 * folder is handed to a function, then moved to {@code done/} (settled) or {@code failed/} (given up).
 * Uses only the trigger layer's {@code definition}, {@code runtime}, {@code fn} and {@code runs}.
 */
package io.fnjobs.example.filedrop;
