package io.usher.onboarding;

import io.usher.platform.FieldError;
import io.usher.platform.ProblemException;
import io.usher.platform.ProblemType;
import java.util.List;

/**
 * A form with problems: nothing was done, nothing was spent. The API answers the problems in
 * English; the pages show each next to its field in the person's language.
 */
public class FormRejectedException extends ProblemException {

    private final List<FieldProblem> problems;

    public FormRejectedException(List<FieldProblem> problems) {
        super(
                ProblemType.INVALID_REQUEST,
                "The request is not valid",
                problems.stream()
                        .map(p -> new FieldError(p.field(), p.in(PageLanguage.messages(PageLanguage.ENGLISH))))
                        .toList());
        this.problems = List.copyOf(problems);
    }

    public List<FieldProblem> problems() {
        return problems;
    }
}
