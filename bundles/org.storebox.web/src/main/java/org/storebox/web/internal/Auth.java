package org.storebox.web.internal;

import java.time.Clock;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.storebox.api.auth.ClientInfo;
import org.storebox.api.auth.ClientRegistry;
import org.storebox.api.auth.TokenVerifier;
import org.storebox.api.store.StoreInfo;
import org.storebox.web.http.Scope;

/** Issues and checks bearer tokens for the registered clients. */
@Component(service = { Auth.class, TokenVerifier.class }, configurationPid = OAuthConfig.PID)
@Designate(ocd = OAuthConfig.class)
public class Auth implements TokenVerifier {
    private final ClientRegistry registry;
    private final Tokens tokens;
    private final int ttlSeconds;

    @Activate
    public Auth(OAuthConfig config, @Reference ClientRegistry registry, @Reference StoreInfo store) {
        if (config.token__ttl__s() < 1) {
            throw new IllegalArgumentException("token_ttl_s must be at least 1");
        }
        this.registry = registry;
        this.ttlSeconds = config.token__ttl__s();
        this.tokens = new Tokens(Tokens.loadKey(store.dataDirectory().resolve("secrets").resolve("token.key")), Clock.systemUTC());
    }

    int ttlSeconds() {
        return ttlSeconds;
    }

    String issue(ClientInfo client) {
        return tokens.issue(client.clientId, Scope.parse(client.scope), ttlSeconds);
    }

    /** The principal of a bearer token, or a {@link Tokens.Rejected} saying why it is refused. */
    Object verify(String token) {
        Object v = tokens.verify(token);
        if (v instanceof Principal p && !registry.get(p.clientId()).map(c -> c.active).orElse(false)) {
            return new Tokens.Rejected("the client " + p.clientId() + " is deactivated");
        }
        return v;
    }

    @Override
    public Optional<String[]> verifyBearer(String bearer) {
        return bearer != null && verify(bearer) instanceof Principal p
                ? Optional.of(new String[] { p.clientId(), p.scope().value() }) : Optional.empty();
    }

    ClientRegistry registry() {
        return registry;
    }
}
