package io.fnjobs.common.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.fnjobs.common.failure.FlagError;

/**
 * What a unit of work came to, as the idempotency store keeps it: a result, or a rejection (with its
 * details as the result, if any). A duplicate invocation gets the same outcome back.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobOutcome(JsonNode result, FlagError rejection) {

  public boolean rejected() {
    return rejection != null;
  }
}
