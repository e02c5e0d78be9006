// Reads an API request body into its record strictly: an unknown field or a missing required one is a 400 naming it,
// so that a typo (allowed_ips for allow_ips) is never silently dropped and a socket never left open by mistake.
package dev.portway.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import dev.portway.protocol.Json;
import dev.portway.protocol.api.ErrorCode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;

final class StrictBody {
    /**
     * Strict here only: the shared mapper stays lenient because the link hello and the agent's reading of API answers
     * must take fields a newer peer adds.
     */
    private static final ObjectReader STRICT = Json.mapper().reader()
            .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    /** An error names this many unknown fields at most, each cut to SHOWN characters: it must not echo a whole body. */
    private static final int MAX_NAMED = 5;
    private static final int SHOWN = 60;

    private static final ClassValue<Fields> FIELDS = new ClassValue<>() {
        @Override
        protected Fields computeValue(Class<?> type) {
            ObjectMapper mapper = Json.mapper();
            BeanDescription bean = mapper.getDeserializationConfig().introspect(mapper.constructType(type));
            List<String> known = new ArrayList<>();
            List<String> required = new ArrayList<>();
            for (BeanPropertyDefinition p : bean.findProperties()) {
                if (p.couldDeserialize()) {
                    known.add(p.getName());
                    if (p.isRequired()) {
                        required.add(p.getName());
                    }
                }
            }
            return new Fields(List.copyOf(known), List.copyOf(required));
        }
    };

    /** The JSON names a body type takes, in declaration order, and those it cannot go without. */
    record Fields(List<String> known, List<String> required) {
    }

    private StrictBody() {
    }

    static Fields fields(Class<?> type) {
        return FIELDS.get(type);
    }

    static <T> T read(String text, Class<T> type) {
        try {
            JsonNode tree = Json.mapper().readTree(text);
            if (tree == null || !tree.isObject()) {
                throw new ApiException(ErrorCode.BAD_REQUEST, "the request needs a JSON object body");
            }
            Fields fields = fields(type);
            List<String> unknown = new ArrayList<>();
            for (Iterator<String> names = tree.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!fields.known().contains(name)) {
                    unknown.add(name);
                }
            }
            if (!unknown.isEmpty()) {
                throw unknownFields(unknown, fields.known());
            }
            List<String> missing = fields.required().stream()
                    .filter(name -> tree.path(name).isMissingNode() || tree.path(name).isNull()).toList();
            if (!missing.isEmpty()) {
                throw new ApiException(ErrorCode.MISSING_FIELD, (missing.size() == 1 ? "missing field " : "missing"
                        + " fields ") + quoted(missing) + " in the request body (fields: "
                        + String.join(", ", fields.known()) + ")");
            }
            return STRICT.treeToValue(tree, type);
        } catch (UnrecognizedPropertyException e) {
            // Deeper than the top level (no body nests objects today, but one may).
            throw unknownFields(List.of(e.getPropertyName()),
                    e.getKnownPropertyIds().stream().map(String::valueOf).toList());
        } catch (JsonProcessingException e) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "the body is not valid JSON for this request: "
                    + e.getOriginalMessage());
        }
    }

    private static ApiException unknownFields(List<String> unknown, List<String> known) {
        String fields = " (fields: " + String.join(", ", known) + ")";
        if (unknown.size() == 1) {
            String name = unknown.get(0);
            return new ApiException(ErrorCode.UNKNOWN_FIELD, "unknown field " + quoted(List.of(name))
                    + " in the request body" + NearestName.among(name, known).map(n -> "; did you mean '" + n + "'?")
                    .orElse("") + fields);
        }
        List<String> named = unknown.stream().limit(MAX_NAMED).map(name -> quoted(List.of(name))
                + NearestName.among(name, known).map(n -> " (did you mean '" + n + "'?)").orElse("")).toList();
        String list = unknown.size() > MAX_NAMED
                ? String.join(", ", named) + " and " + (unknown.size() - MAX_NAMED) + " more" : and(named);
        return new ApiException(ErrorCode.UNKNOWN_FIELD, "unknown fields " + list + " in the request body" + fields);
    }

    /** 'a', or 'a' and 'b', or 'a', 'b' and 'c'; each name cut to a readable length. */
    private static String quoted(List<String> names) {
        return and(names.stream().map(n -> "'" + (n.length() > SHOWN ? n.substring(0, SHOWN) + "…" : n) + "'")
                .toList());
    }

    private static String and(List<String> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return parts.subList(0, parts.size() - 1).stream().collect(Collectors.joining(", ")) + " and "
                + parts.get(parts.size() - 1);
    }
}
