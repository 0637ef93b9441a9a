package io.github.pineconeimport.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/** A JSON tree as a Lua table constructor, the shape Argo CD hands a health script. */
final class LuaLiteral {

  private LuaLiteral() {}

  static String of(JsonNode node) {
    StringBuilder b = new StringBuilder();
    write(node, b);
    return b.toString();
  }

  private static void write(JsonNode node, StringBuilder b) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      b.append("nil");
    } else if (node.isTextual()) {
      quote(node.asText(), b);
    } else if (node.isNumber() || node.isBoolean()) {
      b.append(node.asText());
    } else if (node.isArray()) {
      b.append('{');
      for (JsonNode item : node) {
        write(item, b);
        b.append(", ");
      }
      b.append('}');
    } else {
      b.append('{');
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        var field = it.next();
        if (field.getValue().isNull()) {
          continue; // Lua tables hold no nil values; an absent key reads as nil anyway
        }
        b.append('[');
        quote(field.getKey(), b);
        b.append("] = ");
        write(field.getValue(), b);
        b.append(", ");
      }
      b.append('}');
    }
  }

  private static void quote(String s, StringBuilder b) {
    b.append('"');
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\%03d", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }
}
