package paas.cli.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import paas.cli.core.CliException;
import paas.cli.core.Json;

/**
 * A blocking client of the paas HTTP API (docs/api.md). Not thread-safe; one per command run, closed
 * by the caller. Every request carries the bearer token, the Heroku v3 Accept header and a
 * User-Agent; it fails with {@link ApiException} when the API refuses it and with {@link
 * CliException} when the API cannot be reached.
 */
public final class ApiClient implements AutoCloseable {
  public static final String ACCEPT = "application/vnd.heroku+json; version=3";
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
  private static final int MAX_PAGES = 1000;
  private static final int MAX_ERROR_BODY = 64 * 1024;

  private final String base;
  private final Optional<String> token;
  private final String missingTokenMessage;
  private final String unauthorizedHint;
  private final String userAgent;
  private final HttpClient http;

  /**
   * @param baseUrl the API's base URL, e.g. http://localhost:5000
   * @param token the bearer token; when empty, any request fails with missingTokenMessage
   * @param unauthorizedHint added to the API's message when it answers 401
   */
  public ApiClient(
      URI baseUrl,
      Optional<String> token,
      String missingTokenMessage,
      String unauthorizedHint,
      String version) {
    this.base = baseUrl.toString().replaceAll("/+$", "");
    this.token = token;
    this.missingTokenMessage = missingTokenMessage;
    this.unauthorizedHint = unauthorizedHint;
    this.userAgent = "paas-cli/" + version;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** "/" joined URL-encoded segments: path("apps", "my app") is "/apps/my%20app". */
  public static String path(String... segments) {
    StringBuilder path = new StringBuilder();
    for (String segment : segments) {
      path.append('/')
          .append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return path.toString();
  }

  public String baseUrl() {
    return base;
  }

  public JsonNode get(String path) {
    return send("GET", path, null, null).body();
  }

  /** A GET with a Range header, e.g. "version ..; max=10, order=desc"; only the first page. */
  public JsonNode get(String path, String range) {
    return send("GET", path, null, range).body();
  }

  /** All pages of a list, following Next-Range while the API answers 206. */
  public ArrayNode getAll(String path, String range) {
    ArrayNode all = Json.MAPPER.createArrayNode();
    String next = range;
    for (int page = 0; page < MAX_PAGES; page++) {
      Response response = send("GET", path, null, next);
      if (response.body().isArray()) {
        all.addAll((ArrayNode) response.body());
      }
      if (response.status() != 206 || response.nextRange().isEmpty()) {
        return all;
      }
      next = response.nextRange().get();
    }
    throw new CliException("the list at " + base + path + " has more than " + MAX_PAGES + " pages");
  }

  public JsonNode post(String path, JsonNode body) {
    return send("POST", path, body, null).body();
  }

  public JsonNode patch(String path, JsonNode body) {
    return send("PATCH", path, body, null).body();
  }

  public JsonNode put(String path, JsonNode body) {
    return send("PUT", path, body, null).body();
  }

  public JsonNode delete(String path) {
    return send("DELETE", path, null, null).body();
  }

  /** A DELETE with a JSON body, e.g. an add-on's {"force": true}. */
  public JsonNode delete(String path, JsonNode body) {
    return send("DELETE", path, body, null).body();
  }

  private record Response(int status, JsonNode body, Optional<String> nextRange) {}

  private Response send(String method, String path, JsonNode body, String range) {
    String bearer = token.orElseThrow(() -> new CliException(missingTokenMessage));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(REQUEST_TIMEOUT)
            .header("Authorization", "Bearer " + bearer)
            .header("Accept", ACCEPT)
            .header("User-Agent", userAgent);
    if (range != null) {
      request.header("Range", range);
    }
    if (body != null) {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(Json.compact(body)));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> response =
        exchange(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    int status = response.statusCode();
    if (status < 200 || status > 299) {
      throw refusal(status, response.body());
    }
    return new Response(
        status, parse(response.body(), status), response.headers().firstValue("Next-Range"));
  }

  /**
   * GETs url (absolute, or a path on the API such as a log session's {@code logplex_url}) with the
   * token, and hands each line of the answer to {@code lines}, without its "\n", as soon as the line
   * is complete. Blocks until the server ends the stream; a refusal is an {@link ApiException}.
   */
  public void streamLines(String url, Consumer<String> lines) {
    String bearer = token.orElseThrow(() -> new CliException(missingTokenMessage));
    URI api = URI.create(base);
    URI uri = api.resolve(url);
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri)
            // Bounds the wait for the answer's headers only; a tail may then stay open for hours.
            .timeout(REQUEST_TIMEOUT)
            .header("User-Agent", userAgent)
            .GET();
    // The token goes to the API only: a URL elsewhere carries its own secret (Heroku's stream URLs do).
    if (sameOrigin(api, uri)) {
      builder.header("Authorization", "Bearer " + bearer);
    }
    HttpRequest request = builder.build();
    HttpResponse<InputStream> response = exchange(request, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = response.body()) {
      int status = response.statusCode();
      if (status < 200 || status > 299) {
        throw refusal(status, new String(body.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8));
      }
      // Split on "\n" only: a "\r" inside a log line is part of its text.
      InputStream in = new BufferedInputStream(body);
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      for (int b = in.read(); b >= 0; b = in.read()) {
        if (b == '\n') {
          lines.accept(line.toString(StandardCharsets.UTF_8));
          line.reset();
        } else {
          line.write(b);
        }
      }
      if (line.size() > 0) {
        lines.accept(line.toString(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new CliException("the stream from " + uri.getScheme() + "://" + uri.getAuthority()
          + " broke off: " + e.getMessage(), e);
    }
  }

  /**
   * GETs path with the token and copies the answer's body to {@code out} as it arrives (a backup's
   * dump, which is never held in memory). Answers the bytes copied; a refusal is an {@link
   * ApiException}; a body shorter than its Content-Length is a {@link CliException}.
   */
  public long download(String path, java.io.OutputStream out) {
    String bearer = token.orElseThrow(() -> new CliException(missingTokenMessage));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(REQUEST_TIMEOUT)
            .header("Authorization", "Bearer " + bearer)
            .header("User-Agent", userAgent)
            .GET()
            .build();
    HttpResponse<InputStream> response = exchange(request, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = response.body()) {
      int status = response.statusCode();
      if (status < 200 || status > 299) {
        throw refusal(status, new String(body.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8));
      }
      long copied = body.transferTo(out);
      long expected = response.headers().firstValueAsLong("Content-Length").orElse(copied);
      if (copied != expected) {
        throw new CliException("the download from " + base + " broke off after " + copied + " of " + expected
            + " bytes; try again");
      }
      return copied;
    } catch (IOException e) {
      throw new CliException("the download from " + base + " broke off: " + e.getMessage(), e);
    }
  }

  private static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(String.valueOf(b.getScheme()))
        && a.getHost().equalsIgnoreCase(String.valueOf(b.getHost())) && port(a) == port(b);
  }

  private static int port(URI uri) {
    return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    try {
      return http.send(request, handler);
    } catch (HttpConnectTimeoutException e) {
      throw new CliException(
          "cannot reach the paas API at "
              + base
              + " within "
              + CONNECT_TIMEOUT.toSeconds()
              + " s: is paasd running? (set PAAS_API_URL to point elsewhere)",
          e);
    } catch (HttpTimeoutException e) {
      throw new CliException(
          "the paas API at "
              + base
              + " did not answer "
              + request.method()
              + " "
              + request.uri().getRawPath()
              + " within "
              + REQUEST_TIMEOUT.toSeconds()
              + " s; try again, and check the paasd log if it keeps happening",
          e);
    } catch (ConnectException e) {
      throw new CliException(
          "cannot reach the paas API at "
              + base
              + ": is paasd running? (set PAAS_API_URL to point elsewhere)",
          e);
    } catch (IOException e) {
      throw new CliException(
          "request to the paas API at " + base + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted while waiting for the paas API", e);
    }
  }

  private JsonNode parse(String body, int status) {
    if (body == null || body.isBlank()) {
      return MissingNode.getInstance();
    }
    try {
      return Json.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new CliException(
          "the paas API at " + base + " answered " + status + " with a body that is not JSON: "
              + abbreviate(body));
    }
  }

  /**
   * The error for a refused request, from the answer's JSON {@code {id, message}} (or its status
   * when the body is not that), with the login hint on 401. Also used for answers read outside
   * this client, such as a refused {@code attach_url} upgrade.
   */
  public ApiException refusal(int status, String body) {
    String id = "";
    String message = null;
    try {
      JsonNode error = Json.MAPPER.readTree(body == null ? "" : body);
      if (error != null && error.isObject()) {
        id = Json.text(error, "id");
        message = Json.text(error, "message");
      }
    } catch (JsonProcessingException e) {
      message = null;
    }
    if (message == null || message.isEmpty()) {
      message = "the paas API at " + base + " answered HTTP " + status
          + (body == null || body.isBlank() ? "" : ": " + abbreviate(body));
    }
    if (status == 401 && !unauthorizedHint.isEmpty()) {
      message = message + "\n" + unauthorizedHint;
    }
    return new ApiException(status, id, message);
  }

  private static String abbreviate(String body) {
    String oneLine = body.strip().replaceAll("\\s+", " ");
    return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
  }

  @Override
  public void close() {
    http.close();
  }
}
