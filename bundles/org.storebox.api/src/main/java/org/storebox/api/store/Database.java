package org.storebox.api.store;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The box's H2 database.
 * <p>
 * Writes are group-committed: concurrent {@link #write(Work)} calls are run one after another by a
 * single writer thread, many of them in one transaction, each inside its own savepoint, and the
 * group is made durable (committed and synced to disk) before any caller returns. A work that
 * throws is rolled back alone; the others in its group commit.
 */
@ProviderType
public interface Database {

    /**
     * Runs a work in a write transaction and returns once its changes are on stable storage.
     *
     * @throws org.storebox.api.common.StoreboxException the work's own exception, unchanged, when it
     *         threw one; of kind {@code UNAVAILABLE} when the database failed or is shutting down
     */
    <T> T write(Work<T> work);

    /**
     * Runs a read-only work on a reader connection (autocommit, committed data only).
     *
     * @throws org.storebox.api.common.StoreboxException of kind {@code UNAVAILABLE} when the database failed
     */
    <T> T read(Work<T> work);

    /** Whether the database accepted and synced a write recently or answers a probe now. */
    boolean healthy();

    /** Size in bytes of the database files on disk. */
    long fileSize();

    /**
     * Whether the file has grown past its compaction threshold and waits for its compaction (at the next
     * lull within the configured compaction hours, or at once past four times the threshold).
     *
     * @since 1.1
     */
    boolean compactionDue();
}
