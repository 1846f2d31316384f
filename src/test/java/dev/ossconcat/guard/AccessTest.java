package dev.ossconcat.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ossconcat.guard.BearerToken.Access;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How the billed calls are protected, for every combination of what a deployment may declare. */
class AccessTest {

    static GuardConfig declared(Optional<GuardConfig.ApiAuth> auth, boolean open) {
        return new GuardConfig() {
            @Override
            public Optional<String> apiToken() {
                return Optional.empty();
            }

            @Override
            public Optional<ApiAuth> apiAuth() {
                return auth;
            }

            @Override
            public boolean apiOpen() {
                return open;
            }

            @Override
            public Allow allow() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Optional<NotifySignature> notifySignature() {
                return Optional.empty();
            }
        };
    }

    @Test
    void onFunctionComputeNothingDeclaredIsRefused() {
        assertEquals(Access.UNPROTECTED, BearerToken.access(false, declared(Optional.empty(), false), true));
        assertEquals(Access.LOCAL, BearerToken.access(false, declared(Optional.empty(), false), false));
    }

    @Test
    void aTokenWinsOverEverythingElse() {
        for (boolean onFc : new boolean[] {true, false}) {
            assertEquals(
                    Access.TOKEN, BearerToken.access(true, declared(Optional.of(GuardConfig.ApiAuth.FC), true), onFc));
        }
    }

    @Test
    void fcSignatureOrTheOptOutAreDeclaredOnPurpose() {
        assertEquals(
                Access.FC_SIGNATURE,
                BearerToken.access(false, declared(Optional.of(GuardConfig.ApiAuth.FC), true), true));
        assertEquals(Access.OPEN_ON_PURPOSE, BearerToken.access(false, declared(Optional.empty(), true), true));
    }
}
