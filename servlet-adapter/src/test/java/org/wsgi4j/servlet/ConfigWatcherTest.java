package org.wsgi4j.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.DispatcherType;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsgi4j.compile.ConfigLoader;
import org.wsgi4j.compile.LoadResult;

/**
 * The filter's own watch of its configuration: changes to the main file, to an {@code Include}d
 * file and to an included folder are noticed; a broken configuration is logged and not installed.
 */
class ConfigWatcherTest {
  @TempDir Path root;

  private Path site(String redirect) throws Exception {
    Path main = root.resolve("site.conf");
    Files.createDirectories(root.resolve("conf.d"));
    Files.writeString(main, "Include conf.d/*.conf\n", StandardCharsets.UTF_8);
    write(root.resolve("conf.d/redirect.conf"), "Redirect /old " + redirect + "\n");
    return main;
  }

  /** Writes and moves the modification time on, so that no file system granularity hides it. */
  private static void write(Path file, String text) throws Exception {
    FileTime before = Files.exists(file) ? Files.getLastModifiedTime(file) : FileTime.fromMillis(0);
    Files.writeString(file, text, StandardCharsets.UTF_8);
    Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + 10_000));
  }

  private static void touchFolder(Path folder) throws Exception {
    Files.setLastModifiedTime(
        folder, FileTime.fromMillis(Files.getLastModifiedTime(folder).toMillis() + 10_000));
  }

  @Test
  void noticesIncludedFilesAndFoldersAndKeepsTheOldConfigurationOnErrors() throws Exception {
    Path main = site("http://a.example/");
    List<LoadResult> installed = new ArrayList<>();
    LoadResult first = ConfigLoader.load(main);
    ConfigWatcher watcher = new ConfigWatcher(first, () -> ConfigLoader.load(main), installed::add);
    assertFalse(watcher.check(), "nothing changed");

    write(root.resolve("conf.d/redirect.conf"), "Redirect /old http://b.example/\n");
    assertTrue(watcher.check(), "an included file changed");
    assertEquals(1, installed.size());

    List<String> logged = new ArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            logged.add(record.getMessage());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger log = Logger.getLogger(ConfigWatcher.class.getName());
    log.addHandler(capture);
    try {
      write(root.resolve("conf.d/redirect.conf"), "Redirect /old\nNoSuchDirective here\n");
      assertFalse(watcher.check(), "a broken configuration is not installed");
      assertEquals(1, installed.size());
      assertTrue(
          logged.stream().anyMatch(m -> m.contains("redirect.conf:2:") && m.contains("E101")),
          logged.toString());
      assertTrue(logged.stream().anyMatch(m -> m.contains("running one stays")), logged.toString());
      assertFalse(watcher.check(), "reported once, until it changes again");
    } finally {
      log.removeHandler(capture);
    }

    write(root.resolve("conf.d/redirect.conf"), "Redirect /old http://c.example/\n");
    assertTrue(watcher.check());
    Files.writeString(root.resolve("conf.d/more.conf"), "Redirect /new http://d.example/\n");
    touchFolder(root.resolve("conf.d"));
    assertTrue(watcher.check(), "a file added to an included folder");
    assertEquals(3, installed.size());
    assertTrue(installed.get(2).files().stream().anyMatch(f -> f.endsWith("more.conf")));
  }

  @Test
  void theFilterReloadsItselfWithReloadInterval() throws Exception {
    Path main = site("http://a.example/");
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    FilterHolder holder = new FilterHolder(WsgiFilter.class);
    holder.setInitParameter("config", main.toString());
    holder.setInitParameter("reloadInterval", "1");
    context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
    server.setHandler(context);
    server.start();
    try {
      int port = connector.getLocalPort();
      assertEquals("http://a.example/", location(port));
      write(root.resolve("conf.d/redirect.conf"), "Redirect /old http://b.example/\n");
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (!location(port).equals("http://b.example/") && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertEquals("http://b.example/", location(port), "the change is picked up");
    } finally {
      server.stop();
    }
  }

  private static String location(int port) throws Exception {
    HttpURLConnection connection =
        (HttpURLConnection)
            URI.create("http://127.0.0.1:" + port + "/old").toURL().openConnection();
    connection.setInstanceFollowRedirects(false);
    try {
      assertEquals(302, connection.getResponseCode());
      return connection.getHeaderField("Location");
    } finally {
      connection.disconnect();
    }
  }
}
