package org.storebox.api.peripheral;

/**
 * The outcome of a device's self-test.
 *
 * @param passed  whether the device answered and works
 * @param message an English sentence: what was checked, and what to do when it failed
 */
public record SelfTest(boolean passed, String message) {
}
