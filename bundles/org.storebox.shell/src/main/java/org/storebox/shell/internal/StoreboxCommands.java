package org.storebox.shell.internal;

import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.storebox.api.auth.ClientCredentials;
import org.storebox.api.auth.ClientRegistry;
import org.storebox.api.outbox.OutboxService;
import org.storebox.api.sale.Sale;
import org.storebox.api.sale.SaleService;
import org.storebox.api.store.Database;
import org.storebox.api.store.StoreInfo;

/** Gogo commands for technicians: {@code storebox:status}, {@code storebox:terminals}, {@code storebox:sale}, {@code storebox:register}. */
@Component(service = StoreboxCommands.class, property = { "osgi.command.scope=storebox",
        "osgi.command.function=status", "osgi.command.function=terminals", "osgi.command.function=sale",
        "osgi.command.function=register" })
public class StoreboxCommands {
    private final StoreInfo store;
    private final Database db;
    private final OutboxService outbox;
    private final ClientRegistry clients;
    private final SaleService sales;

    @Activate
    public StoreboxCommands(@Reference StoreInfo store, @Reference Database db, @Reference OutboxService outbox,
            @Reference ClientRegistry clients, @Reference SaleService sales) {
        this.store = store;
        this.db = db;
        this.outbox = outbox;
        this.clients = clients;
        this.sales = sales;
    }

    /** Store id, version, database health and size, outbox backlog. */
    public String status() {
        return "store      " + store.storeId() + "\n"
                + "version    " + store.version() + "\n"
                + "data       " + store.dataDirectory() + "\n"
                + "currency   " + store.currency().getCurrencyCode() + " (" + store.zone() + ", " + store.locale().toLanguageTag() + ")\n"
                + "database   " + (db.healthy() ? "healthy" : "NOT HEALTHY") + ", " + db.fileSize() / 1024 + " KiB\n"
                + "outbox     last seq " + outbox.lastSeq() + ", acknowledged " + outbox.acknowledgedSeq() + ", backlog "
                + outbox.backlog();
    }

    /** Registered clients (never their secrets). */
    public String terminals() {
        return clients.list().stream()
                .map(c -> String.format("%-24s %-8s %-6s %s  %s", c.clientId, c.scope, c.active ? "active" : "off", c.createdAt, c.name))
                .collect(Collectors.joining("\n"));
    }

    /** One sale or return by id, with its receipt. */
    public String sale(String id) {
        return sales.get(id).map(StoreboxCommands::describe).orElse("no sale with id " + id);
    }

    /** Registers a terminal and prints its credentials once. */
    public String register(String name) {
        ClientCredentials cc = clients.register(name, "terminal");
        return "client_id     " + cc.clientId + "\nclient_secret " + cc.clientSecret + "\n(shown once: store it in the terminal now)";
    }

    private static String describe(Sale s) {
        return s.kind + " " + s.id + " " + s.status + " terminal " + s.terminalId + " day " + s.businessDay + " total "
                + s.total.toPlainString() + " " + s.currency + "\n" + String.join("\n", s.receipt.lines);
    }
}
