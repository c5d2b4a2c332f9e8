import com.fnproject.fn.api.Headers;
import com.fnproject.fn.api.OutputEvent;
import com.fnproject.fn.runtime.EntryPoint;
import com.fnproject.fn.runtime.EventCodec;
import com.fnproject.fn.runtime.ReadOnceInputEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * One call of a function through the FDK's own runtime, on a class path laid out as Fn's Java image
 * lays it out (the function's app/ folder, then the FDK runtime), fed from a file instead of Fn's unix
 * socket, whose native library only ships in Fn's images. Run as a single source file:
 *
 * <pre>java -cp 'target/fn/app/*:&lt;fdk runtime jars&gt;' RunOnce.java pkg.Class::method event.json</pre>
 *
 * The function's config comes from the environment, as on Fn; its reply goes to stdout.
 */
public class RunOnce {

  public static void main(String[] args) throws IOException {
    byte[] body = Files.readAllBytes(Path.of(args[1]));
    Instant deadline = Instant.now().plusSeconds(60);
    String callId = "01RUNONCE0000000000000000";
    EventCodec codec = handler -> {
      Headers headers = Headers.emptyHeaders()
          .setHeader("Content-Type", "application/json")
          .setHeader("Fn-Call-Id", callId)
          .setHeader("Fn-Deadline", deadline.toString());
      OutputEvent output = handler.handle(new ReadOnceInputEvent(new ByteArrayInputStream(body), headers, callId, deadline));
      try {
        output.writeToOutput(System.out);
        System.out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
    System.exit(new EntryPoint().run(System.getenv(), codec, System.err, args[0]));
  }
}
