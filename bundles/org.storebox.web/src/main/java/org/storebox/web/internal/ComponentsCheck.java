package org.storebox.web.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * Health check: no component failed to activate. A component whose constructor refused its configuration (a
 * setting out of range in {@code data/config/<pid>.cfg}) stays down with the reason only in the log; this check
 * names it and its reason on {@code /health}, and the manager's alerts. It warns: whether the box can still sell
 * is the {@code sales} and {@code database} checks' answer.
 */
@Component(property = { HealthCheck.NAME + "=components", HealthCheck.TAGS + "=storebox" })
public class ComponentsCheck implements HealthCheck {
    private final ServiceComponentRuntime scr;

    @Activate
    public ComponentsCheck(@Reference ServiceComponentRuntime scr) {
        this.scr = scr;
    }

    @Override
    public Result execute() {
        List<ComponentConfigurationDTO> failed = new ArrayList<>();
        Set<String> failedServices = new HashSet<>();
        int satisfied = 0;
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    failed.add(c);
                    failedServices.addAll(List.of(d.serviceInterfaces));
                } else if (c.state == ComponentConfigurationDTO.ACTIVE || c.state == ComponentConfigurationDTO.SATISFIED) {
                    satisfied++;
                }
            }
        }
        if (failed.isEmpty()) {
            return new Result(Result.Status.OK, satisfied + " components satisfied, none failed");
        }
        // The components that failed themselves, not the ones that failed because a service they need is a failed
        // component's (Felix SCR: "Unable to get service for reference"): those come back with it.
        List<String> causes = new ArrayList<>();
        for (ComponentConfigurationDTO c : failed) {
            if (Arrays.stream(c.description.references).noneMatch(r -> failedServices.contains(r.interfaceName))) {
                causes.add(c.description.name + " (" + c.description.bundle.symbolicName + ") failed to activate: "
                        + reason(c.failure));
            }
        }
        int consequences = failed.size() - causes.size();
        return new Result(Result.Status.WARN, String.join("; ", causes) + (consequences == 0 ? ""
                : (causes.isEmpty() ? "" : "; ") + consequences + " components that need a failed one are down"));
    }

    /**
     * The message of the innermost exception in SCR's failure text (a stack trace, the exception SCR wrapped the
     * constructor's in first): what the component said about its configuration, without the class names.
     */
    static String reason(String failure) {
        if (failure == null || failure.isBlank()) {
            return "no reason given (see the log)";
        }
        String reason = null;
        for (String line : failure.split("\\R")) {
            String l = line.strip();
            if (l.startsWith("at ") || l.startsWith("...")) {
                continue;
            }
            if (l.startsWith("Caused by: ")) {
                l = l.substring("Caused by: ".length());
            } else if (reason != null) {
                continue;
            }
            // "java.lang.IllegalArgumentException: text" -> "text"
            reason = l.replaceFirst("^[\\w$.]+(Exception|Error)(: )?", "");
        }
        return reason == null || reason.isBlank() ? failure.lines().findFirst().orElse(failure).strip() : reason;
    }
}
