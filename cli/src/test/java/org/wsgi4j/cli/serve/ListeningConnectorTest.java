package org.wsgi4j.cli.serve;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.Test;

class ListeningConnectorTest {
  private static boolean refused(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  /**
   * The port refuses connections as soon as stopListening returns, also while busy threads compete
   * with the acceptor for the CPU (where a plain close() left the socket listening for a while: 15
   * of 40 runs of ServeReloadTest's Listen reload under load).
   */
  @Test
  void thePortRefusesConnectionsWhenStopListeningReturns() throws Exception {
    AtomicBoolean busy = new AtomicBoolean(true);
    List<Thread> burners = new ArrayList<>();
    for (int i = 0; i < 2 * Runtime.getRuntime().availableProcessors(); i++) {
      Thread burner =
          new Thread(
              () -> {
                long x = 0;
                while (busy.get()) {
                  x += System.nanoTime() % 7;
                }
                if (x == 42) {
                  System.out.print("");
                }
              });
      burner.setDaemon(true);
      burner.start();
      burners.add(burner);
    }
    try {
      for (int round = 0; round < 20; round++) {
        Server server = new Server();
        ListeningConnector connector = new ListeningConnector(server, new HttpConnectionFactory());
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.start();
        try {
          int port = connector.getLocalPort();
          assertTrue(!refused(port), "listening at first");
          Thread.sleep(5); // the acceptor is back inside accept()
          assertTrue(connector.stopListening(Duration.ofSeconds(5)), "the acceptor let go");
          assertTrue(refused(port), "round " + round + ": the port is closed");
        } finally {
          server.stop();
        }
      }
    } finally {
      busy.set(false);
      for (Thread burner : burners) {
        burner.join();
      }
    }
  }
}
