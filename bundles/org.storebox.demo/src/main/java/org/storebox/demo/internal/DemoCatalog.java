package org.storebox.demo.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.storebox.api.catalog.Barcodes;
import org.storebox.api.catalog.CatalogService;
import org.storebox.api.catalog.Product;
import org.storebox.api.stock.StockDocument;
import org.storebox.api.stock.StockLine;
import org.storebox.api.stock.StockService;

/**
 * Fills an empty catalog with a dozen products (names in Chinese, Malay and English, EAN-13
 * barcodes with the Hong Kong and Malaysia GS1 prefixes) and 100 of each in stock, so a new box can
 * sell at once. Does nothing unless enabled, and nothing when the catalog already has products.
 */
@Component(configurationPid = "org.storebox.demo")
@Designate(ocd = DemoCatalog.Config.class)
public class DemoCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(DemoCatalog.class);

    /** Whether to load the demo catalog. */
    @ObjectClassDefinition(name = "storebox demo catalog")
    public @interface Config {
        @AttributeDefinition(description = "Load the demo catalog into an empty box; empty: STOREBOX_DEMO (true/false).")
        String enabled() default "";
    }

    private static final String[][] PRODUCTS = {
        // sku, name, price, barcode payload (12 digits; the check digit is computed), category
        { "HK-TEA-250", "維他檸檬茶 Vita Lemon Tea 250ml", "4.50", "489000000001", "drinks" },
        { "HK-MILK-1L", "維記鮮牛奶 Kowloon Dairy Milk 1L", "23.90", "489000000002", "dairy" },
        { "HK-BREAD", "嘉頓生命麵包 Garden Life Bread", "15.50", "489000000003", "bakery" },
        { "HK-EGG-10", "新鮮雞蛋 Fresh Eggs x10", "22.00", "489000000004", "fresh" },
        { "HK-NOODLE", "出前一丁 Demae Iccho Noodles", "5.90", "489000000005", "grocery" },
        { "MY-MILO-1K", "Milo Tin 1kg", "38.90", "955000000001", "drinks" },
        { "MY-KOPI", "Kopi O Kaw 3-dalam-1", "12.50", "955000000002", "drinks" },
        { "MY-SAMBAL", "Sambal Tumis Pedas 200g", "6.80", "955000000003", "grocery" },
        { "MY-BERAS-5", "Beras Wangi Siam 5kg", "32.00", "955000000004", "grocery" },
        { "FR-APPLE-KG", "富士蘋果 Fuji Apples (kg)", "28.00", "489000000006", "fresh" },
        { "HH-TISSUE", "Tempo Tissue 10 packs", "19.90", "955000000006", "household" },
        { "HH-SOAP", "Lifebuoy Soap 3x100g", "14.00", "955000000005", "household" },
    };

    @Activate
    public DemoCatalog(Config config, @Reference CatalogService catalog, @Reference StockService stock) {
        String setting = config.enabled().isBlank() ? System.getenv("STOREBOX_DEMO") : config.enabled();
        if (!Boolean.parseBoolean(setting == null ? "false" : setting.trim()) || catalog.size() > 0) {
            return;
        }
        List<Product> products = new ArrayList<>();
        StockDocument receipt = new StockDocument();
        receipt.reference = "demo opening stock";
        for (String[] p : PRODUCTS) {
            Product product = new Product();
            product.sku = p[0];
            product.name = p[1];
            product.price = new BigDecimal(p[2]);
            product.barcodes.add(p[3] + Barcodes.checkDigit(p[3]));
            product.taxClass = "standard";
            product.active = true;
            product.category = p[4];
            products.add(product);
            receipt.lines.add(new StockLine(p[0], BigDecimal.valueOf(100)));
        }
        catalog.putAll(products);
        stock.receive(receipt);
        LOG.info("Demo catalog loaded: {} products with 100 of each in stock", products.size());
    }
}
