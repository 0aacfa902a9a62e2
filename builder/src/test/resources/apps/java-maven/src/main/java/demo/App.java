package demo;

import com.sun.net.httpserver.HttpServer;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** Answers "hello from java" on $PORT (or -Dserver.port, as Spring Boot would). */
public class App {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(System.getProperty("server.port", System.getenv().getOrDefault("PORT", "5000")));
        HttpServer server = HttpServer.create(new InetSocketAddress("0.0.0.0", port), 0);
        server.createContext("/", exchange -> {
            byte[] body = ("hello from java " + System.getProperty("java.version") + "\n").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        System.out.println("listening on " + port);
    }
}
