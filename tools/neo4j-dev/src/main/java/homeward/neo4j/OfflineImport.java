package homeward.neo4j;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.neo4j.cli.ExecutionContext;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Label;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.Relationship;
import org.neo4j.graphdb.Result;
import org.neo4j.graphdb.Transaction;
import org.neo4j.graphdb.spatial.Point;
import org.neo4j.importer.ImportCommand;
import org.neo4j.io.ByteUnit;

import picocli.CommandLine;

/**
 * The offline bulk load of Homeward's CSV import (docs/import.md), around Neo4j's own batch
 * importer (the one behind `neo4j-admin database import full`). Neo4j must not be running on
 * the data directory. Two steps, with the checking of the CSV rows (in Node, the transactional
 * importer's own checks) between them:
 *
 * <pre>
 * snapshot --data DIR --stage STAGE
 *     Reads the database as it is (accounts, agencies, cases, migration records, and at most
 *     MAX_ENTITIES entities: a demo workspace) and writes it to STAGE as batch-importer CSV files
 *     with typed columns, plus STAGE/snapshot.json: the cases (reference, id, import id), the users
 *     (email, id), the entities with their memberships, links and resolution keys (for the row
 *     checks), and the schema's CREATE statements. A data directory without a database gives an
 *     empty snapshot.
 * import --data DIR --stage STAGE [--threads N] [--max-off-heap SIZE] [--page-cache SIZE]
 *     Runs the batch importer on every file STAGE's manifests list (snapshot-manifest.json,
 *     rows-manifest.json) into a new database under STAGE/home, then puts it in DIR in place of
 *     the old one (kept until the new one opened and has its schema again), creates the old
 *     database's indexes and constraints on it and waits until they are online.
 * </pre>
 *
 * Prints one line "offline-import: ..." per step; exits 0 when done, 3 when the database holds
 * more than MAX_ENTITIES entities, 1 on any other failure (DIR is then as it was).
 */
public final class OfflineImport {
    private OfflineImport() {}

    /** Between the items of a list value: a control character no text of the model holds (checked). */
    static final char ARRAY_DELIMITER = '\u001f';
    static final String DB = GraphDatabaseSettings.DEFAULT_DATABASE_NAME;
    /**
     * Entities the database may hold already (the demo workspace has a few dozen): they are carried over like
     * everything else, and listed in snapshot.json for the row checks (ids, kinds, memberships, links, keys).
     */
    static final long MAX_ENTITIES = 10_000;
    private static final PrintStream OUT = System.out;

