package io.usher.platform;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * A nullable enumerated field ({@code delivery}) lists null among its values: in OpenAPI 3.1 the
 * enum is a JSON Schema {@code enum}, and without null in it a validating client would refuse the
 * null the server sends. The annotations cannot say null in {@code enumeration}.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class NullableEnums implements OASFilter {

    @Override
    public Schema filterSchema(Schema schema) {
        if (schema.getType() != null
                && schema.getType().contains(Schema.SchemaType.NULL)
                && schema.getEnumeration() != null
                && !schema.getEnumeration().contains(null)) {
            // addEnumeration ignores null: the list is set whole.
            List<Object> values = new ArrayList<>(schema.getEnumeration());
            values.add(null);
            schema.setEnumeration(values);
        }
        return schema;
    }
}
