package io.fnjobs.triggers.control;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** One trigger's pause: since when (ISO-8601 instant) and why, as the operator said (may be null). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Pause(String since, String reason) {}
