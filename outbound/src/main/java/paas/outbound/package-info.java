/**
 * Outbound connections made on a user's behalf. {@link paas.outbound.OutboundPolicy} is the
 * one rule of which addresses such a connection may reach (the ranges in
 * {@link paas.outbound.SpecialAddresses}, this host's own addresses from
 * {@link paas.outbound.HostAddresses}); {@link paas.outbound.PinnedSocket} and
 * {@link paas.outbound.PinnedSslSocketFactory} resolve a name, check every address and connect to
 * the address that passed, so a DNS answer that changes between check and connect cannot
 * redirect the connection.
 */
package paas.outbound;
