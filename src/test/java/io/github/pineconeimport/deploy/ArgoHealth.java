package io.github.pineconeimport.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.jse.JseBaseLib;
import org.luaj.vm2.lib.jse.JseMathLib;

/**
 * deploy/argocd/health.lua run the way Argo CD runs a health script: the resource as JSON decoded
 * into the global {@code obj} (JSON null becomes nil), the base, table, string and math libraries,
 * and the returned table read for status and message. LuaJ is a pure-Java Lua (5.2; Argo CD embeds
 * gopher-lua, a 5.1, and the script uses nothing where the two differ), so the check needs nothing
 * installed.
 */
final class ArgoHealth {

  static final Path SCRIPT = Path.of("deploy/argocd/health.lua");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What Argo CD shows for the resource. */
  record Health(String status, String message) {}

  private ArgoHealth() {}

  static Health of(Object resource) {
    try {
      return of(JSON.readTree(Serialization.asJson(resource)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Health of(JsonNode resource) {
    Globals globals = new Globals();
    globals.load(new JseBaseLib());
    globals.load(new PackageLib());
    globals.load(new TableLib());
    globals.load(new StringLib());
    globals.load(new JseMathLib());
    LoadState.install(globals);
    LuaC.install(globals);
    globals.set("obj", lua(resource));
    LuaValue hs;
    try {
      hs = globals.load(Files.readString(SCRIPT), "@" + SCRIPT).call();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Health(hs.get("status").tojstring(), hs.get("message").tojstring());
  }

  private static LuaValue lua(JsonNode n) {
    if (n.isObject()) {
      LuaTable t = new LuaTable();
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        var field = it.next();
        t.set(field.getKey(), lua(field.getValue()));
      }
      return t;
    }
    if (n.isArray()) {
      LuaTable t = new LuaTable();
      for (int i = 0; i < n.size(); i++) {
        t.set(i + 1, lua(n.get(i)));
      }
      return t;
    }
    if (n.isBoolean()) {
      return LuaValue.valueOf(n.booleanValue());
    }
    if (n.isNumber()) {
      return LuaValue.valueOf(n.doubleValue());
    }
    return n.isNull() || n.isMissingNode() ? LuaValue.NIL : LuaValue.valueOf(n.asText());
  }
}
