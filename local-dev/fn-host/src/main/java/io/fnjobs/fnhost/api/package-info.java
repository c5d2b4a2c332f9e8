/**
 * Fn's HTTP API as the host serves it ({@code /v2/apps}, {@code /v2/fns}, {@code POST /invoke/{fn_id}}), with
 * its limits and error bodies. Uses {@code container}, {@code store}, {@code ids} and {@code metrics}.
 */
package io.fnjobs.fnhost.api;
