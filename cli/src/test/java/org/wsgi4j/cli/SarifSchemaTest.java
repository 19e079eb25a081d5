package org.wsgi4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lint --format sarif} output is valid against the official SARIF 2.1.0 schema. */
class SarifSchemaTest {
  @TempDir Path dir;

  @Test
  void sarifOutputValidatesAgainstTheOfficialSchema() throws IOException {
    Path file = dir.resolve("site.conf");
    Files.writeString(
        file,
        """
        <VirtualHost *:80>
        ServerName a.example
        TraceEnable On
        WSGIDaemonProcess unused threads=2 maximum-requests=10
        RewriteEngine On
        RewriteRule ^/a /b [X]
        LogLevel warn
        </VirtualHost>
        """);
    StringWriter out = new StringWriter();
    try (PrintWriter o = new PrintWriter(out);
        PrintWriter e = new PrintWriter(new StringWriter())) {
      assertEquals(1, Main.run(o, e, "lint", "--format", "sarif", file.toString()));
    }
    JsonNode log = new ObjectMapper().readTree(out.toString());
    assertTrue(log.get("runs").get(0).get("results").size() >= 4, out.toString());
    JsonSchema schema;
    try (InputStream in =
        SarifSchemaTest.class.getResourceAsStream("/schema/sarif-schema-2.1.0.json")) {
      schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
    }
    Set<ValidationMessage> problems = schema.validate(log);
    assertEquals(Set.of(), problems, out.toString());
  }
}
