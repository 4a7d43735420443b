package org.storebox.catalog.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.storebox.api.catalog.Barcodes;
import org.storebox.api.catalog.CatalogService;
import org.storebox.api.catalog.Product;
import org.storebox.api.catalog.TaxClass;
import org.storebox.api.common.StoreboxException;
import org.storebox.api.store.Database;
import org.storebox.api.store.StoreInfo;

/**
 * The catalog: every product and barcode held in memory, written through to the database; also applies
 * HQ's versioned catalog and price book ({@link PriceBook}).
 */
@Component(configurationPid = TaxConfig.PID, service = { CatalogService.class, PriceBook.class })
@Designate(ocd = TaxConfig.class)
public class CatalogServiceImpl implements CatalogService, PriceBook {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogServiceImpl.class);
    private static final Pattern SKU = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern TAX_CLASS_NAME = Pattern.compile("[A-Za-z0-9._-]{1,32}");
    private static final int MAX_NAME = 200;
    private static final int MAX_CATEGORY = 64;
    /** DECIMAL(19,4) leaves 15 digits before the decimal point. */
    private static final BigDecimal PRICE_LIMIT = BigDecimal.TEN.pow(15);
    private static final int BATCH = 1000;

    private final Database database;
    private final String currency;
    private final int minorDigits;
    private final Map<String, TaxClass> taxClasses;
    private final ConcurrentHashMap<String, Product> products = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> skuByBarcode = new ConcurrentHashMap<>();
    /** Serializes writes so that the cache is updated in commit order. */
    private final ReentrantLock writeLock = new ReentrantLock();

    @Activate
    public CatalogServiceImpl(TaxConfig config, @Reference Database database, @Reference StoreInfo store) {
        this.database = database;
        this.currency = store.currency().getCurrencyCode();
        this.minorDigits = Math.max(0, store.currency().getDefaultFractionDigits());
        this.taxClasses = parseTaxClasses(config);
        load();
    }

    static Map<String, TaxClass> parseTaxClasses(TaxConfig config) {
        // A configuration file (.cfg) gives one string; entries may then be separated by commas.
        String[] entries = config.classes() == null ? null
                : java.util.Arrays.stream(config.classes()).filter(java.util.Objects::nonNull)
                        .flatMap(e -> java.util.Arrays.stream(e.split(","))).toArray(String[]::new);
        if (entries == null || entries.length == 0) {
            throw new IllegalArgumentException("configuration " + TaxConfig.PID
                    + " lists no tax classes; give at least one as name=rate, for example standard=0");
        }
        Map<String, TaxClass> classes = new LinkedHashMap<>();
        for (String entry : entries) {
            String text = entry == null ? "" : entry.trim();
            int eq = text.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("tax class entry '" + entry
                        + "' must be name=rate, for example standard=0.10");
            }
            String name = text.substring(0, eq).trim();
            String rateText = text.substring(eq + 1).trim();
            if (!TAX_CLASS_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("tax class entry '" + entry
                        + "': the name must be 1 to 32 letters, digits, '.', '_' or '-'");
            }
            BigDecimal rate;
            try {
                rate = new BigDecimal(rateText);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("tax class entry '" + entry + "': rate '" + rateText
                        + "' is not a number; write 10 % as 0.10");
            }
            if (rate.signum() < 0 || rate.compareTo(BigDecimal.ONE) >= 0) {
                throw new IllegalArgumentException("tax class entry '" + entry
                        + "': the rate must be a fraction from 0 up to below 1; write 10 % as 0.10");
            }
            if (classes.containsKey(name)) {
                throw new IllegalArgumentException("tax class entry '" + entry + "': class '" + name
                        + "' is configured twice");
            }
            classes.put(name, new TaxClass(name, rate, config.prices__include__tax()));
        }
        return Collections.unmodifiableMap(classes);
    }

    private void load() {
        long start = System.nanoTime();
        Map<String, Product> loaded = new HashMap<>();
        Map<String, String> codes = new HashMap<>();
        database.read(c -> {
            try (Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery(
                        "SELECT sku, name, price, tax_class, active, category FROM product")) {
                    while (rs.next()) {
                        Product p = new Product();
                        p.sku = rs.getString(1);
                        p.name = rs.getString(2);
                        p.price = atCurrencyScale(rs.getBigDecimal(3));
                        p.taxClass = rs.getString(4);
                        p.active = rs.getBoolean(5);
                        p.category = rs.getString(6);
                        loaded.put(p.sku, p);
                    }
                }
                try (ResultSet rs = s.executeQuery("SELECT code, sku FROM barcode ORDER BY sku, code")) {
                    while (rs.next()) {
                        String code = rs.getString(1);
                        String sku = rs.getString(2);
                        loaded.get(sku).barcodes.add(code);
                        codes.put(code, sku);
                    }
                }
            }
            return null;
        });
        products.putAll(loaded);
        skuByBarcode.putAll(codes);
        long unknownTax = loaded.values().stream().filter(p -> !taxClasses.containsKey(p.taxClass)).count();
        if (unknownTax > 0) {
            LOG.warn("{} products name a tax class that is not configured (configured: {}); they cannot be sold "
                    + "until {} lists their class", unknownTax, taxClasses.keySet(), TaxConfig.PID);
        }
        LOG.info("Catalog loaded: {} products, {} barcodes in {} ms", loaded.size(), codes.size(),
                (System.nanoTime() - start) / 1_000_000);
    }

    /** The stored price at the currency's scale; a price that does not fit (currency changed) stays as stored. */
    private BigDecimal atCurrencyScale(BigDecimal price) {
        try {
            return price.setScale(minorDigits, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            return price;
        }
    }

    @Override
    public boolean put(Product product) {
        Product p = validated(product);
        writeLock.lock();
        try {
            for (String code : p.barcodes) {
                String owner = skuByBarcode.get(code);
                if (owner != null && !owner.equals(p.sku)) {
                    throw taken(code, owner);
                }
            }
            boolean created = database.write(c -> {
                boolean exists;
                try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM product WHERE sku = ?")) {
                    ps.setString(1, p.sku);
                    try (ResultSet rs = ps.executeQuery()) {
                        exists = rs.next();
                    }
                }
                store(c, List.of(p), Set.of(p.sku), x -> "");
                return !exists;
            });
            cache(List.of(p));
            LOG.debug("Product {} {}", p.sku, created ? "created" : "replaced");
            return created;
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public int putAll(List<Product> list) {
        if (list == null) {
            throw StoreboxException.invalid("the list of products is missing; send an array of products");
        }
        if (list.isEmpty()) {
            return 0;
        }
        long start = System.nanoTime();
        List<Product> batch = new ArrayList<>(list.size());
        Map<String, Integer> positionOfSku = new HashMap<>();
        validateBatch(list, batch, positionOfSku);
        writeLock.lock();
        try {
            checkBarcodeOwners(batch, positionOfSku);
            database.write(c -> {
                store(c, batch, positionOfSku.keySet(), p -> label(positionOfSku, p));
                return null;
            });
            cache(batch);
        } finally {
            writeLock.unlock();
        }
        LOG.info("Imported {} products in {} ms", batch.size(), (System.nanoTime() - start) / 1_000_000);
        return batch.size();
    }

    /** Validates every product of a list into {@code batch}, each SKU and barcode once, or INVALID naming the first bad one. */
    private void validateBatch(List<Product> list, List<Product> batch, Map<String, Integer> positionOfSku) {
        Map<String, Integer> positionOfCode = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            Product given = list.get(i);
            String label = "product " + (i + 1) + " (sku " + (given == null ? null : given.sku) + "): ";
            Product p;
            try {
                p = validated(given);
            } catch (StoreboxException e) {
                throw StoreboxException.invalid(label + e.getMessage());
            }
            Integer first = positionOfSku.putIfAbsent(p.sku, i);
            if (first != null) {
                throw StoreboxException.invalid(label + "SKU " + p.sku + " is already product " + (first + 1)
                        + " of this list; give each SKU once");
            }
            for (String code : p.barcodes) {
                Integer other = positionOfCode.putIfAbsent(code, i);
                if (other != null) {
                    throw StoreboxException.invalid(label + "barcode " + code + " is also on product " + (other + 1)
                            + " (sku " + batch.get(other).sku + "); a barcode belongs to one SKU only");
                }
            }
            batch.add(p);
        }
    }

    /** Under the write lock: a barcode may move between products of the batch, never away from a product outside it. */
    private void checkBarcodeOwners(List<Product> batch, Map<String, Integer> positionOfSku) {
        for (Product p : batch) {
            for (String code : p.barcodes) {
                String owner = skuByBarcode.get(code);
                if (owner != null && !owner.equals(p.sku) && !positionOfSku.containsKey(owner)) {
                    throw StoreboxException.invalid(label(positionOfSku, p) + taken(code, owner).getMessage());
                }
            }
        }
    }

    @Override
    public Map<String, Object> applyCatalog(String requestId, long version, boolean full, List<Product> list,
            List<String> deactivate) {
        List<Product> batch = new ArrayList<>(list.size());
        Map<String, Integer> positionOfSku = new HashMap<>();
        validateBatch(list, batch, positionOfSku);
        if (full && batch.isEmpty()) {
            throw StoreboxException.invalid("a full catalog without products would deactivate every product; "
                    + "send the products, or mode delta");
        }
        Set<String> off = new TreeSet<>();
        for (String sku : deactivate) {
            if (positionOfSku.containsKey(sku)) {
                throw StoreboxException.invalid("SKU " + sku + " is both in products and in deactivate; give it once");
            }
            off.add(sku);
        }
        writeLock.lock();
        try {
            checkBarcodeOwners(batch, positionOfSku);
            // Refused before the write as well as inside it: the database then never sees a refused command.
            if (alreadyApplied(Versions.CATALOG, version, requestId)) {
                return new LinkedHashMap<>(Map.of("already_applied", true));
            }
            for (String sku : off) {
                if (!products.containsKey(sku)) {
                    throw StoreboxException.invalid("deactivate names SKU " + sku
                            + ", which this store does not have; remove it from the list");
                }
            }
            if (full) {
                for (Product p : products.values()) {
                    if (p.active && !positionOfSku.containsKey(p.sku)) {
                        off.add(p.sku);
                    }
                }
            }
            // Under the write lock the cache holds exactly the table's SKUs.
            int created = (int) batch.stream().filter(p -> !products.containsKey(p.sku)).count();
            Map<String, Object> result = database.write(c -> {
                Map<String, Object> r = new LinkedHashMap<>();
                if (Versions.alreadyApplied(c, Versions.CATALOG, version, requestId)) {
                    r.put("already_applied", true);
                    return r;
                }
                store(c, batch, positionOfSku.keySet(), p -> label(positionOfSku, p));
                OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE product SET active = FALSE, updated_at = ? WHERE sku = ?")) {
                    for (String sku : off) {
                        ps.setObject(1, now);
                        ps.setString(2, sku);
                        if (ps.executeUpdate() == 0) {
                            throw StoreboxException.invalid("deactivate names SKU " + sku
                                    + ", which this store does not have; remove it from the list");
                        }
                    }
                }
                Versions.record(c, Versions.CATALOG, version, requestId);
                r.put("created", created);
                r.put("replaced", batch.size() - created);
                r.put("deactivated", off.size());
                return r;
            });
            if (!result.containsKey("already_applied")) {
                cache(batch);
                for (String sku : off) {
                    Product old = products.get(sku);
                    if (old != null) {
                        Product p = copy(old);
                        p.active = false;
                        products.put(sku, p);
                    }
                }
                LOG.info("Catalog version {} ({}) applied: {}", version, full ? "full" : "delta", result);
            }
            return result;
        } finally {
            writeLock.unlock();
        }
    }

    /** The version check on a reader, before the write (under the write lock, so nothing changes it meanwhile). */
    private boolean alreadyApplied(String name, long version, String requestId) {
        return database.read(c -> Versions.alreadyApplied(c, name, version, requestId));
    }

    @Override
    public Map<String, Object> applyPrices(String requestId, long version, boolean full, Map<String, BigDecimal> prices) {
        Map<String, BigDecimal> checked = new LinkedHashMap<>();
        for (Map.Entry<String, BigDecimal> e : prices.entrySet()) {
            checked.put(e.getKey(), checkedPrice("price of " + e.getKey(), e.getValue()));
        }
        writeLock.lock();
        try {
            List<String> unknown = checked.keySet().stream().filter(sku -> !products.containsKey(sku)).limit(10).toList();
            if (!unknown.isEmpty()) {
                throw StoreboxException.invalid("the price book names SKUs this store does not have: "
                        + String.join(", ", unknown) + "; send them in a catalog command first, or leave them out");
            }
            if (full) {
                List<String> missing = products.values().stream().filter(p -> p.active && !checked.containsKey(p.sku))
                        .map(p -> p.sku).sorted().toList();
                if (!missing.isEmpty()) {
                    throw StoreboxException.invalid("a full price book prices every active product, and "
                            + missing.size() + " have none in it (" + String.join(", ", missing.subList(0,
                                    Math.min(10, missing.size()))) + "); add them, or send mode delta");
                }
            }
            if (alreadyApplied(Versions.PRICES, version, requestId)) {
                return new LinkedHashMap<>(Map.of("already_applied", true));
            }
            Map<String, Object> result = database.write(c -> {
                Map<String, Object> r = new LinkedHashMap<>();
                if (Versions.alreadyApplied(c, Versions.PRICES, version, requestId)) {
                    r.put("already_applied", true);
                    return r;
                }
                int changed = 0;
                OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE product SET price = ?, updated_at = ? WHERE sku = ? AND price <> ?")) {
                    for (Map.Entry<String, BigDecimal> e : checked.entrySet()) {
                        ps.setBigDecimal(1, e.getValue());
                        ps.setObject(2, now);
                        ps.setString(3, e.getKey());
                        ps.setBigDecimal(4, e.getValue());
                        changed += ps.executeUpdate();
                    }
                }
                Versions.record(c, Versions.PRICES, version, requestId);
                r.put("prices", checked.size());
                r.put("changed", changed);
                return r;
            });
            if (!result.containsKey("already_applied")) {
                for (Map.Entry<String, BigDecimal> e : checked.entrySet()) {
                    Product p = copy(products.get(e.getKey()));
                    p.price = e.getValue();
                    products.put(p.sku, p);
                }
                LOG.info("Price book version {} ({}) applied: {}", version, full ? "full" : "delta", result);
            }
            return result;
        } finally {
            writeLock.unlock();
        }
    }

    private static String label(Map<String, Integer> positionOfSku, Product p) {
        return "product " + (positionOfSku.get(p.sku) + 1) + " (sku " + p.sku + "): ";
    }

    private static StoreboxException taken(String code, String owner) {
        return StoreboxException.invalid("barcode " + code + " already belongs to SKU " + owner
                + "; remove it from " + owner + " first");
    }

    /**
     * Inside the write: checks barcode ownership against the table (the authority; a barcode may move
     * between products of the batch only), upserts the products and changes only the barcodes that differ.
     */
    private static void store(Connection c, List<Product> batch, Set<String> batchSkus,
            Function<Product, String> label) throws SQLException {
        Map<String, String> owners = new HashMap<>();
        // One indexed lookup per code: "code = ANY(?)" re-scans the whole array for every row it finds.
        try (PreparedStatement ps = c.prepareStatement("SELECT sku FROM barcode WHERE code = ?")) {
            for (Product p : batch) {
                for (String code : p.barcodes) {
                    ps.setString(1, code);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            String owner = rs.getString(1);
                            if (!owner.equals(p.sku) && !batchSkus.contains(owner)) {
                                throw StoreboxException.invalid(label.apply(p) + taken(code, owner).getMessage());
                            }
                            owners.put(code, owner);
                        }
                    }
                }
            }
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        try (PreparedStatement merge = c.prepareStatement("MERGE INTO product"
                + " (sku, name, price, tax_class, active, category, updated_at) KEY(sku) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            int n = 0;
            for (Product p : batch) {
                merge.setString(1, p.sku);
                merge.setString(2, p.name);
                merge.setBigDecimal(3, p.price);
                merge.setString(4, p.taxClass);
                merge.setBoolean(5, p.active);
                merge.setString(6, p.category);
                merge.setObject(7, now);
                merge.addBatch();
                if (++n % BATCH == 0) {
                    merge.executeBatch();
                }
            }
            merge.executeBatch();
        }
        // Every delete before any insert: a barcode may move from a later product of the batch to an earlier one.
        try (PreparedStatement delete = c.prepareStatement(
                "DELETE FROM barcode WHERE sku = ? AND NOT (code = ANY(?))")) {
            int n = 0;
            for (Product p : batch) {
                delete.setString(1, p.sku);
                delete.setArray(2, c.createArrayOf("VARCHAR", p.barcodes.toArray()));
                delete.addBatch();
                if (++n % BATCH == 0) {
                    delete.executeBatch();
                }
            }
            delete.executeBatch();
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO barcode (code, sku) VALUES (?, ?)")) {
            int n = 0;
            for (Product p : batch) {
                for (String code : p.barcodes) {
                    if (p.sku.equals(owners.get(code))) {
                        continue;
                    }
                    insert.setString(1, code);
                    insert.setString(2, p.sku);
                    insert.addBatch();
                    if (++n % BATCH == 0) {
                        insert.executeBatch();
                    }
                }
            }
            insert.executeBatch();
        }
    }

    /** Puts committed products into the maps: product first, then its barcodes, then drops barcodes it lost. */
    private void cache(List<Product> written) {
        List<Product> previous = new ArrayList<>(written.size());
        for (Product p : written) {
            previous.add(products.put(p.sku, p));
        }
        for (Product p : written) {
            for (String code : p.barcodes) {
                skuByBarcode.put(code, p.sku);
            }
        }
        for (int i = 0; i < written.size(); i++) {
            Product old = previous.get(i);
            if (old != null) {
                for (String code : old.barcodes) {
                    if (!written.get(i).barcodes.contains(code)) {
                        // Conditional: the code may have moved to another product of the same write.
                        skuByBarcode.remove(code, old.sku);
                    }
                }
            }
        }
    }

    /** A checked, normalized private copy of the product, or INVALID saying what to fix. */
    private Product validated(Product given) {
        if (given == null) {
            throw StoreboxException.invalid("the product is empty; send sku, name, price and tax_class");
        }
        Product p = new Product();
        if (given.sku == null || !SKU.matcher(given.sku).matches()) {
            throw StoreboxException.invalid("sku " + (given.sku == null ? "is missing" : "'" + given.sku + "' is not valid")
                    + ": a SKU is 1 to 64 letters, digits, '.', '_' or '-'");
        }
        p.sku = given.sku;
        if (given.name == null || given.name.isBlank()) {
            throw StoreboxException.invalid("name is empty: give the name to show on receipts");
        }
        p.name = given.name.strip();
        if (p.name.length() > MAX_NAME) {
            throw StoreboxException.invalid("name has " + p.name.length() + " characters; shorten it to at most "
                    + MAX_NAME);
        }
        p.price = checkedPrice("price", given.price);
        Set<String> codes = new TreeSet<>();
        if (given.barcodes != null) {
            for (String code : given.barcodes) {
                String problem = Barcodes.problem(code);
                if (problem != null) {
                    throw StoreboxException.invalid(problem);
                }
                if (!codes.add(code)) {
                    throw StoreboxException.invalid("barcode " + code + " is listed twice; list each barcode once");
                }
            }
        }
        // Sorted, as the table gives them back after a restart.
        p.barcodes = new ArrayList<>(codes);
        if (given.taxClass == null || !taxClasses.containsKey(given.taxClass)) {
            throw StoreboxException.invalid("tax_class " + (given.taxClass == null ? "is missing"
                    : "'" + given.taxClass + "' is not configured") + "; use one of " + String.join(", ",
                    taxClasses.keySet()));
        }
        p.taxClass = given.taxClass;
        p.active = given.active == null ? Boolean.TRUE : given.active;
        if (given.category != null && !given.category.isBlank()) {
            p.category = given.category.strip();
            if (p.category.length() > MAX_CATEGORY) {
                throw StoreboxException.invalid("category has " + p.category.length()
                        + " characters; shorten it to at most " + MAX_CATEGORY);
            }
        }
        return p;
    }

    /** The price at the currency's scale, or INVALID saying what to fix; {@code what} names it ("price of X"). */
    private BigDecimal checkedPrice(String what, BigDecimal price) {
        if (price == null) {
            throw StoreboxException.invalid(what + " is missing: give the unit price in " + currency);
        }
        if (price.signum() < 0) {
            throw StoreboxException.invalid(what + " " + price.toPlainString() + " is negative; a price is 0 or more");
        }
        if (price.stripTrailingZeros().scale() > minorDigits) {
            throw StoreboxException.invalid(what + " " + price.toPlainString() + " has more decimals than " + currency
                    + " allows (" + minorDigits + "); round it to " + minorDigits + " decimals");
        }
        if (price.compareTo(PRICE_LIMIT) >= 0) {
            throw StoreboxException.invalid(what + " " + price.toPlainString() + " is too large; check the amount");
        }
        return price.setScale(minorDigits, RoundingMode.UNNECESSARY);
    }

    @Override
    public Set<String> taxClassesInUse() {
        Set<String> used = new TreeSet<>();
        products.values().forEach(p -> used.add(p.taxClass));
        return used;
    }

    @Override
    public Optional<Long> appliedVersion(String name) {
        return database.read(c -> Versions.applied(c, name));
    }

    private static Product copy(Product p) {
        Product c = new Product();
        c.sku = p.sku;
        c.name = p.name;
        c.price = p.price;
        c.barcodes = new ArrayList<>(p.barcodes);
        c.taxClass = p.taxClass;
        c.active = p.active;
        c.category = p.category;
        return c;
    }

    private static TaxClass copy(TaxClass t) {
        return new TaxClass(t.name, t.rate, t.inclusive);
    }

    @Override
    public Optional<Product> get(String sku) {
        Product p = sku == null ? null : products.get(sku);
        return p == null ? Optional.empty() : Optional.of(copy(p));
    }

    @Override
    public Optional<Product> findByBarcode(String barcode) {
        String sku = barcode == null ? null : skuByBarcode.get(barcode);
        return get(sku);
    }

    @Override
    public int size() {
        return products.size();
    }

    @Override
    public Optional<TaxClass> taxClass(String name) {
        TaxClass t = name == null ? null : taxClasses.get(name);
        return t == null ? Optional.empty() : Optional.of(copy(t));
    }

    @Override
    public List<TaxClass> taxClasses() {
        List<TaxClass> all = new ArrayList<>(taxClasses.size());
        taxClasses.values().forEach(t -> all.add(copy(t)));
        return all;
    }
}
