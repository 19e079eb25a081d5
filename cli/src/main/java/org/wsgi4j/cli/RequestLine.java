package org.wsgi4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wsgi4j.routing.RequestView;

/**
 * One request of a {@code --requests} JSON Lines file: {@code {"method": "GET", "target": "/x",
 * "headers": {"Host": "a.example", "Cookie": ["a=1", "b=2"]}, "remote_addr": "10.0.0.1",
 * "local_port": 8080, "version": "HTTP/1.0"}}; only method and target are required.
 */
final class RequestLine {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private RequestLine() {}

  /** The request on {@code line}; IllegalArgumentException says what is wrong with it. */
  static RequestView parse(String line, RequestDefaults defaults) {
    JsonNode node;
    try {
      node = MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "not JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""), e);
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    String method = requiredText(node, "method");
    String target = requiredText(node, "target");
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    JsonNode headerNode = node.get("headers");
    if (headerNode != null && !headerNode.isNull()) {
      if (!headerNode.isObject()) {
        throw new IllegalArgumentException("\"headers\" must be an object");
      }
      for (Map.Entry<String, JsonNode> field : headerNode.properties()) {
        JsonNode value = field.getValue();
        if (value.isTextual()) {
          headers.add(Map.entry(field.getKey(), value.asText()));
        } else if (value.isArray()) {
          for (JsonNode element : value) {
            if (!element.isTextual()) {
              throw new IllegalArgumentException(
                  "header \"" + field.getKey() + "\": values must be strings");
            }
            headers.add(Map.entry(field.getKey(), element.asText()));
          }
        } else {
          throw new IllegalArgumentException(
              "header \"" + field.getKey() + "\" must be a string or a list of strings");
        }
      }
    }
    Optional<String> remote = optionalText(node, "remote_addr");
    Optional<String> version = optionalText(node, "version");
    Optional<Integer> port = Optional.empty();
    JsonNode portNode = node.get("local_port");
    if (portNode != null && !portNode.isNull()) {
      if (!portNode.canConvertToInt() || portNode.asInt() < 1 || portNode.asInt() > 65535) {
        throw new IllegalArgumentException("\"local_port\" must be a port number");
      }
      port = Optional.of(portNode.asInt());
    }
    return defaults.request(method, target, version, headers, remote, port);
  }

  private static String requiredText(JsonNode node, String name) {
    JsonNode value = node.get(name);
    if (value == null || !value.isTextual() || value.asText().isEmpty()) {
      throw new IllegalArgumentException("\"" + name + "\" (a non-empty string) is required");
    }
    return value.asText();
  }

  private static Optional<String> optionalText(JsonNode node, String name) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw new IllegalArgumentException("\"" + name + "\" must be a string");
    }
    return Optional.of(value.asText());
  }
}
