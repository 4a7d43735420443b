package org.storebox.peripheral.javapos.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import jpos.JposException;
import jpos.POSPrinter;
import jpos.POSPrinterConst;
import jpos.config.JposEntry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.storebox.api.catalog.Barcodes;
import org.storebox.api.common.StoreboxException;
import org.storebox.api.peripheral.PeripheralException;
import org.storebox.api.peripheral.PeripheralKind;
import org.storebox.api.peripheral.PeripheralStatus;
import org.storebox.api.peripheral.PrintDocument;
import org.storebox.api.peripheral.ReceiptPrinter;

/**
 * A receipt printer behind a JavaPOS POSPrinter service: text through printNormal with UnifiedPOS
 * escape sequences, barcodes through printBarCode, cuts through cutPaper (or ESC|#fP).
 */
final class PrinterDevice extends JposDevice<POSPrinter> implements ReceiptPrinter {
    private static final Logger LOG = LoggerFactory.getLogger(PrinterDevice.class);
    /** UnifiedPOS escape prefix (ESC '|'). */
    static final String ESC = "\u001b|";
    static final String BOLD = ESC + "bC";
    /** Double high and double wide; ESC|1C would be the normal size. */
    static final String LARGE = ESC + "4C";
    static final String CENTER = ESC + "cA";
    static final String RIGHT = ESC + "rA";
    static final String NORMAL = ESC + "N";

    private final ReentrantLock printing = new ReentrantLock();
    private volatile int columns = 42;
    private volatile int lineWidth = 512;
    private volatile boolean canCut;
    private volatile String paper = "ok";
    private volatile boolean coverOpen;

    PrinterDevice(String name, JposEntry entry, DeviceContext context) {
        super(name, PeripheralKind.PRINTER, entry, context);
    }

    @Override
    protected POSPrinter newControl() {
        return new POSPrinter();
    }

    @Override
    protected void powerNotify(POSPrinter c) throws JposException {
        if (c.getCapPowerReporting() != jpos.JposConst.JPOS_PR_NONE) {
            c.setPowerNotify(jpos.JposConst.JPOS_PN_ENABLED);
        }
    }

    @Override
    protected void listen(POSPrinter control, int gen) {
        control.addStatusUpdateListener(e -> {
            if (!current(gen) || powerEvent(gen, e.getStatus())) {
                return;
            }
            switch (e.getStatus()) {
                case POSPrinterConst.PTR_SUE_COVER_OPEN, POSPrinterConst.PTR_SUE_REC_COVER_OPEN -> {
                    coverOpen = true;
                    deviceError(gen, "The cover of " + what() + " is open: close it.");
                }
                case POSPrinterConst.PTR_SUE_COVER_OK, POSPrinterConst.PTR_SUE_REC_COVER_OK -> {
                    coverOpen = false;
                    settled(gen);
                }
                case POSPrinterConst.PTR_SUE_REC_EMPTY -> {
                    paper = "out";
                    deviceError(gen, what() + " is out of paper: load a new roll.");
                }
                case POSPrinterConst.PTR_SUE_REC_NEAREMPTY -> {
                    paper = PeripheralStatus.PAPER_NEAR_END;
                    settled(gen);
                }
                case POSPrinterConst.PTR_SUE_REC_PAPEROK -> {
                    paper = "ok";
                    settled(gen);
                }
                default -> LOG.debug("{}: status update {}", name, e.getStatus());
            }
        });
    }

    private void settled(int gen) {
        if (coverOpen) {
            deviceError(gen, "The cover of " + what() + " is open: close it.");
        } else if ("out".equals(paper)) {
            deviceError(gen, what() + " is out of paper: load a new roll.");
        } else {
            deviceOnline(gen);
        }
    }

    @Override
    protected void afterEnable(POSPrinter c) throws JposException {
        if (c.getRecLineChars() > 0) {
            columns = c.getRecLineChars();
        }
        if (c.getRecLineWidth() > 0) {
            lineWidth = c.getRecLineWidth();
        }
        canCut = c.getCapRecPapercut();
        try {
            paper = c.getRecEmpty() ? PeripheralStatus.PAPER_OUT : c.getRecNearEnd() ? PeripheralStatus.PAPER_NEAR_END : PeripheralStatus.PAPER_OK;
            coverOpen = c.getCoverOpen();
        } catch (JposException e) {
            // A printer without paper or cover sensors may refuse these; it prints all the same.
            LOG.debug("{}: no paper or cover state", name, e);
        }
    }

    @Override
    protected PeripheralStatus openedStatus() {
        if (coverOpen) {
            return PeripheralStatus.error("The cover of " + what() + " is open: close it.", detail());
        }
        if ("out".equals(paper)) {
            return PeripheralStatus.error(what() + " is out of paper: load a new roll.", detail());
        }
        return super.openedStatus();
    }

    @Override
    protected Map<String, String> detail() {
        return Map.of(PeripheralStatus.DETAIL_PAPER, paper);
    }

