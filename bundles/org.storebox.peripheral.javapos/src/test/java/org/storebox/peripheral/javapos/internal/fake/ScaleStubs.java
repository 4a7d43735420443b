package org.storebox.peripheral.javapos.internal.fake;

import jpos.JposException;

/** Defaults for every ScaleService114 method that the fake does not override (generated from the interface by reflection; edit the fake, not this). */
@SuppressWarnings("unused")
public abstract class ScaleStubs extends FakeService implements jpos.services.ScaleService114 {

    protected ScaleStubs(String category) {
        super(category);
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
    public void displayText(java.lang.String p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void doPriceCalculating(int[] p0, int[] p1, long[] p2, long[] p3, int[] p4, int[] p5, int[] p6, long[] p7, int p8) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void freezeValue(int p0, boolean p1) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public boolean getAsyncMode() throws JposException {
        return false;
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
    public boolean getCapDisplayText() throws JposException {
        return false;
    }

    @Override
    public boolean getCapDisplay() throws JposException {
        return false;
    }

    @Override
    public boolean getCapFreezeValue() throws JposException {
        return false;
    }

    @Override
    public int getCapPowerReporting() throws JposException {
        return 0;
    }

    @Override
    public boolean getCapPriceCalculating() throws JposException {
        return false;
    }

    @Override
    public boolean getCapReadLiveWeightWithTare() throws JposException {
        return false;
    }

    @Override
    public boolean getCapSetPriceCalculationMode() throws JposException {
        return false;
    }

    @Override
    public boolean getCapSetUnitPriceWithWeightUnit() throws JposException {
        return false;
    }

    @Override
    public boolean getCapSpecialTare() throws JposException {
        return false;
    }

    @Override
    public boolean getCapStatisticsReporting() throws JposException {
        return false;
    }

    @Override
    public boolean getCapStatusUpdate() throws JposException {
        return false;
    }

    @Override
    public boolean getCapTarePriority() throws JposException {
        return false;
    }

    @Override
    public boolean getCapTareWeight() throws JposException {
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
    public boolean getCapZeroScale() throws JposException {
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
    public int getMaxDisplayTextChars() throws JposException {
        return 0;
    }

    @Override
    public int getMaximumWeight() throws JposException {
        return 0;
    }

    @Override
    public int getMinimumWeight() throws JposException {
        return 0;
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
    public long getSalesPrice() throws JposException {
        return 0;
    }

    @Override
    public int getScaleLiveWeight() throws JposException {
        return 0;
    }

    @Override
    public int getStatusNotify() throws JposException {
        return 0;
    }

    @Override
    public int getTareWeight() throws JposException {
        return 0;
    }

    @Override
    public long getUnitPrice() throws JposException {
        return 0;
    }

    @Override
    public int getWeightUnit() throws JposException {
        return 0;
    }

    @Override
    public boolean getZeroValid() throws JposException {
        return false;
    }

    @Override
    public void readLiveWeightWithTare(int[] p0, int[] p1, int p2) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void readWeight(int[] p0, int p1) throws JposException {
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
    public void setAsyncMode(boolean p0) throws JposException {
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
    public void setPowerNotify(int p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setPriceCalculationMode(int p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setSpecialTare(int p0, int p1) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setStatusNotify(int p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setTarePrioity(int p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setTareWeight(int p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setUnitPriceWithWeightUnit(long p0, int p1, int p2, int p3) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setUnitPrice(long p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setZeroValid(boolean p0) throws JposException {
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
    public void zeroScale() throws JposException {
        // nothing to do in a fake
    }
}
