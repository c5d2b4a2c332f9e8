package io.fnjobs.bench.cleanup;

import io.fnjobs.localdev.s3.EmbeddedS3;
import io.fnjobs.localdev.s3.S3ServerOptions;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The embedded S3 server in a process of its own, so that the benchmark's heap holds only the client
 * side: {@code S3ServerMain <data dir>} prints {@code ready <port>} and serves until its stdin closes.
 */
public final class S3ServerMain {

  private S3ServerMain() {}

  public static void main(String[] args) throws IOException {
    try (EmbeddedS3 server = EmbeddedS3.start(S3ServerOptions.builder().port(0).dataDir(Path.of(args[0])).build())) {
      System.out.println("ready " + server.uri().getPort());
      System.out.flush();
      while (System.in.read() >= 0) {
        // serve until the benchmark closes our stdin
      }
    }
  }
}
