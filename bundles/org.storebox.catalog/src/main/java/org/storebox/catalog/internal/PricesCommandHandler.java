package org.storebox.catalog.internal;

import java.math.BigDecimal;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.storebox.api.command.CommandHandler;
import org.storebox.api.command.CommandResult;
import org.storebox.api.common.StoreboxException;

/**
 * The {@code prices} command, HQ's price book: {@code {"version": N, "mode": "full"|"delta",
 * "prices": {"SKU": "1.99", ...}}}; prices as decimal strings (or JSON numbers, read exactly).
 */
@Component(property = CommandHandler.COMMAND + "=prices")
public class PricesCommandHandler implements CommandHandler {
    private final PriceBook book;

    /** The payload. */
    public static final class Payload {
        public String requestId;
        public Long version;
        public String mode;
        public Map<String, BigDecimal> prices;
    }

    @Activate
    public PricesCommandHandler(@Reference PriceBook book) {
        this.book = book;
    }

    @Override
    public CommandResult handle(String requestId, String payload) {
        Payload p = Payloads.read(payload, Payload.class, "prices");
        long version = Payloads.version(p.version, "prices");
        // Without a mode the book is a delta: only the SKUs it names change (HQ's older payloads had no mode).
        boolean full = p.mode != null && Payloads.full(p.mode, "prices");
        if (p.prices == null || p.prices.isEmpty()) {
            throw StoreboxException.invalid("prices is missing or empty in the prices command; give {\"SKU\": \"1.99\", ...}");
        }
        Map<String, Object> r = book.applyPrices(requestId, version, full, p.prices);
        r.put("version", version);
        r.put("mode", full ? "full" : "delta");
        String message = Boolean.TRUE.equals(r.get("already_applied"))
                ? "price book " + version + " was already applied by this request"
                : "price book " + version + " (" + (full ? "full" : "delta") + ") applied: " + r.get("prices")
                        + " prices, " + r.get("changed") + " changed";
        return new CommandResult(message, r);
    }
}
