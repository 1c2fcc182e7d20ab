package io.usher.platform;

import java.util.List;

/**
 * A JSON request body that is read leniently and checked whole before its operation runs: a field
 * Jackson cannot read (an unknown enum value, a malformed id, an unknown field) is noted and read as
 * null, then Bean Validation and the body's own checks run too, so one 400 names every field error
 * of the body at once ({@link JsonBodyReader}).
 */
public interface JsonBody {

    /**
     * What is wrong with the body beyond its Bean Validation constraints, in JSON paths.
     *
     * @param someFieldUnreadable whether a field could not be read: a body whose checks wait for
     *     its operation (a link's kind decides whether an acceptance's names are needed) says them
     *     now, since the request fails anyway
     */
    default List<FieldText> problems(boolean someFieldUnreadable) {
        return List.of();
    }
}
