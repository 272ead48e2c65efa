package io.peerfix.k8s;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Finds what fabric8's model did not recognise in a loaded object. fabric8 never fails on an
 * unknown field: it keeps it in the class's {@code additionalProperties} map. A misspelt or
 * misplaced field (which the API server would drop or reject) therefore shows up here, with its
 * path.
 */
final class StrictModel {
  private StrictModel() {}

  /** "spec.template.spec.containers[0]: unknown field(s) [imagePullPolicyy]", one per place. */
  static List<String> unknownFields(HasMetadata object) {
    List<String> found = new ArrayList<>();
    if (object instanceof GenericKubernetesResource) {
      found.add(
          object.getApiVersion() + " " + object.getKind() + " is a kind fabric8 does not know");
      return found;
    }
    walk(object, "", found, 0);
    return found;
  }

  private static void walk(Object value, String path, List<String> found, int depth) {
    if (value == null || depth > 40) {
      return;
    }
    if (value instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        walk(item, path + "[" + i++ + "]", found, depth + 1);
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> walk(v, path + "[" + k + "]", found, depth + 1));
      return;
    }
    if (!value.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    for (Method getter : value.getClass().getMethods()) {
      if (!isGetter(getter)) {
        continue;
      }
      Object child = invoke(getter, value);
      String name = propertyName(getter);
      if (name.equals("additionalProperties") && child instanceof Map<?, ?> extra) {
        if (!extra.isEmpty()) {
          found.add((path.isEmpty() ? "(top)" : path) + ": unknown field(s) " + extra.keySet());
        }
        continue;
      }
      walk(child, path.isEmpty() ? name : path + "." + name, found, depth + 1);
    }
  }

  private static boolean isGetter(Method m) {
    return Modifier.isPublic(m.getModifiers())
        && !Modifier.isStatic(m.getModifiers())
        && m.getParameterCount() == 0
        && m.getName().startsWith("get")
        && !m.getName().equals("getClass")
        && !m.getReturnType().isPrimitive();
  }

  private static String propertyName(Method getter) {
    String bare = getter.getName().substring(3);
    return Character.toLowerCase(bare.charAt(0)) + bare.substring(1);
  }

  private static Object invoke(Method getter, Object target) {
    try {
      return getter.invoke(target);
    } catch (IllegalAccessException | InvocationTargetException e) {
      return null;
    }
  }
}
