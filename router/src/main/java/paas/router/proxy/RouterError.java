package paas.router.proxy;

/** The router's error codes, as Heroku names them, with the status each is answered and logged with. */
enum RouterError {
    H10("App crashed", 503),
    H12("Request timeout", 503),
    H13("Connection closed without response", 503),
    H14("No web dynos running", 503),
    H15("Idle connection", 503),
    H17("Poorly formatted HTTP response", 503),
    H18("Server Request Interrupted", 503),
    H19("Backend connection timeout", 503),
    H20("App boot timeout", 503),
    H21("Backend connection refused", 503),
    H27("Client Request Interrupted", 499),
    H28("Client Connection Idle", 499),
    H80("Maintenance mode", 503),
    H99("Platform error", 503);

    private final String description;
    private final int status;

    RouterError(String description, int status) {
        this.description = description;
        this.status = status;
    }

    String description() {
        return description;
    }

    int status() {
        return status;
    }
}
