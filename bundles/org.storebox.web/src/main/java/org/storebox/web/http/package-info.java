/**
 * One HTTP behaviour for every storebox servlet: JSON bodies read with a size limit and a media type,
 * Jackson's errors turned into sentences that say what to fix, RFC 9457 problem answers (with headers
 * such as Retry-After and Allow), the mapping of {@link org.storebox.api.common.StoreboxException}
 * kinds to statuses, and the API scopes of bearer tokens.
 * <p>
 * The signatures mention the Jakarta Servlet API on purpose: reading requests and writing answers is
 * what this package is for, and every bundle that uses it is a servlet already.
 */
@Export
@Version("1.1.0")
package org.storebox.web.http;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
