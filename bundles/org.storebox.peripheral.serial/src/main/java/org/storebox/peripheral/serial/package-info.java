/**
 * Serial links for peripheral drivers: {@link org.storebox.peripheral.serial.SerialLink} opens a
 * port by path on its own thread, reconnects with back-off when the port is missing, unplugged or
 * vanishes, and reports each connect and disconnect once. No jSerialComm type appears in this
 * package's signatures.
 */
@Export
@Version("1.1.0")
package org.storebox.peripheral.serial;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
