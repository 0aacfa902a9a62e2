package paas.cli;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The far end of an attach_url: accepts one connection, keeps the upgrade request's head, and plays
 * a script of the paas-run frame protocol (docs/api.md, "Attaching to a one-off dyno").
 */
public final class FakeRunServer implements AutoCloseable {
  public static final int STDIN = 0;
  public static final int STDOUT = 1;
  public static final int STDERR = 2;
  public static final int EXIT = 3;
  public static final int STDIN_EOF = 4;
  public static final int ERROR = 5;

  public record Frame(int type, byte[] payload) {
    public String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }
  }

  /** What the server does once the request head is read. */
  @FunctionalInterface
  public interface Script {
    void play(Conversation conversation) throws IOException;
  }

  /** One accepted connection, as the script sees it. */
  public static final class Conversation {
    private final DataInputStream in;
    private final DataOutputStream out;
    private final Socket socket;

    Conversation(Socket socket, DataInputStream in, DataOutputStream out) {
      this.socket = socket;
      this.in = in;
      this.out = out;
    }

    public void switchProtocols() throws IOException {
      out.write("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: paas-run\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }

    /** An ordinary HTTP error answer with a JSON body. */
    public void refuse(int status, String reason, String json) throws IOException {
      byte[] body = json.getBytes(StandardCharsets.UTF_8);
      out.write(("HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: application/json\r\nContent-Length: "
          + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
    }

    public void send(int type, byte[] payload) throws IOException {
      out.writeByte(type);
      out.writeInt(payload.length);
      out.write(payload);
      out.flush();
    }

    public void send(int type, String text) throws IOException {
      send(type, text.getBytes(StandardCharsets.UTF_8));
    }

    public void exit(int status) throws IOException {
      send(EXIT, ByteBuffer.allocate(4).putInt(status).array());
    }

    public Frame read() throws IOException {
      int type = in.readUnsignedByte();
      int length = in.readInt();
      return new Frame(type, in.readNBytes(length));
    }

    /** Frames from the client up to and including STDIN_EOF. */
    public List<Frame> readUntilStdinEof() throws IOException {
      List<Frame> frames = new ArrayList<>();
      Frame frame;
      do {
        frame = read();
        frames.add(frame);
      } while (frame.type() != STDIN_EOF);
      return frames;
    }

    /** Drops the connection, as a crashed server would. */
    public void hangUp() throws IOException {
      socket.close();
    }
  }

  private final ServerSocket server;
  private final CompletableFuture<String> head = new CompletableFuture<>();
  private final CompletableFuture<Void> played = new CompletableFuture<>();

  private FakeRunServer(ServerSocket server) {
    this.server = server;
  }

  public static FakeRunServer start(Script script) throws IOException {
    FakeRunServer fake = new FakeRunServer(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
    Thread thread = new Thread(() -> fake.serve(script), "fake-run-server");
    thread.setDaemon(true);
    thread.start();
    return fake;
  }

  public int port() {
    return server.getLocalPort();
  }

  public String attachUrl(String secret) {
    return "http://127.0.0.1:" + port() + "/run-sessions/" + secret;
  }

  /** The upgrade request's head, up to and including the blank line. */
  public String head() throws Exception {
    return head.get(10, TimeUnit.SECONDS);
  }

  /** Waits for the script to finish, and fails the way it failed. */
  public void awaitPlayed() throws Exception {
    played.get(10, TimeUnit.SECONDS);
  }

  private void serve(Script script) {
    try (Socket socket = server.accept()) {
      socket.setSoTimeout(10_000);
      DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      while (!bytes.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("the client closed before the end of its request head: " + bytes);
        }
        bytes.write(b);
      }
      head.complete(bytes.toString(StandardCharsets.UTF_8));
      script.play(new Conversation(socket, in, new DataOutputStream(socket.getOutputStream())));
      played.complete(null);
    } catch (Throwable e) {
      head.completeExceptionally(e);
      played.completeExceptionally(e);
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
