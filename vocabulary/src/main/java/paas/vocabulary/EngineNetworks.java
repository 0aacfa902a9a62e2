package paas.vocabulary;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How the networks the platform makes on the Docker engine are named on the host. Every one
 * gets a bridge interface whose name starts with {@link #BRIDGE_PREFIX}, so one firewall rule
 * ({@code -i paas-+}) keeps builds and dynos away from the host's own services, whatever
 * networks come and go.
 */
public final class EngineNetworks {
    /** Linux allows 15 characters in an interface name; every bridge of the platform starts so. */
    public static final String BRIDGE_PREFIX = "paas-";
    /** The engine's option that names a bridge network's interface. */
    public static final String BRIDGE_NAME_OPTION = "com.docker.network.bridge.name";
    /** Containers on this bridge network cannot reach each other (inter-container traffic off). */
    public static final String ICC_OPTION = "com.docker.network.bridge.enable_icc";
    /** The network every build runs on: builds reach the internet, not each other, not the host. */
    public static final String BUILDS = "paas-builds";

    private EngineNetworks() {
    }

    /** The bridge interface of the network called {@code network}: the prefix and 10 hex digits of its hash. */
    public static String bridgeFor(String network) {
        if (network.equals(BUILDS)) {
            return BUILDS;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(network.getBytes(StandardCharsets.UTF_8));
            return BRIDGE_PREFIX + HexFormat.of().formatHex(digest).substring(0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
