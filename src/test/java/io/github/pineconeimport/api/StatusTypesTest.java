package io.github.pineconeimport.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.github.pineconeimport.api.v1alpha1.PineconeImportStatus;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The status types' equals, hashCode, copy and toString cover every field: a field added to a
 * status type and forgotten by one of them fails here. Status is compared to skip writes that
 * change nothing, so a field equals ignores would never be written.
 */
class StatusTypesTest {

  static final String PACKAGE = PineconeImportStatus.class.getPackageName();

  /** The status type and every type of ours it holds, found through its fields. */
  static Stream<Class<?>> statusTypes() {
    List<Class<?>> found = new ArrayList<>();
    collect(PineconeImportStatus.class, found);
    return found.stream();
  }

  private static void collect(Class<?> type, List<Class<?>> found) {
    if (found.contains(type)) {
      return;
    }
    found.add(type);
    for (Field f : fields(type)) {
      Class<?> t = elementType(f);
      if (t.getPackageName().equals(PACKAGE) && !t.isEnum()) {
        collect(t, found);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("statusTypes")
  void everyFieldCountsInEqualsHashCodeCopyAndToString(Class<?> type) throws Exception {
    assertThat(fields(type)).as("fields of " + type.getSimpleName()).isNotEmpty();
    for (Field f : fields(type)) {
      Object a = filled(type, 1);
      Object b = filled(type, 1);
      assertThat(a).as("same values").isEqualTo(b).hasSameHashCodeAs(b);

      f.set(b, value(f, 2));
      assertThat(a).as(type.getSimpleName() + "." + f.getName() + " in equals").isNotEqualTo(b);
      assertThat(a.hashCode())
          .as(type.getSimpleName() + "." + f.getName() + " in hashCode")
          .isNotEqualTo(b.hashCode());
      assertThat(a.toString())
          .as(type.getSimpleName() + "." + f.getName() + " in toString")
          .contains(f.getName());

      Method copy = type.getMethod("copy");
      Object c = copy.invoke(b);
      assertThat(c).as(type.getSimpleName() + "." + f.getName() + " in copy").isEqualTo(b);
      Object nested = f.get(c);
      if (nested != null && !(nested instanceof String) && !isBoxed(nested)) {
        assertThat(nested).as(f.getName() + " copied deeply").isNotSameAs(f.get(b));
      }
    }
  }

  private static boolean isBoxed(Object o) {
    return o instanceof Number || o instanceof Boolean;
  }

  private static List<Field> fields(Class<?> type) {
    return Arrays.stream(type.getDeclaredFields())
        .filter(f -> !Modifier.isStatic(f.getModifiers()))
        .peek(f -> f.setAccessible(true))
        .toList();
  }

  /** An instance with every field set to a value derived from seed. */
  static Object filled(Class<?> type, int seed) throws Exception {
    Object o = type.getConstructor().newInstance();
    for (Field f : fields(type)) {
      f.set(o, value(f, seed));
    }
    return o;
  }

  private static Object value(Field f, int seed) throws Exception {
    Class<?> t = f.getType();
    if (List.class.isAssignableFrom(t)) {
      return new ArrayList<>(List.of(single(elementType(f), f.getName(), seed)));
    }
    return single(t, f.getName(), seed);
  }

  private static Object single(Class<?> t, String name, int seed) throws Exception {
    if (t == String.class) {
      return name + "-" + seed;
    }
    if (t == Long.class || t == long.class) {
      return 1000L + seed;
    }
    if (t == Integer.class || t == int.class) {
      return 100 + seed;
    }
    if (t == Double.class || t == double.class) {
      return 10.5 + seed;
    }
    if (t == Boolean.class || t == boolean.class) {
      return seed % 2 == 0;
    }
    if (t.isEnum()) {
      Object[] values = t.getEnumConstants();
      return values[seed % values.length];
    }
    if (t == Condition.class) {
      return new ConditionBuilder().withType("Ready").withReason("R" + seed).build();
    }
    return filled(t, seed);
  }

  private static Class<?> elementType(Field f) {
    if (List.class.isAssignableFrom(f.getType())
        && f.getGenericType() instanceof ParameterizedType p) {
      return (Class<?>) p.getActualTypeArguments()[0];
    }
    return f.getType();
  }
}
