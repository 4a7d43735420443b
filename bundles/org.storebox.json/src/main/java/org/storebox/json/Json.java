package org.storebox.json;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The storebox JSON mapping. Money ({@link BigDecimal} fields other than quantities) is written as a
 * decimal string so no client turns it into a binary float; quantities ({@code qty}, {@code on_hand})
 * are JSON numbers. Unknown fields in input are refused, so a misspelt field is an error, not a
 * silently ignored value.
 */
public final class Json {
    /** Property names (snake_case) of BigDecimal fields that are quantities, not money. */
    public static final Set<String> QUANTITIES = Set.of("qty", "on_hand");

    private Json() {
    }

    /**
     * Where in a document a Jackson error is, as a caller would write it: {@code products[3].price}; empty for the
     * document itself.
     *
     * @since 1.1
     */
    public static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    /** The shared, thread-safe mapper. Do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Serializes a value; a failure here is a programming error. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getName(), e);
        }
    }

    /** Parses a document this box wrote itself; a failure here means stored data is damaged. */
    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is not a valid " + type.getSimpleName(), e);
        }
    }

    /**
     * Whether a text is exactly one JSON object (checked by streaming, without building a tree).
     *
     * @since 1.2
     */
    public static boolean isObject(String text) {
        try (JsonParser p = MAPPER.getFactory().createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            p.skipChildren();
            return p.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    private static ObjectMapper create() {
        SimpleModule money = new SimpleModule("storebox-money");
        // Money everywhere (also as map values); quantity properties are switched to numbers below.
        money.addSerializer(BigDecimal.class, MONEY);
        money.setSerializerModifier(new BeanSerializerModifier() {
            @Override
            public List<BeanPropertyWriter> changeProperties(SerializationConfig config, BeanDescription bean,
                    List<BeanPropertyWriter> props) {
                for (BeanPropertyWriter w : props) {
                    if (w.getType().getRawClass() == BigDecimal.class) {
                        if (QUANTITIES.contains(w.getName())) {
                            w.assignSerializer(QUANTITY);
                        }
                    }
                }
                return props;
            }
        });
        return JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .addModule(new JavaTimeModule())
                .addModule(money)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .build();
    }

    private static final JsonSerializer<BigDecimal> MONEY = new JsonSerializer<>() {
        @Override
        public void serialize(BigDecimal value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(value.toPlainString());
        }
    };

    private static final JsonSerializer<Object> QUANTITY = new JsonSerializer<>() {
        @Override
        public void serialize(Object value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            BigDecimal q = (BigDecimal) value;
            BigDecimal v = q.signum() == 0 ? BigDecimal.ZERO : q.stripTrailingZeros();
            gen.writeNumber(v.scale() < 0 ? v.setScale(0) : v);
        }
    };

    // Last: the serializers above must exist before the mapper is built.
    private static final ObjectMapper MAPPER = create();
}
