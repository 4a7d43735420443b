package org.storebox.api.peripheral;

import java.util.ArrayList;
import java.util.List;

/** A device-independent document for a receipt printer: blocks printed top to bottom. */
public class PrintDocument {

    /** One block of a document. */
    public static class Block {
        /** {@code text}, {@code barcode}, {@code qr}, {@code feed}, {@code cut} or {@code kick} (drawer pulse). */
        public String type;
        /** The text of a text block, the data of a barcode or QR code. */
        public String text;
        public boolean bold;
        /** Double width and height. */
        public boolean large;
        /** {@code left} (default), {@code center} or {@code right}. */
        public String align;
        /** For barcodes: {@code EAN13}, {@code EAN8}, {@code UPCA} or {@code CODE128}. */
        public String symbology;
        /** For feed: lines to feed. */
        public int lines;

        public Block() {
        }

        public static Block text(String text) {
            Block b = new Block();
            b.type = "text";
            b.text = text;
            return b;
        }

        public static Block of(String type) {
            Block b = new Block();
            b.type = type;
            return b;
        }
    }

    public List<Block> blocks = new ArrayList<>();
}