    public static void main(String[] args) {
        try {
            Map<String, String> opts = options(args);
            String step = args.length > 0 ? args[0] : "";
            Path data = Path.of(require(opts, "--data")).toAbsolutePath().normalize();
            Path stage = Path.of(require(opts, "--stage")).toAbsolutePath().normalize();
            switch (step) {
                case "snapshot" -> snapshot(data, stage);
                case "import" -> importStage(data, stage, opts);
                default -> throw new Failure(2, "the first argument is the step: snapshot or import");
            }
        } catch (Failure f) {
            System.err.println("offline-import: " + f.getMessage());
            System.exit(f.code);
        } catch (Exception e) {
            e.printStackTrace(System.err);
            StringBuilder why = new StringBuilder(String.valueOf(e.getMessage()));
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) why.append(": ").append(c.getMessage());
            System.err.println("offline-import: failed: " + why);
            System.exit(1);
        }
        System.exit(0);
    }

    static final class Failure extends Exception {
        final int code;

        Failure(int code, String message) {
            super(message);
            this.code = code;
        }
    }

    private static Map<String, String> options(String[] args) throws Failure {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) throw new Failure(2, "expected --option value pairs, got " + args[i]);
            out.put(args[i], args[i + 1]);
        }
        return out;
    }

    private static String require(Map<String, String> opts, String name) throws Failure {
        String v = opts.get(name);
        if (v == null) throw new Failure(2, name + " is required");
        return v;
    }

    static Path databaseDir(Path home) {
        return home.resolve("data").resolve("databases").resolve(DB);
    }

    static Path transactionsDir(Path home) {
        return home.resolve("data").resolve("transactions").resolve(DB);
    }

    /** Neo4j on `home` with no connector: nothing but this process reaches it. */
    static DatabaseManagementService open(Path home, String pageCache) {
        return new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.parse(pageCache))
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                .setConfig(GraphDatabaseInternalSettings.udc_network_enabled, false)
                .build();
    }

    // ---- snapshot -----------------------------------------------------------------------------

    /** One CSV file of nodes or relationships sharing labels (or type) and typed property columns. */
    static final class Group {
        final Path file;
        final BufferedWriter out;
        final List<String> keys;
        boolean multiline;
        long rows;

        Group(Path file, String header, List<String> keys) throws IOException {
            this.file = file;
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            this.keys = keys;
            out.write(header);
            out.write('\n');
        }
    }

    private static void snapshot(Path data, Path stage) throws Exception {
        Files.createDirectories(stage);
        List<String> nodeFiles = new ArrayList<>();
        List<String> relFiles = new ArrayList<>();
        List<String> multiline = new ArrayList<>();
        StringBuilder cases = new StringBuilder();
        StringBuilder users = new StringBuilder();
        StringBuilder stored = new StringBuilder();
        StringBuilder memberships = new StringBuilder();
        StringBuilder links = new StringBuilder();
        StringBuilder keys = new StringBuilder();
        List<String> schema = new ArrayList<>();
        long nodes = 0;
        long rels = 0;
        if (Files.isDirectory(databaseDir(data))) {
            DatabaseManagementService dbms = open(data, "256m");
            try {
                GraphDatabaseService db = dbms.database(DB);
                try (Transaction tx = db.beginTx()) {
                    long entities = (long) tx.execute("MATCH (e:Entity) RETURN count(e) AS n").columnAs("n").next();
                    if (entities > MAX_ENTITIES) {
                        throw new Failure(3, "the database in " + data + " holds " + entities + " entities; the offline import is an initial load "
                                + "into a database with at most " + MAX_ENTITIES + " (a demo workspace; use npm run import with NEO4J_URI "
                                + "to add to a loaded one)");
                    }
                    Map<String, Group> nodeGroups = new TreeMap<>();
                    for (Node n : tx.getAllNodes()) {
                        List<String> labels = new ArrayList<>();
                        for (Label l : n.getLabels()) labels.add(l.name());
                        labels.sort(Comparator.naturalOrder());
                        // A resolution key no entity holds (left by entities deleted before): nothing reads it.
                        if (labels.equals(List.of("ResolutionKey")) && !n.hasRelationship()) continue;
                        Map<String, Object> props = new TreeMap<>(n.getAllProperties());
                        String signature = "n:" + String.join(":", labels) + "|" + types(props);
                        Group g = nodeGroups.get(signature);
                        if (g == null) {
                            g = new Group(stage.resolve("snapshot-nodes-" + nodeGroups.size() + ".csv"),
                                    ":ID," + header(props) + (props.isEmpty() ? "" : ",") + ":LABEL", new ArrayList<>(props.keySet()));
                            nodeGroups.put(signature, g);
                        }
                        StringBuilder row = new StringBuilder();
                        row.append(quote("#" + n.getElementId()));
                        appendProps(row, g, props);
                        row.append(',').append(quote(String.join(String.valueOf(ARRAY_DELIMITER), labels)));
                        g.out.write(row.append('\n').toString());
                        g.rows++;
                        nodes++;
                        if (labels.contains("Case")) {
                            if (cases.length() > 0) cases.append(",\n");
                            cases.append("    {\"reference\": ").append(json(props.get("reference"))).append(", \"id\": ").append(json(props.get("id")))
                                    .append(", \"node\": ").append(json("#" + n.getElementId())).append('}');
                        }
                        if (labels.contains("Entity")) {
                            sep(stored).append("{\"id\": ").append(json(props.get("id"))).append(", \"kind\": ").append(json(props.get("kind")))
                                    .append(", \"node\": ").append(json("#" + n.getElementId())).append('}');
                        }
                        if (labels.contains("ResolutionKey")) {
                            sep(keys).append("{\"key\": ").append(json(props.get("id"))).append(", \"node\": ").append(json("#" + n.getElementId()))
                                    .append('}');
                        }
                        if (labels.contains("User")) {
                            if (users.length() > 0) users.append(",\n");
                            users.append("    {\"email\": ").append(json(props.get("email"))).append(", \"id\": ").append(json(props.get("id"))).append('}');
                        }
                    }
                    Map<String, Group> relGroups = new TreeMap<>();
                    for (Relationship r : tx.getAllRelationships()) {
                        Map<String, Object> props = new TreeMap<>(r.getAllProperties());
                        String type = r.getType().name();
                        String signature = "r:" + type + "|" + types(props);
                        Group g = relGroups.get(signature);
                        if (g == null) {
                            g = new Group(stage.resolve("snapshot-rels-" + relGroups.size() + ".csv"),
                                    ":START_ID,:END_ID," + header(props) + (props.isEmpty() ? "" : ",") + ":TYPE", new ArrayList<>(props.keySet()));
                            relGroups.put(signature, g);
                        }
                        StringBuilder row = new StringBuilder();
                        row.append(quote("#" + r.getStartNode().getElementId())).append(',').append(quote("#" + r.getEndNode().getElementId()));
                        appendProps(row, g, props);
                        row.append(',').append(quote(type));
                        g.out.write(row.append('\n').toString());
                        Node from = r.getStartNode();
                        Node to = r.getEndNode();
                        if (type.equals("IN_CASE") && from.hasLabel(Label.label("Entity"))) {
                            sep(memberships).append("{\"entityId\": ").append(json(from.getProperty("id", null))).append(", \"caseId\": ")
                                    .append(json(to.getProperty("id", null))).append(", \"role\": ").append(json(props.get("role"))).append('}');
                        } else if (props.containsKey("id") && from.hasLabel(Label.label("Entity")) && to.hasLabel(Label.label("Entity"))) {
                            sep(links).append("{\"id\": ").append(json(props.get("id"))).append(", \"type\": ").append(json(type))
                                    .append(", \"fromId\": ").append(json(from.getProperty("id", null))).append(", \"toId\": ")
                                    .append(json(to.getProperty("id", null))).append(", \"caseId\": ").append(json(props.get("caseId"))).append('}');
                        }
                        g.rows++;
                        rels++;
                    }
                    for (Group g : nodeGroups.values()) close(g, nodeFiles, multiline);
                    for (Group g : relGroups.values()) close(g, relFiles, multiline);
                    // The schema as it is (the migrations created it): the batch importer writes none, so it is created again after.
                    Result constraints = tx.execute("SHOW CONSTRAINTS YIELD createStatement RETURN createStatement");
                    while (constraints.hasNext()) schema.add((String) constraints.next().get("createStatement"));
                    Result indexes = tx.execute("SHOW INDEXES YIELD type, owningConstraint, createStatement "
                            + "WHERE owningConstraint IS NULL AND type <> 'LOOKUP' RETURN createStatement");
                    while (indexes.hasNext()) schema.add((String) indexes.next().get("createStatement"));
                    tx.commit();
                }
            } finally {
                dbms.shutdown();
            }
        }
        writeManifest(stage.resolve("snapshot-manifest.json"), nodeFiles, relFiles, multiline);
        StringBuilder json = new StringBuilder("{\n  \"cases\": [\n").append(cases).append("\n  ],\n  \"users\": [\n").append(users)
                .append("\n  ],\n  \"schema\": [");
        for (int i = 0; i < schema.size(); i++) json.append(i == 0 ? "\n    " : ",\n    ").append(json(schema.get(i)));
        json.append("\n  ],\n  \"entities\": [").append(stored).append("],\n  \"memberships\": [").append(memberships)
                .append("],\n  \"links\": [").append(links).append("],\n  \"keys\": [").append(keys);
        json.append("\n  ],\n  \"nodes\": ").append(nodes).append(",\n  \"relationships\": ").append(rels).append("\n}\n");
        Files.writeString(stage.resolve("snapshot.json"), json.toString());
        // Apart, for the import step's small reader (snapshot.json's values could hold any text).
        Files.writeString(stage.resolve("snapshot-schema.json"), "{\"schema\": " + jsonList(schema) + "}\n");
        OUT.println("offline-import: snapshot of " + nodes + " nodes, " + rels + " relationships, " + schema.size() + " schema rules");
    }

    private static StringBuilder sep(StringBuilder b) {
        return b.append(b.length() == 0 ? "\n    " : ",\n    ");
    }

    private static void close(Group g, List<String> files, List<String> multiline) throws IOException {
        g.out.close();
        files.add(g.file.getFileName().toString());
        if (g.multiline) multiline.add(g.file.getFileName().toString());
    }

    static void writeManifest(Path file, List<String> nodes, List<String> rels, List<String> multiline) throws IOException {
        Files.writeString(file, "{\"nodes\": " + jsonList(nodes) + ", \"relationships\": " + jsonList(rels) + ", \"multiline\": "
                + jsonList(multiline) + "}\n");
    }

    private static String jsonList(List<String> items) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < items.size(); i++) b.append(i == 0 ? "" : ", ").append(json(items.get(i)));
        return b.append(']').toString();
    }

    private static String types(Map<String, Object> props) throws Failure {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Object> e : props.entrySet()) b.append(e.getKey()).append(':').append(typeOf(e.getKey(), e.getValue())).append(',');
        return b.toString();
    }

    private static String header(Map<String, Object> props) throws Failure {
        List<String> cols = new ArrayList<>();
        for (Map.Entry<String, Object> e : props.entrySet()) {
            if (!e.getKey().matches("[A-Za-z_][A-Za-z0-9_]*")) throw new Failure(1, "cannot copy the property name " + e.getKey());
            cols.add(e.getKey() + ":" + typeOf(e.getKey(), e.getValue()));
        }
        return String.join(",", cols);
    }

    /** The batch importer's type of a stored value; a type this copy does not carry stops the snapshot, naming it. */
    static String typeOf(String key, Object v) throws Failure {
        if (v instanceof String) return "string";
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) return "long";
        if (v instanceof Double || v instanceof Float) return "double";
        if (v instanceof Boolean) return "boolean";
        if (v instanceof String[]) return "string[]";
        if (v instanceof long[] || v instanceof int[]) return "long[]";
        if (v instanceof byte[]) return "byte[]";
        if (v instanceof double[]) return "double[]";
        if (v instanceof boolean[]) return "boolean[]";
        if (v instanceof Point) return "point";
        if (v instanceof ZonedDateTime) return "datetime";
        if (v instanceof LocalDate) return "date";
        if (v instanceof LocalDateTime) return "localdatetime";
        if (v instanceof LocalTime) return "localtime";
        if (v instanceof OffsetTime) return "time";
        throw new Failure(1, "cannot copy property " + key + " of type " + v.getClass().getName());
    }

    private static void appendProps(StringBuilder row, Group g, Map<String, Object> props) throws Failure {
        for (String k : g.keys) {
            row.append(',');
            Object v = props.get(k);
            String cell = cell(k, v);
            if (cell.indexOf('\n') >= 0 || cell.indexOf('\r') >= 0) g.multiline = true;
            row.append(cell);
        }
    }

    static String cell(String key, Object v) throws Failure {
        if (v == null) return "";
        if (v instanceof String s) return quote(s);
        if (v instanceof String[] a) {
            for (String s : a) if (s.indexOf(ARRAY_DELIMITER) >= 0) throw new Failure(1, "a list item of " + key + " holds U+001F");
            return quote(String.join(String.valueOf(ARRAY_DELIMITER), a));
        }
        if (v instanceof long[] a) return join(Arrays.stream(a).mapToObj(Long::toString));
        if (v instanceof int[] a) return join(Arrays.stream(a).mapToObj(Integer::toString));
        if (v instanceof byte[] a) {
            // Documents' and photos' binary state: the importer reads a byte array as its items, signed.
            StringBuilder b = new StringBuilder("\"");
            for (int i = 0; i < a.length; i++) {
                if (i > 0) b.append(ARRAY_DELIMITER);
                b.append(a[i]);
            }
            return b.append('"').toString();
        }
        if (v instanceof double[] a) return join(Arrays.stream(a).mapToObj(Double::toString));
        if (v instanceof boolean[] a) {
            List<String> items = new ArrayList<>();
            for (boolean b : a) items.add(Boolean.toString(b));
            return join(items.stream());
        }
        if (v instanceof Point p) {
            double[] c = p.getCoordinate().getCoordinate();
            String crs = p.getCRS().getType();
            return quote("{crs:'" + crs + "',x:" + c[0] + ",y:" + c[1] + (c.length > 2 ? ",z:" + c[2] : "") + "}");
        }
        if (v instanceof ZonedDateTime z) {
            String zone = z.getZone() instanceof java.time.ZoneOffset ? "" : "[" + z.getZone() + "]";
            return quote(z.toOffsetDateTime().toString() + zone);
        }
        return quote(v.toString());
    }

    private static String join(Stream<String> items) {
        return quote(String.join(String.valueOf(ARRAY_DELIMITER), items.toList()));
    }

    static String quote(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }

    static String json(Object v) {
        if (v == null) return "null";
        String s = v.toString();
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }

    // ---- import -------------------------------------------------------------------------------

    /** The string items of `"key": [ ... ]` in one of the small JSON files this tool and the Node side write. */
    static List<String> jsonStrings(String text, String key) throws Failure {
        int at = text.indexOf("\"" + key + "\"");
        if (at < 0) return List.of();
        int open = text.indexOf('[', at);
        List<String> out = new ArrayList<>();
        int i = open + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == ']') return out;
            if (c == '"') {
                StringBuilder b = new StringBuilder();
                for (i++; text.charAt(i) != '"'; i++) {
                    char d = text.charAt(i);
                    if (d == '\\') {
                        char e = text.charAt(++i);
                        switch (e) {
                            case 'n' -> b.append('\n');
                            case 'r' -> b.append('\r');
                            case 't' -> b.append('\t');
                            case 'u' -> {
                                b.append((char) Integer.parseInt(text.substring(i + 1, i + 5), 16));
                                i += 4;
                            }
                            default -> b.append(e);
                        }
                    } else b.append(d);
                }
                out.add(b.toString());
            }
            i++;
        }
        throw new Failure(1, "unreadable list " + key);
    }

    private static void importStage(Path data, Path stage, Map<String, String> opts) throws Exception {
        List<String> nodes = new ArrayList<>();
        List<String> rels = new ArrayList<>();
        List<String> multiline = new ArrayList<>();
        for (String manifest : List.of("snapshot-manifest.json", "rows-manifest.json")) {
            Path f = stage.resolve(manifest);
            if (!Files.exists(f)) throw new Failure(1, "missing " + f + " (run the snapshot and the row check first)");
            String text = Files.readString(f);
            for (String n : jsonStrings(text, "nodes")) nodes.add(stage.resolve(n).toString());
            for (String r : jsonStrings(text, "relationships")) rels.add(stage.resolve(r).toString());
            for (String m : jsonStrings(text, "multiline")) multiline.add(stage.resolve(m).toString());
        }
        List<String> schema = jsonStrings(Files.readString(stage.resolve("snapshot-schema.json")), "schema");

        Path home = stage.resolve("home");
        deleteTree(home);
        Files.createDirectories(home.resolve("conf"));
        List<String> args = new ArrayList<>();
        for (String n : nodes) args.add("--nodes=" + n);
        for (String r : rels) args.add("--relationships=" + r);
        args.add("--array-delimiter=U+001F");
        args.add("--id-type=string");
        // A bad entry is a bug of the stage (every row was checked): stop at the first.
        args.add("--bad-tolerance=0");
        args.add("--report-file=" + stage.resolve("import.report"));
        if (!multiline.isEmpty()) {
            args.add("--multiline-fields-format=v2");
            args.add("--multiline-fields=" + String.join(",", multiline));
        }
        if (opts.containsKey("--threads")) args.add("--threads=" + opts.get("--threads"));
        if (opts.containsKey("--max-off-heap")) args.add("--max-off-heap-memory=" + opts.get("--max-off-heap"));
        args.add(DB);
        long t0 = System.nanoTime();
        ExecutionContext ctx = new ExecutionContext(home, home.resolve("conf"));
        int code = new CommandLine(new ImportCommand.Full(ctx)).execute(args.toArray(String[]::new));
        if (code != 0) throw new Failure(1, "the batch importer failed (exit " + code + "); the database in " + data + " was left as it was");
        double importSeconds = (System.nanoTime() - t0) / 1e9;
        OUT.printf("offline-import: batch import done in %.1f s%n", importSeconds);

        // The new database in place of the old one, which is kept until the new one opened.
        Path previous = stage.resolve("previous");
        deleteTree(previous);
        Files.createDirectories(previous);
        boolean hadDatabase = Files.isDirectory(databaseDir(data));
        if (hadDatabase) {
            Files.move(databaseDir(data), previous.resolve("database"));
            Files.move(transactionsDir(data), previous.resolve("transactions"));
        }
        Files.createDirectories(databaseDir(data).getParent());
        Files.createDirectories(transactionsDir(data).getParent());
        Files.move(databaseDir(home), databaseDir(data), StandardCopyOption.ATOMIC_MOVE);
        Files.move(transactionsDir(home), transactionsDir(data), StandardCopyOption.ATOMIC_MOVE);
        long t1 = System.nanoTime();
        try {
            DatabaseManagementService dbms = open(data, opts.getOrDefault("--page-cache", "512m"));
            try {
                GraphDatabaseService db = dbms.database(DB);
                // The plain indexes first: each is populated in the background, while a constraint is built
                // before its statement returns. Constraints first kept the fulltext index (the longest) waiting
                // for all of them (1M entities: 16.0 s against 8.7 s, the same database).
                for (boolean constraints : new boolean[] {false, true}) {
                    for (String statement : schema) {
                        if (statement.startsWith("CREATE CONSTRAINT") == constraints) db.executeTransactionally(statement);
                    }
                }
                db.executeTransactionally("CALL db.awaitIndexes($s)", Map.of("s", 86_400L));
                long n = db.executeTransactionally("MATCH (n) RETURN count(n) AS n", Map.of(), r -> (Long) r.columnAs("n").next());
                OUT.printf("offline-import: %d nodes in the new database; %d indexes and constraints built in %.1f s%n", n, schema.size(),
                        (System.nanoTime() - t1) / 1e9);
            } finally {
                dbms.shutdown();
            }
        } catch (Exception e) {
            // Back as it was.
            deleteTree(databaseDir(data));
            deleteTree(transactionsDir(data));
            if (hadDatabase) {
                Files.move(previous.resolve("database"), databaseDir(data));
                Files.move(previous.resolve("transactions"), transactionsDir(data));
            }
            throw e;
        }
        deleteTree(previous);
        deleteTree(home);
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(q);
        }
    }
}
