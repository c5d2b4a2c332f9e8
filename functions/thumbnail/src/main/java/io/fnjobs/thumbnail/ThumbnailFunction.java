package io.fnjobs.thumbnail;

import com.fnproject.fn.api.RuntimeContext;
import io.fnjobs.common.config.InvalidSettingException;
import io.fnjobs.common.config.Settings;
import io.fnjobs.common.event.JobReply;
import io.fnjobs.common.event.TriggerEvent;
import java.util.Arrays;
import java.util.List;

/**
 * Fn entry point of the thumbnail job ({@code io.fnjobs.thumbnail.ThumbnailFunction::handleRequest});
 * it takes {@link TriggerEvent}s of kind {@code blob}.
 */
public class ThumbnailFunction {

  static final String JOB = "thumbnail";
  static final String SIZES = "THUMBNAIL_SIZES";

  private final List<Integer> sizes;

  public ThumbnailFunction(RuntimeContext context) {
    this.sizes = parseSizes(Settings.from(context::getConfigurationByKey).get(SIZES, "128,512"));
  }

  public JobReply handleRequest(TriggerEvent event) {
    JobReply.expect(JOB, TriggerEvent.Kind.blob, event);
    String subject = event.blob().bucket() + "/" + event.blob().key();
    return JobReply.accepted(JOB, subject, event).withDetail("sizes " + sizes);
  }

  static List<Integer> parseSizes(String value) {
    try {
      List<Integer> parsed =
          Arrays.stream(value.split(",")).map(String::trim).map(Integer::valueOf).toList();
      if (parsed.isEmpty() || parsed.stream().anyMatch(size -> size < 1 || size > 8192)) {
        throw new NumberFormatException();
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new InvalidSettingException(
          SIZES, value, "a comma-separated list of box sizes in pixels from 1 to 8192, e.g. 128,512");
    }
  }
}
