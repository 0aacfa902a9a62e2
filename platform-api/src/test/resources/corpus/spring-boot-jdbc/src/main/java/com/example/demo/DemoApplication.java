package com.example.demo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@SpringBootApplication
@RestController
public class DemoApplication {
    private final JdbcTemplate jdbc;

    public DemoApplication(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public static void main(String[] args) {
        SpringApplication.run(DemoApplication.class, args);
    }

    @GetMapping("/")
    public String index() {
        return "Hello from Spring Boot on " + System.getenv("DYNO") + "\n";
    }

    @GetMapping("/database")
    public String database() {
        jdbc.execute("CREATE TABLE IF NOT EXISTS ticks (tick TIMESTAMPTZ NOT NULL DEFAULT now())");
        jdbc.update("INSERT INTO ticks DEFAULT VALUES");
        Integer count = jdbc.queryForObject("SELECT count(*) FROM ticks", Integer.class);
        String user = jdbc.queryForObject("SELECT current_user", String.class);
        return "Read from DB: " + count + " ticks, as " + user + "\n";
    }
}
