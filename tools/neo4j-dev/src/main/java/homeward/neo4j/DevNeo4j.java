package homeward.neo4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * Neo4j 5.26 Community for development and tests: Bolt on 127.0.0.1 only,
 * authentication on, data in one directory. Prints exactly one line
 * "neo4j ready: bolt://127.0.0.1:PORT" once Bolt accepts connections, and
 * shuts the databases down cleanly on SIGTERM or Ctrl-C (a shutdown hook).
 */
public final class DevNeo4j {
    private DevNeo4j() {}

    public static void main(String[] args) throws Exception {
        int port = 7687;
        Path data = Path.of("data", "neo4j");
        String password = null;
        String pageCache = "512m";
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--port" -> { port = parsePort(v); i++; }
                case "--data" -> { data = Path.of(require(a, v)); i++; }
                case "--password" -> { password = require(a, v); i++; }
                case "--page-cache" -> { pageCache = require(a, v); i++; }
                default -> fail("unknown option " + a + " (expected --port, --data, --password, --page-cache)");
            }
        }
        if (password == null) fail("--password is required");
        // Neo4j's own rule: shorter passwords are refused when set.
        if (password.length() < 8) fail("--password must have at least 8 characters");

        Path home = data.toAbsolutePath().normalize();
        Files.createDirectories(home);
        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.parse(pageCache))
                // No usage reports sent anywhere: a development and test database talks to nobody but its clients.
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                .setConfig(GraphDatabaseInternalSettings.udc_network_enabled, false)
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                dbms.shutdown();
                System.out.println("neo4j stopped");
            } finally {
                stopped.countDown();
            }
        }, "neo4j-shutdown"));

        setPassword(dbms, password);
        GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        int bound = ((GraphDatabaseAPI) db).getDependencyResolver()
                .resolveDependency(ConnectorPortRegister.class)
                .getLocalAddress(ConnectorType.BOLT)
                .getPort();
        System.out.println("neo4j ready: bolt://127.0.0.1:" + bound);
        System.out.flush();
        stopped.await();
    }

    /** The user "neo4j" gets the given password (whatever it had), without a change required at first login. */
    private static void setPassword(DatabaseManagementService dbms, String password) {
        GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        try {
            system.executeTransactionally("ALTER USER neo4j SET PLAINTEXT PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
        } catch (RuntimeException e) {
            // A restart on the same data directory with the same password: nothing to change.
            if (!String.valueOf(e.getMessage()).contains("Old password and new password cannot be the same")) throw e;
        }
    }

    private static int parsePort(String v) {
        try {
            int p = Integer.parseInt(require("--port", v));
            if (p < 0 || p > 65535) fail("--port must be between 0 and 65535, got " + v);
            return p;
        } catch (NumberFormatException e) {
            fail("--port must be a number, got " + v);
            return -1;
        }
    }

    private static String require(String flag, String v) {
        if (v == null || v.startsWith("--")) fail(flag + " needs a value");
        return v;
    }

    private static void fail(String message) {
        System.err.println("neo4j: " + message);
        System.exit(2);
    }
}
