package io.fnjobs.triggers.queue;

import io.fnjobs.triggers.definition.QueueSource;
import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.fn.FunctionRef;
import io.fnjobs.triggers.runtime.ConnectingListener;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Listens to one or more queues, in priority order. */
public final class QueueListener extends ConnectingListener {

  private final SqsClient sqs;
  private final QueueSource source;
  private final List<String> queueUrls = new CopyOnWriteArrayList<>();

  public QueueListener(TriggerDefinition definition, FunctionRef function, SqsClient sqs) {
    super(definition, function);
    this.sqs = sqs;
    this.source = definition.source(QueueSource.class);
  }

  @Override
  protected void connect() {
    List<String> urls =
        source.queues().stream()
            .map(queue -> sqs.getQueueUrl(request -> request.queueName(queue)).queueUrl())
            .toList();
    queueUrls.clear();
    queueUrls.addAll(urls);
  }

  @Override
  public Map<String, Object> details() {
    return Map.of("queues", source.queues(), "queueUrls", List.copyOf(queueUrls));
  }
}
