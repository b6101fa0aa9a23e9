package org.wikimedia.jwtriage.testenv;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
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
        Settings settings = Settings.builder()
            .loadFromMap(NodeLauncher.prepare(home, httpPorts, "9300-9399"))
            .build();
        Environment environment = InternalSettingsPreparer.prepareEnvironment(
            settings, Map.of(), null, () -> NodeLauncher.NODE_NAME);

        Node node = new ClasspathPluginNode(environment, List.of(Netty4Plugin.class));
        NodeLauncher.serve(node::start, () -> {
            TransportAddress http = node.injector().getInstance(HttpServerTransport.class)
                .boundAddress().publishAddress();
            return http.getAddress() + ":" + http.getPort();
        }, () -> {
            node.close();
            node.awaitClose(30, TimeUnit.SECONDS);
        }, urlFile);
    }
}
