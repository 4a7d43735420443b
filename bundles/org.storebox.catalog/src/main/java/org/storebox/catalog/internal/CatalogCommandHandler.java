package org.storebox.catalog.internal;

import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.storebox.api.catalog.Product;
import org.storebox.api.command.CommandHandler;
import org.storebox.api.command.CommandResult;

/**
 * The {@code catalog} command: {@code {"version": N, "mode": "full"|"delta", "products": [...],
 * "deactivate": ["SKU", ...]}}, products as in the HTTP API (sku, name, price, barcodes, tax_class,
 * active, category).
 */
@Component(property = CommandHandler.COMMAND + "=catalog")
public class CatalogCommandHandler implements CommandHandler {
    private final PriceBook book;

    /** The payload. */
    public static final class Payload {
        public String requestId;
        public Long version;
        public String mode;
        public List<Product> products;
        public List<String> deactivate;
    }

    @Activate
    public CatalogCommandHandler(@Reference PriceBook book) {
        this.book = book;
    }

    @Override
    public CommandResult handle(String requestId, String payload) {
        Payload p = Payloads.read(payload, Payload.class, "catalog");
        long version = Payloads.version(p.version, "catalog");
        boolean full = Payloads.full(p.mode, "catalog");
        if (p.products == null) {
            throw org.storebox.api.common.StoreboxException.invalid("products is missing in the catalog command; "
                    + "give an array of products (empty in a delta that only deactivates)");
        }
        if (full && p.deactivate != null && !p.deactivate.isEmpty()) {
            throw org.storebox.api.common.StoreboxException.invalid("deactivate belongs to mode delta; a full catalog "
                    + "deactivates every product it does not list");
        }
        Map<String, Object> r = book.applyCatalog(requestId, version, full, p.products,
                p.deactivate == null ? List.of() : p.deactivate);
        r.put("version", version);
        r.put("mode", full ? "full" : "delta");
        String message = Boolean.TRUE.equals(r.get("already_applied"))
                ? "catalog version " + version + " was already applied by this request"
                : "catalog version " + version + " (" + (full ? "full" : "delta") + ") applied: " + r.get("created")
                        + " created, " + r.get("replaced") + " replaced, " + r.get("deactivated") + " deactivated";
        return new CommandResult(message, r);
    }
}
