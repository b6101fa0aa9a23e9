package org.wikimedia.jwtriage.testenv;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/**
 * What the engines' launchers share (each Maven project compiles this file beside its own
 * launcher): the node's settings and directories, and its life once built: started, its
 * URL published, closed when the JVM is told to stop.
 */
final class NodeLauncher {

    /** A step that may fail, as starting or closing a node may. */
    interface Step {
        void run() throws Exception;
    }

    private NodeLauncher() {}

    /** The node's name, also its name in the cluster's answers. */
    static final String NODE_NAME = "jwtriage-test-node";

    /**
     * Creates HOME's data and logs directories and returns the settings both engines'
     * nodes take: a single node on 127.0.0.1 at the given port ranges, its paths in HOME.
     */
    static Map<String, String> prepare(Path home, String httpPorts, String transportPorts) throws IOException {
        Files.createDirectories(home.resolve("data"));
        Files.createDirectories(home.resolve("logs"));
        return Map.of(
            "cluster.name", "jwtriage-test",
            "node.name", NODE_NAME,
            "path.home", home.toString(),
            "path.data", home.resolve("data").toString(),
            "path.logs", home.resolve("logs").toString(),
            "network.host", "127.0.0.1",
            "http.port", httpPorts,
            "transport.port", transportPorts,
            "discovery.type", "single-node",
            // A nearly full CI disk must not turn the test indices read-only.
            "cluster.routing.allocation.disk.threshold_enabled", "false");
    }

    /**
     * Starts a node, writes its base URL to urlFile (atomically, so the script that started
     * it never reads half of it) and serves until the JVM is told to stop (SIGTERM), when
     * close runs.
     *
     * @param httpAddress the bound HTTP address once started, as host:port
     */
    static void serve(Step start, Supplier<String> httpAddress, Step close, Path urlFile) throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                close.run();
            } catch (Exception e) {
                System.err.println("closing the node: " + e);
            } finally {
                stopped.countDown();
            }
        }, "jwtriage-node-shutdown"));
        start.run();
        String url = "http://" + httpAddress.get();
        writeAtomically(urlFile, url + "\n");
        System.out.println("jwtriage test node listening on " + url);
        stopped.await();
    }

    private static void writeAtomically(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
