package dev.ossconcat.guard;

import dev.ossconcat.config.ConcatConfig;
import dev.ossconcat.http.ErrorBody;
import dev.ossconcat.log.Refusals;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Who may call the billed endpoints ({@link #GUARDED}), secure by default (docs/security.md):
 * <ul>
 *   <li>with an API token ({@code CONCAT_API_TOKEN}), every call needs {@code Authorization: Bearer <token>};
 *       compared as SHA-256 digests with {@link MessageDigest#isEqual}, so neither the content nor the length of the
 *       token leaks through timing;
 *   <li>on Function Compute without a token, they answer 503 {@code not_configured}, unless FC itself checks signed
 *       requests ({@code CONCAT_API_AUTH=fc}, the HTTP trigger's {@code authType: function}) or anonymous callers
 *       are wanted on purpose ({@code CONCAT_API_OPEN=true}): an anonymous internet-facing trigger would otherwise
 *       let anyone who finds its URL start billed media tasks;
 *   <li>locally, without a token, they are open: the server listens for this machine's user.
 * </ul>
 * {@code /invoke} and {@code /notify} are not covered: on FC {@code /invoke} takes only FC's own event calls
 * (x-fc-control-path), and {@code /notify} checks SMQ's signature; neither sender can carry a token.
 */
@Singleton
public class BearerToken {

    private static final Logger LOG = Logger.getLogger(BearerToken.class);

    /** The calls the token (or FC's signature check) protects, in the order the start-up line names them. */
    static final List<String> GUARDED_CALLS = List.of("/concat", "/validate", "/status", "/clips", "/retry", "/replay");

    static final Set<String> GUARDED = Set.copyOf(GUARDED_CALLS);

    /** "/concat, /validate, ... and /replay", for the start-up line. */
    static final String GUARDED_NAMES = String.join(", ", GUARDED_CALLS.subList(0, GUARDED_CALLS.size() - 1)) + " and "
            + GUARDED_CALLS.get(GUARDED_CALLS.size() - 1);

    /** What to set, in the words of both the 503 answer and the start-up line. */
    static final String WHAT_TO_SET = "set CONCAT_API_TOKEN (callers then send Authorization: Bearer <token>), or"
            + " CONCAT_API_AUTH=fc with the HTTP trigger's authType: function, or CONCAT_API_OPEN=true to serve"
            + " anonymous callers on purpose";

    /** How the billed endpoints are protected, decided once from the configuration. */
    enum Access {
        TOKEN,
        FC_SIGNATURE,
        OPEN_ON_PURPOSE,
        LOCAL,
        /** On Function Compute with nothing declared: refused. */
        UNPROTECTED
    }

    private final byte[] expected;
    private final Access access;

    public BearerToken(GuardConfig config, ConcatConfig concat) {
        this.expected = config.apiToken()
                .filter(t -> !t.isBlank())
                .map(BearerToken::digest)
                .orElse(null);
        this.access = access(
                expected != null,
                config,
                concat.fcRegion().filter(r -> !r.isBlank()).isPresent());
    }

    static Access access(boolean token, GuardConfig config, boolean onFc) {
        if (token) {
            return Access.TOKEN;
        }
        if (config.apiAuth().isPresent()) {
            return Access.FC_SIGNATURE;
        }
        if (config.apiOpen()) {
            return Access.OPEN_ON_PURPOSE;
        }
        return onFc ? Access.UNPROTECTED : Access.LOCAL;
    }

    Access access() {
        return access;
    }

    /** The one start-up line that says how the billed endpoints are protected, and what to set if they are not. */
    void announce(@Observes StartupEvent event) {
        switch (access) {
            case TOKEN -> LOG.info(GUARDED_NAMES + " need Authorization: Bearer <token>" + " (CONCAT_API_TOKEN)");
            case FC_SIGNATURE ->
                LOG.info(GUARDED_NAMES + " rely on Function Compute's"
                        + " signature check (CONCAT_API_AUTH=fc): the HTTP trigger's authType must be function");
            case OPEN_ON_PURPOSE ->
                LOG.warn(GUARDED_NAMES + " are open to anonymous callers" + " (CONCAT_API_OPEN=true)");
            case UNPROTECTED ->
                LOG.error("On Function Compute with no protection for " + GUARDED_NAMES
                        + ": they answer 503 not_configured until you " + WHAT_TO_SET);
            case LOCAL -> {
                // a local run listens for this machine's user; nothing to say
            }
        }
    }

    void register(@Observes Filters filters) {
        if (access == Access.TOKEN || access == Access.UNPROTECTED) {
            filters.register(this::check, 50);
        }
    }

    private void check(RoutingContext rc) {
        if (!GUARDED.contains(rc.normalizedPath())
                || "OPTIONS".equals(rc.request().method().name())) {
            rc.next();
            return;
        }
        if (access == Access.UNPROTECTED) {
            answer(
                    rc,
                    503,
                    new ErrorBody(
                            "not_configured",
                            "this function runs on Function Compute with no protection for its billed calls: "
                                    + WHAT_TO_SET,
                            null,
                            false));
            return;
        }
        String auth = rc.request().getHeader("Authorization");
        String given = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)
                ? auth.substring(7).trim()
                : null;
        if (given == null || !MessageDigest.isEqual(expected, digest(given))) {
            rc.response().putHeader("WWW-Authenticate", "Bearer");
            answer(
                    rc,
                    401,
                    new ErrorBody(
                            "unauthorized",
                            given == null
                                    ? "this call needs Authorization: Bearer <token>"
                                    : "the bearer token is wrong",
                            null,
                            null));
            return;
        }
        rc.next();
    }

    private static void answer(RoutingContext rc, int status, ErrorBody body) {
        Refusals.answered(rc.request().method().name(), rc.request().path(), status, body.error());
        rc.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(Json.encode(body));
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
