package org.wikimedia.jwtriage.testenv;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.common.transport.TransportAddress;
import org.elasticsearch.env.Environment;
import org.elasticsearch.http.HttpServerTransport;
import org.elasticsearch.node.InternalSettingsPreparer;
import org.elasticsearch.node.Node;
import org.elasticsearch.plugins.PluginBundle;
import org.elasticsearch.plugins.PluginsLoader;

/**
 * Starts one Elasticsearch node in this JVM, built from the server and Netty4 jars that Maven
 * Central publishes: the tarball distribution is not published there, and the integration
 * tests only need a real engine speaking HTTP on the loopback interface.
 *
 * <p>The distribution's launcher is skipped: it only prepares the JVM (options, native access,
 * the entitlement agent that confines plugins) before it builds the same {@link Node}. The
 * Netty4 HTTP layer is a module there, loaded from {@code modules/transport-netty4} in a class
 * loader of its own; this launcher lays out that directory from the jars Maven resolved, so
 * the node loads it the same way. Only the server's own modules are missing (no X-Pack, so no
 * security, no painless, no data streams): the tests use none of them.
 *
 * <p>Usage: {@code ElasticsearchNode HOME HTTP_PORTS TRANSPORT_PORTS NETTY4_CLASSPATH URL_FILE}.
 * HOME holds data and logs; HTTP_PORTS and TRANSPORT_PORTS are a port or a range
 * ("9400-9499"); NETTY4_CLASSPATH is the Netty4 module's jars, separated by the path
 * separator; once HTTP is bound, the node's base URL is written to URL_FILE (atomically), so
 * the script that started it knows where it is.
 */
public final class ElasticsearchNode {

    /** The Netty4 module's name and main class, as its plugin descriptor in the distribution gives them. */
    private static final String NETTY4_MODULE = "transport-netty4";
    private static final String NETTY4_CLASS = "org.elasticsearch.transport.netty4.Netty4Plugin";
    private static final String ES_VERSION = "9.0.4";

    private ElasticsearchNode() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: ElasticsearchNode HOME HTTP_PORTS TRANSPORT_PORTS NETTY4_CLASSPATH URL_FILE");
            System.exit(2);
        }
        // The server logs through its own facade, whose Log4j binding the launcher installs;
        // log4j2.properties on the class path then sends everything to the console.
        LogConfigurator.loadLog4jPlugins();
        LogConfigurator.configureESLogging();
        Path home = Path.of(args[0]).toAbsolutePath();
        String httpPorts = args[1];
        String transportPorts = args[2];
        String netty4Classpath = args[3];
        Path urlFile = Path.of(args[4]).toAbsolutePath();

        Settings settings = Settings.builder()
            .loadFromMap(NodeLauncher.prepare(home, httpPorts, transportPorts))
            .build();
        Environment environment = InternalSettingsPreparer.prepareEnvironment(
            settings, Map.of(), null, () -> NodeLauncher.NODE_NAME);

        Path modules = home.resolve("modules");
        layOutNetty4Module(modules.resolve(NETTY4_MODULE), netty4Classpath);
        Set<PluginBundle> moduleBundles = PluginsLoader.loadModulesBundles(modules);
        // withServerExports false: the server is on the class path, not a named module whose
        // qualified exports the plugin layers would need.
        PluginsLoader pluginsLoader = PluginsLoader.createPluginsLoader(moduleBundles, Set.of(), Map.of(), false);
        Node node = new Node(environment, pluginsLoader);
        NodeLauncher.serve(node::start, () -> {
            TransportAddress http = node.injector().getInstance(HttpServerTransport.class)
                .boundAddress().publishAddress();
            return http.getAddress() + ":" + http.getPort();
        }, () -> {
            node.close();
            node.awaitClose(30, TimeUnit.SECONDS);
        }, urlFile);
    }

    /**
     * Lays out dir as the distribution's modules/transport-netty4: links to the module's jars
     * and the plugin descriptor that names its main class. Non-modular (no "modulename"): the
     * node then loads the jars with a plain URLClassLoader over the server's class path.
     */
    private static void layOutNetty4Module(Path dir, String classpath) throws IOException {
        Files.createDirectories(dir);
        for (String jar : classpath.split(java.io.File.pathSeparator)) {
            if (jar.isEmpty()) {
                continue;
            }
            Path source = Path.of(jar);
            Files.copy(source, dir.resolve(source.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        String descriptor = String.join("\n",
            "description=Netty 4 based transport implementation",
            "version=" + ES_VERSION,
            "name=" + NETTY4_MODULE,
            "classname=" + NETTY4_CLASS,
            "java.version=21",
            "elasticsearch.version=" + ES_VERSION,
            "");
        Files.writeString(dir.resolve("plugin-descriptor.properties"), descriptor, StandardCharsets.UTF_8);
    }
}
