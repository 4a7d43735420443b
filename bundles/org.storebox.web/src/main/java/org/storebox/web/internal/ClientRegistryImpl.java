package org.storebox.web.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.storebox.api.auth.ClientCredentials;
import org.storebox.api.auth.ClientInfo;
import org.storebox.api.auth.ClientRegistry;
import org.storebox.api.common.StoreboxException;
import org.storebox.api.store.Database;
import org.storebox.api.store.StoreInfo;
import org.storebox.json.Json;
import org.storebox.web.http.Scope;

/**
 * The OAuth 2.0 clients, stored with hashed secrets and cached in memory for token checks. On the
 * first start (no client at all) it creates an administrator and writes its credentials to
 * {@code initial-admin-credentials.json} (mode 600) in the data directory.
 */
@Component
public class ClientRegistryImpl implements ClientRegistry {
    static final String INITIAL_CREDENTIALS = "initial-admin-credentials.json";
    private static final Logger LOG = LoggerFactory.getLogger(ClientRegistryImpl.class);

    private final Database db;
    private final Map<String, Stored> clients = new ConcurrentHashMap<>();

    private record Stored(ClientInfo info, String secretHash) {
    }

    @Activate
    public ClientRegistryImpl(@Reference Database db, @Reference StoreInfo store) {
        this.db = db;
        db.read(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT client_id, name, scope, secret_hash, created_at, active FROM oauth_client");
                    ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    ClientInfo i = new ClientInfo();
                    i.clientId = rs.getString(1);
                    i.name = rs.getString(2);
                    i.scope = rs.getString(3);
                    i.createdAt = rs.getTimestamp(5).toInstant();
                    i.active = rs.getBoolean(6);
                    clients.put(i.clientId, new Stored(i, rs.getString(4)));
                }
            }
            return null;
        });
        if (clients.isEmpty()) {
            bootstrap(store.dataDirectory().resolve(INITIAL_CREDENTIALS));
        }
    }

    private void bootstrap(Path file) {
        ClientCredentials admin = register("initial administrator", Scope.ADMIN.value());
        Map<String, String> json = new LinkedHashMap<>();
        json.put("client_id", admin.clientId);
        json.put("client_secret", admin.clientSecret);
        try {
            Secrets.writePrivate(file, Json.write(json).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        LOG.info("First start: administrator credentials written to {} (mode 600); register terminals with them", file);
    }

    @Override
    public ClientCredentials register(String name, String scope) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw StoreboxException.invalid("name must be 1 to 200 characters, for example \"lane-1\"");
        }
        if (Scope.parse(scope) == null) {
            throw StoreboxException.invalid("scope '" + scope + "' is unknown; use terminal, manager or admin");
        }
        ClientInfo info = new ClientInfo();
        info.clientId = scope + "-" + Secrets.random(9);
        info.name = name.strip();
        info.scope = scope;
        info.createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        info.active = true;
        String secret = Secrets.random(32);
        String hash = Secrets.hash(secret);
        db.write(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO oauth_client(client_id, name, scope, secret_hash, "
                    + "created_at, active) VALUES (?,?,?,?,?,TRUE)")) {
                p.setString(1, info.clientId);
                p.setString(2, info.name);
                p.setString(3, scope);
                p.setString(4, hash);
                p.setTimestamp(5, Timestamp.from(info.createdAt));
                return p.executeUpdate();
            }
        });
        clients.put(info.clientId, new Stored(info, hash));
        ClientCredentials cc = new ClientCredentials();
        cc.clientId = info.clientId;
        cc.clientSecret = secret;
        cc.name = info.name;
        cc.scope = scope;
        return cc;
    }

    @Override
    public Optional<ClientInfo> authenticate(String clientId, String clientSecret) {
        Stored s = clientId == null ? null : clients.get(clientId);
        // Compare hashes in constant time, and hash even for unknown ids, so timing tells nothing.
        byte[] given = Secrets.hash(clientSecret == null ? "" : clientSecret).getBytes(StandardCharsets.US_ASCII);
        byte[] expected = (s == null ? Secrets.hash("\0unknown") : s.secretHash()).getBytes(StandardCharsets.US_ASCII);
        boolean match = MessageDigest.isEqual(given, expected);
        return s != null && match && s.info().active ? Optional.of(copy(s.info())) : Optional.empty();
    }

    @Override
    public Optional<ClientInfo> get(String clientId) {
        Stored s = clientId == null ? null : clients.get(clientId);
        return s == null ? Optional.empty() : Optional.of(copy(s.info()));
    }

    /** Whether the client exists and is active; the per-request check behind every token. */
    boolean active(String clientId) {
        Stored s = clients.get(clientId);
        return s != null && s.info().active;
    }

    @Override
    public List<ClientInfo> list() {
        List<ClientInfo> all = new ArrayList<>();
        clients.values().forEach(s -> all.add(copy(s.info())));
        all.sort(Comparator.comparing((ClientInfo i) -> i.createdAt).thenComparing(i -> i.clientId));
        return all;
    }

    @Override
    public void deactivate(String clientId) {
        Stored s = clientId == null ? null : clients.get(clientId);
        if (s == null) {
            throw StoreboxException.notFound("no client with id " + clientId);
        }
        db.write(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE oauth_client SET active = FALSE WHERE client_id = ?")) {
                p.setString(1, clientId);
                return p.executeUpdate();
            }
        });
        ClientInfo i = copy(s.info());
        i.active = false;
        clients.put(clientId, new Stored(i, s.secretHash()));
    }

    private static ClientInfo copy(ClientInfo i) {
        ClientInfo c = new ClientInfo();
        c.clientId = i.clientId;
        c.name = i.name;
        c.scope = i.scope;
        c.createdAt = i.createdAt;
        c.active = i.active;
        return c;
    }
}
