package io.usher.platform;

import java.util.List;

/**
 * A check of a {@link JsonBody} that needs a service of another feature (an invitation's address
 * rules for an account's first admin), run with the body's other checks so that it is reported
 * with them.
 */
public interface BodyCheck<T extends JsonBody> {

    Class<T> type();

    List<FieldText> problems(T body);
}
