package paas.router.testkit;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.stream.Stream;

/**
 * Resolves every name under {@code test.local} to 127.0.0.1, so that real clients (the JDK's
 * HttpClient) send the app's name as SNI and {@code :authority} while connecting to the router on
 * this machine; every other name goes to the system resolver. Installed for the test JVM through
 * {@code META-INF/services}.
 */
public final class TestDomainResolver extends InetAddressResolverProvider {
    private static final byte[] LOOPBACK = {127, 0, 0, 1};

    @Override
    public InetAddressResolver get(Configuration configuration) {
        InetAddressResolver system = configuration.builtinResolver();
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                if (host.endsWith("." + RouterFixture.DOMAIN)) {
                    return Stream.of(InetAddress.getByAddress(host, LOOPBACK));
                }
                return system.lookupByName(host, policy);
            }

            @Override
            public String lookupByAddress(byte[] addr) throws UnknownHostException {
                return system.lookupByAddress(addr);
            }
        };
    }

    @Override
    public String name() {
        return "paas router tests: *." + RouterFixture.DOMAIN + " is 127.0.0.1";
    }
}
