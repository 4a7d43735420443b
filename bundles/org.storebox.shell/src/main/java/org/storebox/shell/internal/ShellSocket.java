package org.storebox.shell.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.storebox.api.store.StoreInfo;

/**
 * The Gogo shell for a box without a console (systemd, Docker): a Unix domain socket {@code <data>/shell.sock},
 * mode 600, so only the box's own user reaches it. {@code java -jar storebox.jar shell storebox:status} sends one
 * command line and prints the answer: {@code ok} or {@code error} on the first line, then the output.
 */
@Component
public class ShellSocket {
    private static final Logger LOG = LoggerFactory.getLogger(ShellSocket.class);
    /** The socket's name in the data directory (the client, {@code org.storebox.boot.Shell}, uses the same). */
    static final String NAME = "shell.sock";
    /** Longest command line read. */
    private static final int MAX_LINE = 4096;

    private final CommandProcessor processor;
    private final Path path;
    private final ServerSocketChannel server;

    @Activate
    public ShellSocket(@Reference CommandProcessor processor, @Reference StoreInfo store) throws IOException {
        this.processor = processor;
        this.path = store.dataDirectory().resolve(NAME);
        Files.deleteIfExists(path); // left by a killed box
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(path));
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        Thread acceptor = new Thread(this::serve, "storebox-shell");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @Deactivate
    void deactivate() throws IOException {
        server.close();
        Files.deleteIfExists(path);
    }

    private void serve() {
        while (server.isOpen()) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (ClosedChannelException e) {
                return; // deactivated
            } catch (IOException e) {
                LOG.warn("Shell socket {} failed to accept: {}", path, e.toString());
                continue;
            }
            // A thread each: a client that connects and sends nothing holds up no other.
            Thread t = new Thread(() -> {
                try (client) {
                    answer(client);
                } catch (IOException e) {
                    LOG.warn("Shell connection on {} failed: {}", path, e.toString());
                }
            }, "storebox-shell-session");
            t.setDaemon(true);
            t.start();
        }
    }

    private void answer(SocketChannel client) throws IOException {
        String line = readLine(client);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String status = "ok";
        try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
                CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), print, print)) {
            if (line.isBlank()) {
                throw new IllegalArgumentException("no command: send one line, for example storebox:status");
            }
            Object result = session.execute(line);
            if (result != null) {
                print.println(session.format(result, Converter.INSPECT));
            }
        } catch (Exception e) {
            status = "error";
            out.writeBytes((e.getMessage() == null ? e.toString() : e.getMessage()).getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        }
        LOG.info("Shell: {} ({})", line, status);
        OutputStream answer = Channels.newOutputStream(client);
        answer.write((status + "\n").getBytes(StandardCharsets.UTF_8));
        out.writeTo(answer);
    }

    private static String readLine(SocketChannel client) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (line.size() < MAX_LINE && client.read(one.clear()) > 0 && one.get(0) != '\n') {
            line.write(one.get(0));
        }
        return line.toString(StandardCharsets.UTF_8).strip();
    }
}
