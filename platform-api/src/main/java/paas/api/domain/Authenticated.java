package paas.api.domain;

import java.util.UUID;

/**
 * A user as proven by one of their tokens. The token's id says which one, so that what the token
 * opened (a log tail, a one-off dyno session) can be ended when that token is revoked.
 */
public record Authenticated(User user, UUID tokenId) {
}
