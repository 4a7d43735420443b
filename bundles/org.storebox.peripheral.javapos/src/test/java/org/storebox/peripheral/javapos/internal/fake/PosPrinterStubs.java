package org.storebox.peripheral.javapos.internal.fake;

import jpos.JposException;

/** Defaults for every POSPrinterService114 method that the fake does not override (generated from the interface by reflection; edit the fake, not this). */
@SuppressWarnings("unused")
public abstract class PosPrinterStubs extends FakeService implements jpos.services.POSPrinterService114 {

    protected PosPrinterStubs(String category) {
        super(category);
    }

    @Override
    public void beginInsertion(int p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void beginRemoval(int p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void changePrintSide(int p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void clearOutput() throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void clearPrintArea() throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void compareFirmwareVersion(java.lang.String p0, int[] p1) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void cutPaper(int p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void drawRuledLine(int p0, java.lang.String p1, int p2, int p3, int p4, int p5) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void endInsertion() throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void endRemoval() throws JposException {
        // nothing to do in a fake
    }

    @Override
    public boolean getAsyncMode() throws JposException {
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
    public boolean getCapConcurrentJrnRec() throws JposException {
        return false;
    }

    @Override
    public boolean getCapConcurrentJrnSlp() throws JposException {
        return false;
    }

    @Override
    public boolean getCapConcurrentPageMode() throws JposException {
        return false;
    }

    @Override
    public boolean getCapConcurrentRecSlp() throws JposException {
        return false;
    }

    @Override
    public boolean getCapCoverSensor() throws JposException {
        return false;
    }

    @Override
    public boolean getCapJrn2Color() throws JposException {
        return false;
    }

    @Override
    public boolean getCapJrnBold() throws JposException {
        return false;
    }

    @Override
    public int getCapJrnCartridgeSensor() throws JposException {
        return 0;
    }

    @Override
    public int getCapJrnColor() throws JposException {
        return 0;
    }

    @Override
    public boolean getCapJrnDhigh() throws JposException {
        return false;
    }

    @Override
    public boolean getCapJrnDwideDhigh() throws JposException {
        return false;
    }

    @Override
    public boolean getCapJrnDwide() throws JposException {
        return false;
    }

    @Override
    public boolean getCapJrnEmptySensor() throws JposException {
        return false;
    }

    @Override
    public boolean getCapJrnItalic() throws JposException {
        return false;
    }

    @Override
    public boolean getCapJrnNearEndSensor() throws JposException {
        return false;
    }

    @Override
    public boolean getCapJrnPresent() throws JposException {
        return false;
    }

    @Override
    public boolean getCapJrnUnderline() throws JposException {
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
    public boolean getCapRec2Color() throws JposException {
        return false;
    }

    @Override
    public boolean getCapRecBarCode() throws JposException {
        return false;
    }

    @Override
    public boolean getCapRecBitmap() throws JposException {
        return false;
    }

    @Override
    public boolean getCapRecBold() throws JposException {
        return false;
    }

    @Override
    public int getCapRecCartridgeSensor() throws JposException {
        return 0;
    }

    @Override
    public int getCapRecColor() throws JposException {
        return 0;
    }

    @Override
    public boolean getCapRecDhigh() throws JposException {
        return false;
    }

    @Override
    public boolean getCapRecDwideDhigh() throws JposException {
        return false;
    }

    @Override
    public boolean getCapRecDwide() throws JposException {
        return false;
    }

    @Override
    public boolean getCapRecEmptySensor() throws JposException {
        return false;
    }

    @Override
    public boolean getCapRecItalic() throws JposException {
        return false;
    }

    @Override
    public boolean getCapRecLeft90() throws JposException {
        return false;
    }

    @Override
    public int getCapRecMarkFeed() throws JposException {
        return 0;
    }

    @Override
    public boolean getCapRecNearEndSensor() throws JposException {
        return false;
    }

    @Override
    public boolean getCapRecPageMode() throws JposException {
        return false;
    }

    @Override
    public boolean getCapRecPapercut() throws JposException {
        return false;
    }

    @Override
    public boolean getCapRecPresent() throws JposException {
        return false;
    }

    @Override
    public boolean getCapRecRight90() throws JposException {
        return false;
    }

    @Override
    public boolean getCapRecRotate180() throws JposException {
        return false;
    }

    @Override
    public int getCapRecRuledLine() throws JposException {
        return 0;
    }

    @Override
    public boolean getCapRecStamp() throws JposException {
        return false;
    }

    @Override
    public boolean getCapRecUnderline() throws JposException {
        return false;
    }

    @Override
    public boolean getCapSlp2Color() throws JposException {
        return false;
    }

    @Override
    public boolean getCapSlpBarCode() throws JposException {
        return false;
    }

    @Override
    public boolean getCapSlpBitmap() throws JposException {
        return false;
    }

    @Override
    public boolean getCapSlpBold() throws JposException {
        return false;
    }

    @Override
    public boolean getCapSlpBothSidesPrint() throws JposException {
        return false;
    }

    @Override
    public int getCapSlpCartridgeSensor() throws JposException {
        return 0;
    }

    @Override
    public int getCapSlpColor() throws JposException {
        return 0;
    }

    @Override
    public boolean getCapSlpDhigh() throws JposException {
        return false;
    }

    @Override
    public boolean getCapSlpDwideDhigh() throws JposException {
        return false;
    }

    @Override
    public boolean getCapSlpDwide() throws JposException {
        return false;
    }

    @Override
    public boolean getCapSlpEmptySensor() throws JposException {
        return false;
    }

    @Override
    public boolean getCapSlpFullslip() throws JposException {
        return false;
    }

    @Override
    public boolean getCapSlpItalic() throws JposException {
        return false;
    }

    @Override
    public boolean getCapSlpLeft90() throws JposException {
        return false;
    }

    @Override
    public boolean getCapSlpNearEndSensor() throws JposException {
        return false;
    }

    @Override
    public boolean getCapSlpPageMode() throws JposException {
        return false;
    }

    @Override
    public boolean getCapSlpPresent() throws JposException {
        return false;
    }

    @Override
    public boolean getCapSlpRight90() throws JposException {
        return false;
    }

    @Override
    public boolean getCapSlpRotate180() throws JposException {
        return false;
    }

    @Override
    public int getCapSlpRuledLine() throws JposException {
        return 0;
    }

    @Override
    public boolean getCapSlpUnderline() throws JposException {
        return false;
    }

    @Override
    public boolean getCapStatisticsReporting() throws JposException {
        return false;
    }

    @Override
    public boolean getCapTransaction() throws JposException {
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
    public int getCartridgeNotify() throws JposException {
        return 0;
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
    public boolean getCoverOpen() throws JposException {
        return false;
    }

    @Override
    public int getErrorLevel() throws JposException {
        return 0;
    }

    @Override
    public int getErrorStation() throws JposException {
        return 0;
    }

    @Override
    public java.lang.String getErrorString() throws JposException {
        return "";
    }

    @Override
    public boolean getFlagWhenIdle() throws JposException {
        return false;
    }

    @Override
    public java.lang.String getFontTypefaceList() throws JposException {
        return "";
    }

    @Override
    public int getJrnCartridgeState() throws JposException {
        return 0;
    }

    @Override
    public int getJrnCurrentCartridge() throws JposException {
        return 0;
    }

    @Override
    public boolean getJrnEmpty() throws JposException {
        return false;
    }

    @Override
    public boolean getJrnLetterQuality() throws JposException {
        return false;
    }

    @Override
    public java.lang.String getJrnLineCharsList() throws JposException {
        return "";
    }

    @Override
    public int getJrnLineChars() throws JposException {
        return 0;
    }

    @Override
    public int getJrnLineHeight() throws JposException {
        return 0;
    }

    @Override
    public int getJrnLineSpacing() throws JposException {
        return 0;
    }

    @Override
    public int getJrnLineWidth() throws JposException {
        return 0;
    }

    @Override
    public boolean getJrnNearEnd() throws JposException {
        return false;
    }

    @Override
    public boolean getMapCharacterSet() throws JposException {
        return false;
    }

    @Override
    public int getMapMode() throws JposException {
        return 0;
    }

    @Override
    public int getOutputID() throws JposException {
        return 0;
    }

    @Override
    public java.lang.String getPageModeArea() throws JposException {
        return "";
    }

    @Override
    public int getPageModeDescriptor() throws JposException {
        return 0;
    }

    @Override
    public int getPageModeHorizontalPosition() throws JposException {
        return 0;
    }

    @Override
    public java.lang.String getPageModePrintArea() throws JposException {
        return "";
    }

    @Override
    public int getPageModePrintDirection() throws JposException {
        return 0;
    }

    @Override
    public int getPageModeStation() throws JposException {
        return 0;
    }

    @Override
    public int getPageModeVerticalPosition() throws JposException {
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
    public java.lang.String getRecBarCodeRotationList() throws JposException {
        return "";
    }

    @Override
    public java.lang.String getRecBitmapRotationList() throws JposException {
        return "";
    }

    @Override
    public int getRecCartridgeState() throws JposException {
        return 0;
    }

    @Override
    public int getRecCurrentCartridge() throws JposException {
        return 0;
    }

    @Override
    public boolean getRecEmpty() throws JposException {
        return false;
    }

    @Override
    public boolean getRecLetterQuality() throws JposException {
        return false;
    }

    @Override
    public java.lang.String getRecLineCharsList() throws JposException {
        return "";
    }

    @Override
    public int getRecLineChars() throws JposException {
        return 0;
    }

    @Override
    public int getRecLineHeight() throws JposException {
        return 0;
    }

    @Override
    public int getRecLineSpacing() throws JposException {
        return 0;
    }

    @Override
    public int getRecLineWidth() throws JposException {
        return 0;
    }

    @Override
    public int getRecLinesToPaperCut() throws JposException {
        return 0;
    }

    @Override
    public boolean getRecNearEnd() throws JposException {
        return false;
    }

    @Override
    public int getRecSidewaysMaxChars() throws JposException {
        return 0;
    }

    @Override
    public int getRecSidewaysMaxLines() throws JposException {
        return 0;
    }

    @Override
    public int getRotateSpecial() throws JposException {
        return 0;
    }

    @Override
    public java.lang.String getSlpBarCodeRotationList() throws JposException {
        return "";
    }

    @Override
    public java.lang.String getSlpBitmapRotationList() throws JposException {
        return "";
    }

    @Override
    public int getSlpCartridgeState() throws JposException {
        return 0;
    }

    @Override
    public int getSlpCurrentCartridge() throws JposException {
        return 0;
    }

    @Override
    public boolean getSlpEmpty() throws JposException {
        return false;
    }

    @Override
    public boolean getSlpLetterQuality() throws JposException {
        return false;
    }

    @Override
    public java.lang.String getSlpLineCharsList() throws JposException {
        return "";
    }

    @Override
    public int getSlpLineChars() throws JposException {
        return 0;
    }

    @Override
    public int getSlpLineHeight() throws JposException {
        return 0;
    }

    @Override
    public int getSlpLineSpacing() throws JposException {
        return 0;
    }

    @Override
    public int getSlpLineWidth() throws JposException {
        return 0;
    }

    @Override
    public int getSlpLinesNearEndToEnd() throws JposException {
        return 0;
    }

    @Override
    public int getSlpMaxLines() throws JposException {
        return 0;
    }

    @Override
    public boolean getSlpNearEnd() throws JposException {
        return false;
    }

    @Override
    public int getSlpPrintSide() throws JposException {
        return 0;
    }

    @Override
    public int getSlpSidewaysMaxChars() throws JposException {
        return 0;
    }

    @Override
    public int getSlpSidewaysMaxLines() throws JposException {
        return 0;
    }

    @Override
    public void markFeed(int p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void pageModePrint(int p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void printBarCode(int p0, java.lang.String p1, int p2, int p3, int p4, int p5, int p6) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void printBitmap(int p0, java.lang.String p1, int p2, int p3) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void printImmediate(int p0, java.lang.String p1) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void printMemoryBitmap(int p0, byte[] p1, int p2, int p3, int p4) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void printNormal(int p0, java.lang.String p1) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void printTwoNormal(int p0, java.lang.String p1, java.lang.String p2) throws JposException {
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
    public void rotatePrint(int p0, int p1) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setAsyncMode(boolean p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setBitmap(int p0, int p1, java.lang.String p2, int p3, int p4) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setCartridgeNotify(int p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setCharacterSet(int p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setFlagWhenIdle(boolean p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setJrnCurrentCartridge(int p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setJrnLetterQuality(boolean p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setJrnLineChars(int p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setJrnLineHeight(int p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setJrnLineSpacing(int p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setLogo(int p0, java.lang.String p1) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setMapCharacterSet(boolean p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setMapMode(int p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setPageModeHorizontalPosition(int p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setPageModePrintArea(java.lang.String p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setPageModePrintDirection(int p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setPageModeStation(int p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setPageModeVerticalPosition(int p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setPowerNotify(int p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setRecCurrentCartridge(int p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setRecLetterQuality(boolean p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setRecLineChars(int p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setRecLineHeight(int p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setRecLineSpacing(int p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setRotateSpecial(int p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setSlpCurrentCartridge(int p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setSlpLetterQuality(boolean p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setSlpLineChars(int p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setSlpLineHeight(int p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void setSlpLineSpacing(int p0) throws JposException {
        // nothing to do in a fake
    }

    @Override
    public void transactionPrint(int p0, int p1) throws JposException {
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
    public void validateData(int p0, java.lang.String p1) throws JposException {
        // nothing to do in a fake
    }
}
