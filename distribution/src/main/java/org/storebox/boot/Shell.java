package org.storebox.boot;

import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code java -jar storebox.jar shell storebox:status}: sends one Gogo command line to the box running on the data
 * directory ({@code STOREBOX_DATA}) through its socket {@code shell.sock} (mode 600: the box's own user only),
 * prints the answer and exits 0, or 1 when the command failed, 2 when no box answers.
 */
final class Shell {
    private Shell() {
    }

    static int run(Path data, String[] command) throws IOException {
        if (command.length == 0) {
            System.err.println("usage: java -jar storebox.jar shell <command>, for example: shell storebox:status "
                    + "(storebox:terminals, storebox:sale <id>, storebox:register <name>, lb, scr:list)");
            return 2;
        }
        Path socket = data.resolve("shell.sock");
        if (!Files.exists(socket)) {
            System.err.println("no storebox is running on " + data + " (no " + socket.getFileName()
                    + "): start it, or set STOREBOX_DATA to its data directory");
            return 2;
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap((String.join(" ", command) + "\n").getBytes(StandardCharsets.UTF_8)));
            channel.shutdownOutput();
            InputStream in = Channels.newInputStream(channel);
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int eol = answer.indexOf('\n');
            String status = eol < 0 ? answer : answer.substring(0, eol);
            String output = eol < 0 ? "" : answer.substring(eol + 1);
            (status.equals("ok") ? System.out : System.err).print(output);
            return status.equals("ok") ? 0 : 1;
        } catch (IOException e) {
            System.err.println("the box on " + data + " does not answer on " + socket + ": " + e.getMessage());
            return 2;
        }
    }
}
