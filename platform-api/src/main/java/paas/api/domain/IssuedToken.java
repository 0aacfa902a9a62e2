package paas.api.domain;

/** A token just created, with its secret: the only moment the secret exists outside its owner. */
public record IssuedToken(Token token, User user, String secret) {
}
