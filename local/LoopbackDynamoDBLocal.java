// DynamoDB Local, listening on 127.0.0.1 only.
//
// Its command line has no host option, and the Jetty server it builds, `new Server(port)`, listens
// on every interface: anyone on the network could read and write the local table. This starts it
// exactly as its own main class does (same arguments), but binds the connector to loopback first.
// local/services.py compiles it once into node_modules/.cache (the JRE's own compiler module).
import java.lang.reflect.Field;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

public class LoopbackDynamoDBLocal {
    public static void main(String[] args) throws Exception {
        DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
        Server server;
        try {
            Field field = DynamoDBProxyServer.class.getDeclaredField("server");
            field.setAccessible(true);
            server = (Server) field.get(proxy);
        } catch (ReflectiveOperationException | ClassCastException error) {
            // Never fall back to every interface: say what changed instead.
            System.err.println("cannot bind DynamoDB Local to 127.0.0.1: this version of it has no "
                    + "Jetty `server` field (" + error + "); update local/LoopbackDynamoDBLocal.java");
            System.exit(2);
            return;
        }
        for (Connector connector : server.getConnectors()) {
            ((ServerConnector) connector).setHost("127.0.0.1");
        }
        proxy.start();
    }
}
