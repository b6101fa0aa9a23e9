package org.wikimedia.jwtriage.testenv;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.opensearch.common.settings.Settings;
import org.opensearch.core.common.transport.TransportAddress;
import org.opensearch.env.Environment;
import org.opensearch.http.HttpServerTransport;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * Starts one OpenSearch node in this JVM, built from the server and Netty4 jars that Maven
 * Central publishes: the tarball distribution is not published there, and the integration
 * tests only need a real engine speaking HTTP on the loopback interface.
 *
 * <p>Usage: {@code OpenSearchNode HOME HTTP_PORTS URL_FILE}. HOME holds data and logs;
 * HTTP_PORTS is a port or a range ("9200-9299"); once HTTP is bound, the node's base URL is
 * written to URL_FILE (atomically), so the script that started it knows where it is.
 */
public final class OpenSearchNode {

    /** A Node that loads plugins from the classpath, as the distribution loads them from plugins/. */
    static final class ClasspathPluginNode extends Node {
        ClasspathPluginNode(Environment environment, Collection<Class<? extends Plugin>> plugins) {
            super(environment, plugins, true);
        }
    }

    private OpenSearchNode() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: OpenSearchNode HOME HTTP_PORTS URL_FILE");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        String httpPorts = args[1];
        Path urlFile = Path.of(args[2]).toAbsolutePath();
        Files.createDirectories(home.resolve("data"));
        Files.createDirectories(home.resolve("logs"));

        Settings settings = Settings.builder()
            .put("cluster.name", "jwtriage-test")
            .put("node.name", "jwtriage-test-node")
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("network.host", "127.0.0.1")
            .put("http.port", httpPorts)
            .put("transport.port", "9300-9399")
            .put("discovery.type", "single-node")
            // A nearly full CI disk must not turn the test indices read-only.
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .build();
        Environment environment = InternalSettingsPreparer.prepareEnvironment(
            settings, Map.of(), null, () -> "jwtriage-test-node");

        Node node = new ClasspathPluginNode(environment, List.of(Netty4Plugin.class));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
                node.awaitClose(30, TimeUnit.SECONDS);
            } catch (IOException | InterruptedException e) {
                System.err.println("closing the node: " + e);
            } finally {
                stopped.countDown();
            }
        }, "jwtriage-node-shutdown"));

        node.start();
        TransportAddress http = node.injector().getInstance(HttpServerTransport.class)
            .boundAddress().publishAddress();
        writeAtomically(urlFile, "http://" + http.getAddress() + ":" + http.getPort() + "\n");
        System.out.println("jwtriage test node listening on http://" + http.getAddress() + ":" + http.getPort());
        stopped.await();
    }

    private static void writeAtomically(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
