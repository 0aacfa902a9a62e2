package paas.api.domain;

/**
 * A user as an admin manages them. {@code disabled} lives here rather than in {@link User}
 * because a disabled user never gets as far as making a request: every {@link User} acting on the
 * platform is an enabled one.
 */
public record UserAccount(User user, boolean disabled) {
}
