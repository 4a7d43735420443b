/**
 * Rule-based restock suggestions: per SKU, category or store rules (min/max, reorder point with
 * safety stock, days of cover, pack size, shelf capacity, supplier lead time and order days) over
 * the box's own sales history, each suggestion with its reasoning and a state.
 */
@Export
@Version("1.0.0")
package org.storebox.api.restock;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
