package paas.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A recording stand-in for the paas API: canned answers per "METHOD /raw/path", every request kept. */
public final class FakeApi implements AutoCloseable {
  public record Request(String method, String path, String query, Map<String, String> headers, String body) {
    /** A header's value by case-insensitive name, or null. */
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  public record Reply(int status, String body, Map<String, String> headers) {
    public static Reply json(int status, String body) {
      return new Reply(status, body, Map.of());
    }
  }

  private final HttpServer server;
  private final Map<String, Function<Request, Reply>> routes = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  private FakeApi(HttpServer server) {
    this.server = server;
  }

  public static FakeApi start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    FakeApi api = new FakeApi(server);
    server.createContext("/", api::handle);
    server.start();
    return api;
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public FakeApi on(String method, String path, int status, String body) {
    return on(method, path, request -> Reply.json(status, body));
  }

  public FakeApi on(String method, String path, Function<Request, Reply> handler) {
    routes.put(method + " " + path, handler);
    return this;
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** The one request made to method and path; fails when there were none or several. */
  public Request only(String method, String path) {
    List<Request> matching = requests.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
    if (matching.size() != 1) {
      throw new AssertionError("expected one " + method + " " + path + " but saw " + requests);
    }
    return matching.getFirst();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Map<String, String> headers = new TreeMap<>();
      exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
          exchange.getRequestURI().getRawQuery(), headers, body);
      requests.add(request);
      Function<Request, Reply> route = routes.get(request.method() + " " + request.path());
      Reply reply = route != null ? route.apply(request)
          : Reply.json(404, "{\"id\":\"not_found\",\"message\":\"the fake has no " + request.method() + " " + request.path() + "\"}");
      byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.getResponseHeaders().set("Request-Id", "fake-request");
      reply.headers().forEach(exchange.getResponseHeaders()::set);
      exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
