package org.storebox.peripheral.escpos.internal;

import java.lang.annotation.Annotation;

/** Configurations for tests, with short timeouts so that a silent printer is noticed quickly. */
final class TestConfigs {

    private TestConfigs() {
    }

    /** A printer configuration; fields are public for tests to change before use. */
    static final class Printer implements PrinterConfig {
        String name = "front-printer";
        String port;
        String charset = "CP437";
        String drawerName = "";
        String drawerOpenLevel = "high";
        int columns = 48;
        int responseTimeoutMs = 300;
        int statusPollMs = 100;
        int printTimeoutMs = 5_000;

        Printer(String port) {
            this.port = port;
        }

        @Override
        public Class<? extends Annotation> annotationType() {
            return PrinterConfig.class;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String port() {
            return port;
        }

        @Override
        public int baud__rate() {
            return 9600;
        }

        @Override
        public int data__bits() {
            return 8;
        }

        @Override
        public String parity() {
            return "none";
        }

        @Override
        public int stop__bits() {
            return 1;
        }

        @Override
        public String flow__control() {
            return "none";
        }

        @Override
        public int columns() {
            return columns;
        }

        @Override
        public String charset() {
            return charset;
        }

        @Override
        public int response__timeout__ms() {
            return responseTimeoutMs;
        }

        @Override
        public int status__poll__ms() {
            return statusPollMs;
        }

        @Override
        public int print__timeout__ms() {
            return printTimeoutMs;
        }

        @Override
        public String drawer__name() {
            return drawerName;
        }

        @Override
        public String drawer__open__level() {
            return drawerOpenLevel;
        }

        @Override
        public int qr__size() {
            return 6;
        }

        @Override
        public String qr__error__correction() {
            return "M";
        }

        @Override
        public int barcode__height() {
            return 80;
        }

        @Override
        public int barcode__width() {
            return 3;
        }
    }

    /** A display configuration. */
    static final class Display implements DisplayConfig {
        String name = "front-display";
        String port;
        String charset = "CP437";
        int columns = 20;

        Display(String port) {
            this.port = port;
        }

        @Override
        public Class<? extends Annotation> annotationType() {
            return DisplayConfig.class;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String port() {
            return port;
        }

        @Override
        public int baud__rate() {
            return 9600;
        }

        @Override
        public int data__bits() {
            return 8;
        }

        @Override
        public String parity() {
            return "none";
        }

        @Override
        public int stop__bits() {
            return 1;
        }

        @Override
        public String flow__control() {
            return "none";
        }

        @Override
        public int columns() {
            return columns;
        }

        @Override
        public String charset() {
            return charset;
        }

        @Override
        public int response__timeout__ms() {
            return 500;
        }
    }
}
