package org.storebox.peripheral.javapos.internal.fake;

import jpos.JposException;

/** Defaults for every LineDisplayService114 method that the fake does not override (generated from the interface by reflection; edit the fake, not this). */
@SuppressWarnings("unused")
public abstract class LineDisplayStubs extends FakeService implements jpos.services.LineDisplayService114 {

    protected LineDisplayStubs(String category) {
        super(category);
    }

    @Override
    public void clearDescriptors() throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void clearText() throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void compareFirmwareVersion(java.lang.String p0, int[] p1) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void createWindow(int p0, int p1, int p2, int p3, int p4, int p5) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void defineGlyph(int p0, byte[] p1) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void destroyWindow() throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void displayBitmap(java.lang.String p0, int p1, int p2, int p3) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void displayTextAt(int p0, int p1, java.lang.String p2, int p3) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void displayText(java.lang.String p0, int p1) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public int getBlinkRate() throws JposException {
        return 0;
    }

    @Override
    public boolean getCapBitmap() throws JposException {
        return false;
    }

    @Override
    public boolean getCapBlinkRate() throws JposException {
        return false;
    }

    @Override
    public int getCapBlink() throws JposException {
        return 0;
    }

    @Override
    public boolean getCapBrightness() throws JposException {
        return false;
    }

    @Override
    public int getCapCharacterSet() throws JposException {
        return 0;
    }

    @Override
    public boolean getCapCompareFirmwareVersion() throws JposException {
        return false;
    }

    @Override
    public int getCapCursorType() throws JposException {
        return 0;
    }

    @Override
    public boolean getCapCustomGlyph() throws JposException {
        return false;
    }

    @Override
    public boolean getCapDescriptors() throws JposException {
        return false;
    }

    @Override
    public boolean getCapHMarquee() throws JposException {
        return false;
    }

    @Override
    public boolean getCapICharWait() throws JposException {
        return false;
    }

    @Override
    public boolean getCapMapCharacterSet() throws JposException {
        return false;
    }

    @Override
    public int getCapPowerReporting() throws JposException {
        return 0;
    }

    @Override
    public int getCapReadBack() throws JposException {
        return 0;
    }

    @Override
    public int getCapReverse() throws JposException {
        return 0;
    }

    @Override
    public boolean getCapScreenMode() throws JposException {
        return false;
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
    public boolean getCapVMarquee() throws JposException {
        return false;
    }

    @Override
    public java.lang.String getCharacterSetList() throws JposException {
        return "";
    }

    @Override
    public int getCharacterSet() throws JposException {
        return 0;
    }

    @Override
    public int getColumns() throws JposException {
        return 0;
    }

    @Override
    public int getCurrentWindow() throws JposException {
        return 0;
    }

    @Override
    public int getCursorColumn() throws JposException {
        return 0;
    }

    @Override
    public int getCursorRow() throws JposException {
        return 0;
    }

    @Override
    public int getCursorType() throws JposException {
        return 0;
    }

    @Override
    public boolean getCursorUpdate() throws JposException {
        return false;
    }

    @Override
    public java.lang.String getCustomGlyphList() throws JposException {
        return "";
    }

    @Override
    public int getDeviceBrightness() throws JposException {
        return 0;
    }

    @Override
    public int getDeviceColumns() throws JposException {
        return 0;
    }

    @Override
    public int getDeviceDescriptors() throws JposException {
        return 0;
    }

    @Override
    public int getDeviceRows() throws JposException {
        return 0;
    }

    @Override
    public int getDeviceWindows() throws JposException {
        return 0;
    }

    @Override
    public int getGlyphHeight() throws JposException {
        return 0;
    }

    @Override
    public int getGlyphWidth() throws JposException {
        return 0;
    }

    @Override
    public int getInterCharacterWait() throws JposException {
        return 0;
    }

    @Override
    public boolean getMapCharacterSet() throws JposException {
        return false;
    }

    @Override
    public int getMarqueeFormat() throws JposException {
        return 0;
    }

    @Override
    public int getMarqueeRepeatWait() throws JposException {
        return 0;
    }

    @Override
    public int getMarqueeType() throws JposException {
        return 0;
    }

    @Override
    public int getMarqueeUnitWait() throws JposException {
        return 0;
    }

    @Override
    public int getMaximumX() throws JposException {
        return 0;
    }

    @Override
    public int getMaximumY() throws JposException {
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
    public int getRows() throws JposException {
        return 0;
    }

    @Override
    public java.lang.String getScreenModeList() throws JposException {
        return "";
    }

    @Override
    public int getScreenMode() throws JposException {
        return 0;
    }

    @Override
    public void readCharacterAtCursor(int[] p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void refreshWindow(int p0) throws JposException {
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
    public void scrollText(int p0, int p1) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setBitmap(int p0, java.lang.String p1, int p2, int p3, int p4) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setBlinkRate(int p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setCharacterSet(int p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setCurrentWindow(int p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setCursorColumn(int p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setCursorRow(int p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setCursorType(int p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setCursorUpdate(boolean p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setDescriptor(int p0, int p1) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setDeviceBrightness(int p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setInterCharacterWait(int p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setMapCharacterSet(boolean p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setMarqueeFormat(int p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setMarqueeRepeatWait(int p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setMarqueeType(int p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setMarqueeUnitWait(int p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setPowerNotify(int p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setScreenMode(int p0) throws JposException {
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
