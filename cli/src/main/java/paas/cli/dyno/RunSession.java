package paas.cli.dyno;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLSocketFactory;
import paas.cli.api.ApiClient;
import paas.cli.core.CliException;

/**
 * One connection to a one-off dyno over the {@code paas-run} upgrade of docs/api.md ("Attaching to
 * a one-off dyno"): an HTTP/1.1 upgrade request, then frames of one type byte, a four-byte
 * big-endian length (at most 65536) and the payload, both ways. {@link #relay} copies standard
 * input on a thread of its own while the caller's thread writes what the dyno prints; nothing else
 * is thread-safe. Closing it closes the socket, which kills the dyno if it still runs. Add-on
 * sessions (pg:psql, redis:cli) speak the same protocol.
 */
public final class RunSession implements AutoCloseable {
  static final int STDIN = 0;
  static final int STDOUT = 1;
  static final int STDERR = 2;
  static final int EXIT = 3;
  static final int STDIN_EOF = 4;
  static final int ERROR = 5;
  static final int RESIZE = 6;
  static final int MAX_PAYLOAD = 65536;

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(60);
  private static final int MAX_HEAD = 64 * 1024;
  private static final int MAX_ERROR_BODY = 64 * 1024;

  private final Socket socket;
  private final DataInputStream in;
  private final DataOutputStream out;

  private RunSession(Socket socket, DataInputStream in, DataOutputStream out) {
    this.socket = socket;
    this.in = in;
    this.out = out;
  }

