package org.storebox.api.command;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A whiteboard handler of one command from HQ ({@code storebox/v1/{store}/cmd/{name}} or
 * {@code storebox/v1/all/cmd/{name}}). Register it as a service with the property
 * {@value #COMMAND} (String) naming the command, for example {@code catalog}; one handler per name
 * (with several, the highest ranked is used).
 * <p>
 * The dispatcher calls a handler once per new request id, one command at a time, never on an MQTT
 * client thread. It has already checked that the payload is a JSON object with a {@code request_id},
 * and it stores the outcome, so a handler need not remember request ids. A handler applies all of a
 * command or nothing (one {@link org.storebox.api.store.Database#write} for data in H2).
 */
@ConsumerType
public interface CommandHandler {

    /** Service property (String): the command name this handler serves, one MQTT topic level. */
    String COMMAND = "storebox.command";

    /**
     * Applies one command.
     *
     * @param requestId HQ's id of the request, never empty
     * @param payload the command as HQ sent it: a JSON object text, {@code request_id} included
     * @return what was done, for the reply to HQ
     * @throws org.storebox.api.common.StoreboxException INVALID when the payload breaks a rule (a
     *         missing field, an unknown SKU, a negative price), CONFLICT when it conflicts with what
     *         is applied (an older version), each with a message that says what to fix; nothing has
     *         been changed when it is thrown. UNAVAILABLE when the box cannot apply it now.
     */
    CommandResult handle(String requestId, String payload);
}
