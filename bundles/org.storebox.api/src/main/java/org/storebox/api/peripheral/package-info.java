/**
 * The store's shared peripherals: receipt printers, barcode scanners, cash drawers, scales and
 * customer line displays.
 * <p>
 * A driver bundle registers one service per configured device under the interface of its kind
 * ({@link org.storebox.api.peripheral.ReceiptPrinter}, {@link org.storebox.api.peripheral.BarcodeScanner},
 * {@link org.storebox.api.peripheral.CashDrawer}, {@link org.storebox.api.peripheral.Scale},
 * {@link org.storebox.api.peripheral.LineDisplay}), also as {@link org.storebox.api.peripheral.Peripheral},
 * with the service properties {@link org.storebox.api.peripheral.Peripheral#PROP_NAME} and
 * {@link org.storebox.api.peripheral.Peripheral#PROP_KIND}. Devices come and go with their driver
 * bundles (whiteboard); the peripheral manager tracks them and serves them to terminals.
 * <p>
 * Drivers report what happens on the device as EventAdmin events, with the topics and properties
 * of {@link org.storebox.api.peripheral.PeripheralEvents}.
 */
@Export
@Version("1.0.0")
package org.storebox.api.peripheral;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
