package org.storebox.peripheral.javapos.internal.fake;

import jpos.JposException;

/** Defaults for every CashDrawerService114 method that the fake does not override (generated from the interface by reflection; edit the fake, not this). */
@SuppressWarnings("unused")
public abstract class CashDrawerStubs extends FakeService implements jpos.services.CashDrawerService114 {

    protected CashDrawerStubs(String category) {
        super(category);
    }

    @Override
    public void compareFirmwareVersion(java.lang.String p0, int[] p1) throws JposException {
        // nothing to do in a fake
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
    public boolean getCapStatusMultiDrawerDetect() throws JposException {
        return false;
    }

    @Override
    public boolean getCapStatus() throws JposException {
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
    public boolean getDrawerOpened() throws JposException {
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
    public void openDrawer() throws JposException {
        // nothing to do in a fake
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

    @Override
    public void waitForDrawerClose(int p0, int p1, int p2, int p3) throws JposException {
        // nothing to do in a fake
    }
}
