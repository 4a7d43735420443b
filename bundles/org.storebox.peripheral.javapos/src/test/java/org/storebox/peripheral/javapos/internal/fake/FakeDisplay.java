package org.storebox.peripheral.javapos.internal.fake;

import java.util.List;

import jpos.JposException;

/** A two-row customer display of 20 columns that records rows under {@code printed}. */
public class FakeDisplay extends LineDisplayStubs {

    public FakeDisplay() {
        super("LineDisplay");
    }

    @Override
    @SuppressWarnings("unchecked")
    public void displayTextAt(int row, int column, String data, int attribute) throws JposException {
        maybeHang("displayTextAt");
        checkEnabled();
        ((List<String>) state.get("printed")).add(row + ":" + column + ":" + data);
    }

    @Override
    public int getColumns() {
        return 20;
    }

    @Override
    public int getRows() {
        return 2;
    }
}