  /**
   * Connects to attach_url and upgrades the connection with the token. An HTTP error answer becomes
   * the API's error (via {@link ApiClient#refusal}), as for any other request.
   */
  public static RunSession open(String attachUrl, String token, String userAgent, ApiClient api) {
    URI uri = parse(attachUrl);
    boolean tls = uri.getScheme().equalsIgnoreCase("https");
    int port = uri.getPort() >= 0 ? uri.getPort() : tls ? 443 : 80;
    String where = uri.getHost() + ":" + port;
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(uri.getHost(), port), (int) CONNECT_TIMEOUT.toMillis());
      if (tls) {
        socket = ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(socket, uri.getHost(), port, true);
      }
      // Keystrokes go out one by one; do not wait to fill a packet.
      socket.setTcpNoDelay(true);
      socket.setSoTimeout((int) HANDSHAKE_TIMEOUT.toMillis());
      DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
      String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
      if (uri.getRawQuery() != null) {
        path += "?" + uri.getRawQuery();
      }
      String request = "GET " + path + " HTTP/1.1\r\n"
          + "Host: " + where + "\r\n"
          + "Authorization: Bearer " + token + "\r\n"
          + "Connection: Upgrade\r\n"
          + "Upgrade: paas-run\r\n"
          + "User-Agent: " + userAgent + "\r\n"
          + "\r\n";
      out.write(request.getBytes(StandardCharsets.UTF_8));
      out.flush();
      // The same buffered stream reads the head and then the frames, so no frame byte is lost.
      DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
      Head head = readHead(in, where);
      if (head.status() != 101) {
        throw api.refusal(head.status(), readBody(in, head.headers()));
      }
      socket.setSoTimeout(0);
      return new RunSession(socket, in, out);
    } catch (IOException e) {
      closeQuietly(socket);
      throw new CliException("cannot attach to the one-off dyno at " + where + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(socket);
      throw e;
    }
  }

  /**
   * Sends stdin as STDIN frames (then STDIN_EOF) from a daemon thread, and writes STDOUT and STDERR
   * frames to stdout and stderr, flushed, until the EXIT frame.
   *
   * @return the command's exit status
   * @throws CliException on an ERROR frame (its text), or when the connection ends without EXIT
   */
  public int relay(InputStream stdin, PrintStream stdout, PrintStream stderr, String dyno) {
    Thread pump = new Thread(() -> pump(stdin), "paas-run-stdin");
    // Blocked on a terminal read it can never be woken from: it must not keep the JVM alive.
    pump.setDaemon(true);
    pump.start();
    while (true) {
      int type;
      byte[] payload;
      try {
        type = in.read();
        if (type < 0) {
          throw lost(dyno, null);
        }
        int length = in.readInt();
        if (length < 0 || length > MAX_PAYLOAD) {
          throw new CliException("the connection to " + dyno + " sent a frame of " + Integer.toUnsignedString(length)
              + " bytes, more than the " + MAX_PAYLOAD + " the protocol allows; is attach_url a paas API?");
        }
        payload = in.readNBytes(length);
        if (payload.length < length) {
          throw lost(dyno, null);
        }
      } catch (EOFException e) {
        throw lost(dyno, null);
      } catch (IOException e) {
        throw lost(dyno, e);
      }
      switch (type) {
        case STDOUT -> {
          stdout.write(payload, 0, payload.length);
          stdout.flush();
        }
        case STDERR -> {
          stderr.write(payload, 0, payload.length);
          stderr.flush();
        }
        case EXIT -> {
          if (payload.length != 4) {
            throw new CliException("the connection to " + dyno + " sent an exit status of " + payload.length
                + " bytes instead of 4");
          }
          return ByteBuffer.wrap(payload).getInt();
        }
        case ERROR -> throw new CliException(new String(payload, StandardCharsets.UTF_8));
        default -> {
          // Frames of unknown type are ignored, as the protocol says, so it can grow.
        }
      }
    }
  }

  private void pump(InputStream stdin) {
    byte[] buffer = new byte[8192];
    while (true) {
      int n;
      try {
        n = stdin.read(buffer);
      } catch (IOException e) {
        n = -1;
      }
      try {
        if (n < 0) {
          frame(STDIN_EOF, buffer, 0);
          return;
        }
        if (n > 0) {
          frame(STDIN, buffer, n);
        }
      } catch (IOException e) {
        // The session is over; the reading side reports how it ended.
        return;
      }
    }
  }

  /**
   * Tells the far end that this terminal now has {@code rows} and {@code columns} (a RESIZE
   * frame; a server that does not know it ignores it). A session that has ended is left alone.
   */
  public void resize(int rows, int columns) {
    try {
      frame(RESIZE, ByteBuffer.allocate(8).putInt(rows).putInt(columns).array(), 8);
    } catch (IOException e) {
      // The session is over; the reading side reports how it ended.
    }
  }

  private synchronized void frame(int type, byte[] payload, int length) throws IOException {
    out.writeByte(type);
    out.writeInt(length);
    out.write(payload, 0, length);
    out.flush();
  }

  private static CliException lost(String dyno, IOException cause) {
    return new CliException("connection to " + dyno + " lost", cause);
  }

  private static URI parse(String attachUrl) {
    try {
      URI uri = new URI(attachUrl);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
        return uri;
      }
    } catch (java.net.URISyntaxException e) {
      // reported below
    }
    throw new CliException("the API answered an attach_url this CLI cannot use: '" + attachUrl
        + "' (expected http://HOST:PORT/run-sessions/SECRET)");
  }

  private record Head(int status, Map<String, String> headers) {}

  private static Head readHead(InputStream in, String where) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int last4 = 0;
    while (last4 != 0x0d0a0d0a) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("the server closed the connection before answering");
      }
      if (head.size() >= MAX_HEAD) {
        throw new IOException("the answer's head is larger than " + MAX_HEAD + " bytes");
      }
      head.write(b);
      last4 = (last4 << 8) | b;
    }
    String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
    String[] statusLine = lines[0].split(" ", 3);
    int status;
    try {
      status = statusLine.length >= 2 && statusLine[0].startsWith("HTTP/") ? Integer.parseInt(statusLine[1]) : -1;
    } catch (NumberFormatException e) {
      status = -1;
    }
    if (status < 100 || status > 599) {
      throw new IOException(where + " answered '" + lines[0] + "', which is not HTTP");
    }
    Map<String, String> headers = new HashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
      }
    }
    return new Head(status, headers);
  }

  /** An error answer's body: by Content-Length, chunked, or up to the end of the connection. */
  private static String readBody(InputStream in, Map<String, String> headers) throws IOException {
    try {
      return new String(body(in, headers), StandardCharsets.UTF_8);
    } catch (NumberFormatException e) {
      throw new IOException("the error answer's length is not a number: " + e.getMessage(), e);
    }
  }

  private static byte[] body(InputStream in, Map<String, String> headers) throws IOException {
    byte[] body;
    String length = headers.get("content-length");
    if ("chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", ""))) {
      ByteArrayOutputStream chunks = new ByteArrayOutputStream();
      while (chunks.size() < MAX_ERROR_BODY) {
        String size = readLine(in).split(";", 2)[0].strip();
        int n = size.isEmpty() ? 0 : Integer.parseInt(size, 16);
        if (n == 0) {
          break;
        }
        chunks.write(in.readNBytes(Math.min(n, MAX_ERROR_BODY)));
        readLine(in);
      }
      body = chunks.toByteArray();
    } else if (length != null) {
      body = in.readNBytes((int) Math.min(Long.parseLong(length), MAX_ERROR_BODY));
    } else {
      body = in.readNBytes(MAX_ERROR_BODY);
    }
    return body;
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // nothing more to do with it
    }
  }

  @Override
  public void close() {
    closeQuietly(socket);
  }
}