    @Override
    protected String extendedReason(JposException e) {
        return switch (e.getErrorCodeExtended()) {
            case POSPrinterConst.JPOS_EPTR_COVER_OPEN -> "The cover of " + what() + " is open: close it.";
            case POSPrinterConst.JPOS_EPTR_REC_EMPTY -> what() + " is out of paper: load a new roll.";
            case POSPrinterConst.JPOS_EPTR_REC_CARTRIDGE_EMPTY, POSPrinterConst.JPOS_EPTR_REC_CARTRIDGE_REMOVED ->
                    what() + " has no ink: replace its cartridge.";
            case POSPrinterConst.JPOS_EPTR_REC_HEAD_CLEANING -> what() + " is cleaning its head; wait and try again.";
            case POSPrinterConst.JPOS_EPTR_TOOBIG, POSPrinterConst.JPOS_EPTR_BADFORMAT ->
                    what() + " cannot print this data (" + e.getMessage() + ").";
            default -> null;
        };
    }

    @Override
    public int columns() {
        return columns;
    }

    @Override
    public void print(PrintDocument document) {
        List<Step> steps = plan(document);
        long wait = context.callTimeoutMs();
        try {
            if (!printing.tryLock(wait, TimeUnit.MILLISECONDS)) {
                throw PeripheralException.unavailable(what() + " is busy with another document; try again.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PeripheralException.unavailable("Interrupted while waiting for " + what() + ".");
        }
        try {
            for (Step step : steps) {
                call(step.method(), wait, step.call());
            }
        } finally {
            printing.unlock();
        }
    }

    /** One call of a document, named by its JavaPOS method for the messages. */
    private record Step(String method, ControlCall<POSPrinter, Void> call) {
    }

    /** Checks the whole document and turns it into calls, before anything reaches the printer. */
    private List<Step> plan(PrintDocument document) {
        if (document == null || document.blocks == null) {
            throw invalid("a print document needs blocks");
        }
        List<Step> steps = new ArrayList<>();
        for (PrintDocument.Block b : document.blocks) {
            String type = b == null || b.type == null ? "" : b.type;
            switch (type) {
                case "text" -> {
                    String data = text(b);
                    steps.add(new Step("printNormal", c -> {
                        c.printNormal(POSPrinterConst.PTR_S_RECEIPT, data);
                        return null;
                    }));
                }
                case "barcode", "qr" -> {
                    String data = b.text == null ? "" : b.text;
                    int symbology = symbology(type, b.symbology, data);
                    int height = "qr".equals(type) ? lineWidth / 2 : Math.max(lineWidth / 6, 40);
                    int width = "qr".equals(type) ? lineWidth / 2 : lineWidth;
                    steps.add(new Step("printBarCode", c -> {
                        c.printBarCode(POSPrinterConst.PTR_S_RECEIPT, data, symbology, height, width,
                                POSPrinterConst.PTR_BC_CENTER, POSPrinterConst.PTR_BC_TEXT_BELOW);
                        return null;
                    }));
                }
                case "feed" -> {
                    String feed = ESC + Math.max(1, b.lines) + "lF";
                    steps.add(new Step("printNormal", c -> {
                        c.printNormal(POSPrinterConst.PTR_S_RECEIPT, feed);
                        return null;
                    }));
                }
                case "cut" -> steps.add(new Step(canCut ? "cutPaper" : "printNormal", c -> {
                    if (canCut) {
                        c.cutPaper(100);
                    } else {
                        c.printNormal(POSPrinterConst.PTR_S_RECEIPT, ESC + "100fP");
                    }
                    return null;
                }));
                // A drawer behind JavaPOS is its own CashDrawer device; the printer has nothing to do.
                case "kick" -> LOG.debug("{}: kick block left to the CashDrawer device", name);
                default -> throw invalid("unknown print block type '" + type
                        + "'; use text, barcode, qr, feed, cut or kick");
            }
        }
        return steps;
    }

    /** A text block as printNormal data: one escape-prefixed line per line of text. */
    static String text(PrintDocument.Block b) {
        String prefix = ("center".equals(b.align) ? CENTER : "right".equals(b.align) ? RIGHT : "")
                + (b.bold ? BOLD : "") + (b.large ? LARGE : "");
        StringBuilder out = new StringBuilder();
        String text = b.text == null ? "" : b.text;
        for (String line : text.split("\r?\n", -1)) {
            // An ESC in the text would start an escape sequence the receipt never meant.
            String clean = line.replace('\u001b', ' ');
            out.append(prefix).append(clean);
            if (!prefix.isEmpty()) {
                out.append(NORMAL);
            }
            out.append('\n');
        }
        return out.toString();
    }

    private int symbology(String type, String symbology, String data) {
        if ("qr".equals(type)) {
            if (data.isEmpty()) {
                throw invalid("a QR code needs data");
            }
            return POSPrinterConst.PTR_BCS_QRCODE;
        }
        String s = symbology == null ? "EAN13" : symbology.toUpperCase(Locale.ROOT);
        int code = switch (s) {
            case "EAN13" -> POSPrinterConst.PTR_BCS_EAN13;
            case "EAN8" -> POSPrinterConst.PTR_BCS_EAN8;
            case "UPCA" -> POSPrinterConst.PTR_BCS_UPCA;
            case "CODE128" -> POSPrinterConst.PTR_BCS_Code128;
            default -> throw invalid("unknown barcode symbology '" + symbology + "'; use EAN13, EAN8, UPCA or CODE128");
        };
        if (code != POSPrinterConst.PTR_BCS_Code128) {
            String problem = Barcodes.problem(data);
            if (problem != null) {
                throw invalid(problem);
            }
        } else if (data.isEmpty()) {
            throw invalid("a CODE128 barcode needs data");
        }
        return code;
    }

    private PeripheralException invalid(String message) {
        return new PeripheralException(StoreboxException.Kind.INVALID, what() + ": " + message + ".");
    }
}
