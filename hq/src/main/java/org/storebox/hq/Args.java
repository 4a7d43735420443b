package org.storebox.hq;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Command-line options of one command: {@code --name value} pairs and bare {@code --flag}s, nothing else. */
final class Args {
    private final String command;
    private final Map<String, String> values = new LinkedHashMap<>();

    private Args(String command) {
        this.command = command;
    }

    /**
     * Parses {@code args} against the options a command knows.
     *
     * @throws UsageException for an unknown option, a missing value or a stray word
     */
    static Args parse(String command, List<String> args, Set<String> valued, Set<String> flags) {
        Args a = new Args(command);
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new UsageException(command + ": unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String inline = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                inline = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (flags.contains(name) && inline == null) {
                a.values.put(name, "true");
            } else if (valued.contains(name)) {
                String v = inline;
                if (v == null) {
                    if (i + 1 >= args.size()) {
                        throw new UsageException(command + ": --" + name + " needs a value");
                    }
                    v = args.get(++i);
                }
                if (a.values.put(name, v) != null) {
                    throw new UsageException(command + ": --" + name + " given twice");
                }
            } else {
                throw new UsageException(command + ": unknown option --" + name + " (see " + command + " --help)");
            }
        }
        return a;
    }

    String get(String name) {
        return values.get(name);
    }

    String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    String required(String name) {
        String v = values.get(name);
        if (v == null || v.isBlank()) {
            throw new UsageException(command + ": --" + name + " is required (see " + command + " --help)");
        }
        return v;
    }

    boolean flag(String name) {
        return values.containsKey(name);
    }

    long longValue(String name, long fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(command + ": --" + name + " must be a whole number, not '" + v + "'");
        }
    }

    /** A comma-separated list, blanks dropped. */
    List<String> list(String name) {
        List<String> out = new ArrayList<>();
        String v = values.get(name);
        if (v != null) {
            for (String s : v.split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
        }
        return out;
    }

    /** A user error: the message says what to fix; the tool prints it and exits with status 2. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
