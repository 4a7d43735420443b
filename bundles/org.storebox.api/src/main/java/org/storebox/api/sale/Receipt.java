package org.storebox.api.sale;

import java.util.ArrayList;
import java.util.List;

/** A receipt document: the lines a printer prints, laid out for a given width in printer columns. */
public class Receipt {
    /** Column width the lines are laid out for (East Asian wide characters count as two). */
    public int width;
    public List<String> lines = new ArrayList<>();
}
