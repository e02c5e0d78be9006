// Binds JSON values to records and back as the API's Jackson mapper does (snake_case names, unknown fields ignored,
// nulls left out when writing), for the records the connect path reads and sends: API answers and the link hello.
package dev.portway.protocol.json;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class RecordMapping {
    /**
     * The components the protocol records name with @JsonProperty ("protected" is a Java keyword); read here by name
     * so that reading one never loads Jackson's annotations. RecordMappingTest holds this to the annotations.
     */
    private static final Map<String, String> RENAMED = Map.of("isProtected", "protected");

    private RecordMapping() {
    }

    /** The JSON name of a record component: snake_case, as Jackson's SNAKE_CASE strategy writes it. */
    public static String jsonName(String component) {
        String renamed = RENAMED.get(component);
        if (renamed != null) {
            return renamed;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < component.length(); i++) {
            char c = component.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0 && !Character.isUpperCase(component.charAt(i - 1))) {
                    sb.append('_');
                }
                sb.append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The record's components by JSON name, in order, nulls left out. */
    public static Map<String, Object> toMap(Record value) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (RecordComponent c : value.getClass().getRecordComponents()) {
            try {
                c.getAccessor().setAccessible(true);
                Object v = c.getAccessor().invoke(value);
                if (v != null) {
                    map.put(jsonName(c.getName()), v);
                }
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + c.getName() + " of " + value.getClass(), e);
            }
        }
        return map;
    }

    /** A record, list or plain value of the given type from a parsed JSON value. */
    @SuppressWarnings("unchecked")
    public static <T> T read(Object json, Type type) {
        return (T) convert(json, type, "the answer");
    }

    /** The type List&lt;element&gt;, for read. */
    public static Type listOf(Class<?> element) {
        return new ParameterizedType() {
            @Override
            public Type[] getActualTypeArguments() {
                return new Type[]{element};
            }

            @Override
            public Type getRawType() {
                return List.class;
            }

            @Override
            public Type getOwnerType() {
                return null;
            }
        };
    }

    private static Object convert(Object json, Type type, String where) {
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            if (json == null) {
                return null;
            }
            if (!(json instanceof List<?> items)) {
                throw new IllegalArgumentException(where + " is not a list");
            }
            List<Object> list = new ArrayList<>(items.size());
            for (Object item : items) {
                list.add(convert(item, p.getActualTypeArguments()[0], where));
            }
            return list;
        }
        if (type instanceof ParameterizedType p && p.getRawType() == Map.class) {
            return json;
        }
        Class<?> c = (Class<?>) type;
        if (c.isPrimitive()) {
            return primitive(json, c, where);
        }
        if (json == null || c == Object.class) {
            return json;
        }
        if (c.isRecord()) {
            return record(json, c, where);
        }
        if (c == String.class) {
            return json instanceof String ? json : String.valueOf(json);
        }
        if (c == Boolean.class && json instanceof Boolean) {
            return json;
        }
        if (json instanceof Number n) {
            if (c == Integer.class) {
                return n.intValue();
            }
            if (c == Long.class) {
                return n.longValue();
            }
            if (c == Double.class) {
                return n.doubleValue();
            }
        }
        if (c.isEnum() && json instanceof String s) {
            for (Object constant : c.getEnumConstants()) {
                if (((Enum<?>) constant).name().equals(s)) {
                    return constant;
                }
            }
        }
        throw new IllegalArgumentException(where + " is not a " + c.getSimpleName());
    }

    /** A missing or null primitive is refused, as the API's Jackson mapper does (FAIL_ON_NULL_FOR_PRIMITIVES). */
    private static Object primitive(Object json, Class<?> c, String where) {
        if (json == null) {
            throw new IllegalArgumentException(where + " is missing (a " + c.getSimpleName() + " is needed)");
        }
        if (c == boolean.class) {
            return convert(json, Boolean.class, where);
        }
        Number n = (Number) convert(json, Double.class, where);
        if (c == int.class) {
            return n.intValue();
        }
        if (c == long.class) {
            return n.longValue();
        }
        return n.doubleValue();
    }

    private static Object record(Object json, Class<?> c, String where) {
        if (!(json instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(where + " is not an object");
        }
        RecordComponent[] components = c.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            String name = jsonName(components[i].getName());
            types[i] = components[i].getType();
            args[i] = convert(map.get(name), components[i].getGenericType(), name);
        }
        try {
            Constructor<?> canonical = c.getDeclaredConstructor(types);
            canonical.setAccessible(true);
            return canonical.newInstance(args);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException(where + ": " + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make a " + c.getSimpleName(), e);
        }
    }
}
