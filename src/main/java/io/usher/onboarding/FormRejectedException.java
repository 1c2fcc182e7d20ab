package io.usher.onboarding;

import io.usher.platform.ApiMessages;
import io.usher.platform.FieldText;
import io.usher.platform.ProblemException;
import io.usher.platform.ProblemType;
import java.util.List;

/**
 * A form with problems: nothing was done, nothing was spent. The API answers the problems in the
 * reader's language; the pages show each next to its field in the person's language.
 */
public class FormRejectedException extends ProblemException {

    private final List<FieldProblem> problems;

    public FormRejectedException(List<FieldProblem> problems) {
        super(
                ProblemType.INVALID_REQUEST,
                ProblemType.INVALID_REQUEST.slug(),
                ApiMessages::problem_invalid_request,
                texts(problems));
        this.problems = List.copyOf(problems);
    }

    /** The pages' own texts for these fields, said in the API reader's language. */
    static List<FieldText> texts(List<FieldProblem> problems) {
        return problems.stream()
                .map(p -> new FieldText(p.field(), m -> p.in(PageLanguage.messages(m.language()))))
                .toList();
    }

    public List<FieldProblem> problems() {
        return problems;
    }
}
