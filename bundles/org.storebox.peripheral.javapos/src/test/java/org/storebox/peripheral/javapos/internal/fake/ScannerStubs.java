package org.storebox.peripheral.javapos.internal.fake;

import jpos.JposException;

/** Defaults for every ScannerService114 method that the fake does not override (generated from the interface by reflection; edit the fake, not this). */
@SuppressWarnings("unused")
public abstract class ScannerStubs extends FakeService implements jpos.services.ScannerService114 {

    protected ScannerStubs(String category) {
        super(category);
    }

    @Override
    public void clearInputProperties() throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void clearInput() throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void compareFirmwareVersion(java.lang.String p0, int[] p1) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public boolean getAutoDisable() throws JposException {
        return false;
    }

    @Override
    public boolean getCapCompareFirmwareVersion() throws JposException {
        return false;
    }

    @Override
    public int getCapPowerReporting() throws JposException {
        return 0;
    }

    @Override
    public boolean getCapStatisticsReporting() throws JposException {
        return false;
    }

    @Override
    public boolean getCapUpdateFirmware() throws JposException {
        return false;
    }

    @Override
    public boolean getCapUpdateStatistics() throws JposException {
        return false;
    }

    @Override
    public int getDataCount() throws JposException {
        return 0;
    }

    @Override
    public boolean getDataEventEnabled() throws JposException {
        return false;
    }

    @Override
    public boolean getDecodeData() throws JposException {
        return false;
    }

    @Override
    public int getPowerNotify() throws JposException {
        return 0;
    }

    @Override
    public int getPowerState() throws JposException {
        return 0;
    }

    @Override
    public byte[] getScanDataLabel() throws JposException {
        return null;
    }

    @Override
    public int getScanDataType() throws JposException {
        return 0;
    }

    @Override
    public byte[] getScanData() throws JposException {
        return null;
    }

    @Override
    public void resetStatistics(java.lang.String p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void retrieveStatistics(java.lang.String[] p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setAutoDisable(boolean p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setDataEventEnabled(boolean p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setDecodeData(boolean p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setPowerNotify(int p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void updateFirmware(java.lang.String p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void updateStatistics(java.lang.String p0) throws JposException {
        // nothing to do in a fake
    }
}
