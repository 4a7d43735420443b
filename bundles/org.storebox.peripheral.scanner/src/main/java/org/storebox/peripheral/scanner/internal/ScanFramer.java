package org.storebox.peripheral.scanner.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts the scanner's byte stream into frames: data between the prefix (when one is set) and the
 * suffix. Bytes outside a frame, and a fragment that stops for longer than the inter-character
 * timeout, are dropped and counted, never returned. Not thread-safe: the driver calls it under its
 * own lock.
 */
final class ScanFramer {

    /**
     * A terminated frame.
     *
     * @param content  the bytes between prefix and suffix; for an overlong frame only its first
     *                 {@code maxLength} bytes
     * @param overlong whether the frame held more than {@code maxLength} bytes
     */
    record Frame(byte[] content, boolean overlong) {
    }

    /** Why bytes were dropped. */
    enum Drop {
        /** An unterminated fragment after the inter-character timeout (a cut transmission). */
        TIMEOUT,
        /** Bytes outside a frame: before a prefix, or ended by a suffix without a prefix. */
        NOISE
    }

    private final byte[] prefix;
    private final byte[] suffix;
    private final int maxLength;
    private final long timeoutNanos;

    private byte[] buf;
    private int len;
    /** Whether the prefix started the bytes in {@link #buf} (always true without a prefix). */
    private boolean inFrame;
    /** The first maxLength bytes of a frame that grew too long; null while it fits. */
    private byte[] overlongHead;
    private long lastByteNanos;
    private long timeoutDrops;
    private long noiseDrops;

    ScanFramer(byte[] prefix, byte[] suffix, int maxLength, long timeoutNanos) {
        if (suffix.length == 0) {
            throw new IllegalArgumentException("the suffix must not be empty: it is what ends a scan");
        }
        if (maxLength < 1) {
            throw new IllegalArgumentException("the maximum code length must be at least 1");
        }
        this.prefix = prefix.clone();
        this.suffix = suffix.clone();
        this.maxLength = maxLength;
        this.timeoutNanos = timeoutNanos;
        this.buf = new byte[maxLength + prefix.length + suffix.length + 16];
        this.inFrame = prefix.length == 0;
    }

    /** Takes received bytes; returns the frames they completed, in order. */
    List<Frame> feed(byte[] data, int length, long nowNanos) {
        expire(nowNanos);
        List<Frame> frames = new ArrayList<>(1);
        for (int i = 0; i < length; i++) {
            append(data[i]);
            if (prefix.length > 0 && endsWith(prefix)) {
                int before = len - prefix.length;
                if (before > 0 || overlongHead != null) {
                    // Bytes before a prefix are noise, or a frame whose suffix never came.
                    noiseDrops++;
                }
                reset();
                inFrame = true;
                continue;
            }
            if (endsWith(suffix)) {
                int n = len - suffix.length;
                if (inFrame) {
                    if (overlongHead != null) {
                        frames.add(new Frame(overlongHead, true));
                    } else if (n > maxLength) {
                        frames.add(new Frame(Arrays.copyOf(buf, maxLength), true));
                    } else {
                        frames.add(new Frame(Arrays.copyOf(buf, n), false));
                    }
                } else if (n > 0) {
                    noiseDrops++;
                }
                reset();
                continue;
            }
            if (len == buf.length) {
                overflow();
            }
        }
        lastByteNanos = nowNanos;
        return frames;
    }

    /** Drops an unterminated fragment whose last byte came longer ago than the timeout; returns whether it did. */
    boolean expire(long nowNanos) {
        if ((len > 0 || overlongHead != null || (inFrame && prefix.length > 0)) && nowNanos - lastByteNanos > timeoutNanos) {
            timeoutDrops++;
            reset();
            return true;
        }
        return false;
    }

    /** Forgets a partial frame, for example when the port closes. */
    void clear() {
        reset();
    }

    /** Whether bytes of an unfinished frame are held. */
    boolean pending() {
        return len > 0 || overlongHead != null || (inFrame && prefix.length > 0);
    }

    long timeoutDrops() {
        return timeoutDrops;
    }

    long noiseDrops() {
        return noiseDrops;
    }

    private void append(byte b) {
        buf[len++] = b;
    }

    /** Keeps the first maxLength bytes aside and only a tail long enough to find a prefix or suffix. */
    private void overflow() {
        if (inFrame && overlongHead == null) {
            overlongHead = Arrays.copyOf(buf, maxLength);
        }
        int keep = Math.max(prefix.length, suffix.length);
        System.arraycopy(buf, len - keep, buf, 0, keep);
        len = keep;
    }

    private boolean endsWith(byte[] tail) {
        if (len < tail.length) {
            return false;
        }
        for (int i = 0; i < tail.length; i++) {
            if (buf[len - tail.length + i] != tail[i]) {
                return false;
            }
        }
        return true;
    }

    private void reset() {
        len = 0;
        overlongHead = null;
        inFrame = prefix.length == 0;
    }
}
