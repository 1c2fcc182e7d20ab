package io.usher.platform;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.quarkus.hibernate.validator.ValidatorFactoryCustomizer;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.validator.BaseHibernateValidatorConfiguration;
import org.hibernate.validator.spi.nodenameprovider.JavaBeanProperty;
import org.hibernate.validator.spi.nodenameprovider.Property;
import org.hibernate.validator.spi.nodenameprovider.PropertyNodeNameProvider;

/**
 * Validation errors name fields as the client wrote them in JSON ({@code quotas.SITE_ADMIN}),
 * not as Java calls them.
 */
@ApplicationScoped
public class JsonFieldNames implements ValidatorFactoryCustomizer {

    private final ObjectMapper json;

    public JsonFieldNames(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void customize(BaseHibernateValidatorConfiguration<?> configuration) {
        configuration.propertyNodeNameProvider(new JsonNames(json));
    }

    private record JsonNames(ObjectMapper json) implements PropertyNodeNameProvider {

        @Override
        public String getName(Property property) {
            if (property instanceof JavaBeanProperty bean) {
                BeanDescription description =
                        json.getDeserializationConfig().introspect(json.constructType(bean.getDeclaringClass()));
                return description.findProperties().stream()
                        .filter(p -> p.getInternalName().equals(bean.getName()))
                        .map(BeanPropertyDefinition::getName)
                        .findFirst()
                        .orElse(bean.getName());
            }
            return property.getName();
        }
    }
}
