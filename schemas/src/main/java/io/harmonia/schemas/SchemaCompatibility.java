package io.harmonia.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks that a new version of an event schema can replace the previous one on a live topic.
 *
 * <p>Producers and consumers of a topic upgrade independently, and a topic holds events written
 * under older versions (replays read them again). So the rules go both ways:
 * <ul>
 *   <li>a required field stays required (consumers rely on it) and keeps its type;</li>
 *   <li>a new field is optional (events already written lack it) unless it has a default;</li>
 *   <li>no field is removed, and an enum neither loses values (old events carry them) nor gains
 *       them in a required field (old consumers would reject the new value);</li>
 *   <li>{@code additionalProperties} never goes from allowed to forbidden;</li>
 * </ul>
 * and the same rules apply inside nested objects.
 */
public final class SchemaCompatibility {

  private SchemaCompatibility() {}

  /** The incompatibilities of {@code next} with {@code previous}; empty when compatible. */
  public static List<String> check(JsonNode previous, JsonNode next) {
    List<String> problems = new ArrayList<>();
    compareObject("$", previous, next, problems);
    return problems;
  }

  private static void compareObject(String path, JsonNode previous, JsonNode next, List<String> problems) {
    Set<String> previousRequired = names(previous.path("required"));
    Set<String> nextRequired = names(next.path("required"));
    JsonNode previousProps = previous.path("properties");
    JsonNode nextProps = next.path("properties");

    for (String field : previousRequired) {
      if (!nextRequired.contains(field)) {
        problems.add(path + "." + field + ": required field is no longer required (consumers rely on it)");
      }
    }
    for (String field : nextRequired) {
      if (!previousRequired.contains(field) && !nextProps.path(field).has("default")) {
        problems.add(path + "." + field + ": new required field without a default (events already written lack it)");
      }
    }
    for (Iterator<String> it = previousProps.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!nextProps.has(field)) {
        problems.add(path + "." + field + ": field removed");
        continue;
      }
      compareField(path + "." + field, previousProps.get(field), nextProps.get(field),
          nextRequired.contains(field), problems);
    }
    if (allowsAdditional(previous) && !allowsAdditional(next)) {
      problems.add(path + ": additionalProperties is now false (events with fields added later would be rejected)");
    }
  }

  private static void compareField(String path, JsonNode previous, JsonNode next, boolean required, List<String> problems) {
    Set<String> previousTypes = types(previous);
    Set<String> nextTypes = types(next);
    if (!previousTypes.equals(nextTypes)) {
      problems.add(path + ": type changed from " + previousTypes + " to " + nextTypes);
    }
    if (!previous.path("format").asText("").equals(next.path("format").asText(""))) {
      problems.add(path + ": format changed from '" + previous.path("format").asText("") + "' to '"
          + next.path("format").asText("") + "'");
    }
    if (previous.has("enum") || next.has("enum")) {
      Set<String> before = values(previous.path("enum"));
      Set<String> after = values(next.path("enum"));
      if (!previous.has("enum")) {
        problems.add(path + ": an enum now restricts a field that took any value");
      } else if (next.has("enum")) {
        Set<String> lost = new TreeSet<>(before);
        lost.removeAll(after);
        if (!lost.isEmpty()) {
          problems.add(path + ": enum values removed " + lost + " (events already written carry them)");
        }
        Set<String> gained = new TreeSet<>(after);
        gained.removeAll(before);
        if (required && !gained.isEmpty()) {
          problems.add(path + ": enum values added " + gained + " to a required field (older consumers reject them)");
        }
      }
    }
    if (nextTypes.contains("object") && previousTypes.contains("object")) {
      compareObject(path, previous, next, problems);
    }
  }

  private static boolean allowsAdditional(JsonNode schema) {
    JsonNode additional = schema.path("additionalProperties");
    return additional.isMissingNode() || !additional.isBoolean() || additional.booleanValue();
  }

  private static Set<String> types(JsonNode field) {
    JsonNode type = field.path("type");
    Set<String> types = new TreeSet<>();
    if (type.isArray()) {
      type.forEach(t -> types.add(t.asText()));
    } else if (!type.isMissingNode()) {
      types.add(type.asText());
    }
    return types;
  }

  private static Set<String> names(JsonNode array) {
    Set<String> names = new TreeSet<>();
    array.forEach(n -> names.add(n.asText()));
    return names;
  }

  private static Set<String> values(JsonNode array) {
    Set<String> values = new TreeSet<>();
    array.forEach(n -> values.add(n.toString()));
    return values;
  }
}
