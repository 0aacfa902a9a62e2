package paas.api.store;

import java.sql.SQLException;

/** A database error the request cannot recover from; the API answers 500 and logs it. */
public class StoreException extends RuntimeException {
    public StoreException(SQLException cause) {
        super(cause.getMessage(), cause);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /** True for a unique-constraint violation, the same SQLSTATE on H2 and PostgreSQL. */
    public static boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    /** True for a foreign-key violation, the same SQLSTATE on H2 and PostgreSQL. */
    public static boolean isForeignKeyViolation(SQLException e) {
        return "23503".equals(e.getSQLState());
    }
}
