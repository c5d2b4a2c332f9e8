package io.fnjobs.bench.echo;

/** The benchmark's function: answers its input, so that only the plumbing is measured. */
public class EchoFunction {

  public String handleRequest(String body) {
    return body;
  }
}
