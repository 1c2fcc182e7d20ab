package io.usher.platform;

import java.util.List;
import java.util.function.Function;

/** One page of a list, as every list of the API answers (API.md). */
public record PageView<T>(List<T> items, int page, int size, long total) {

    public <R> PageView<R> map(Function<T, R> mapper) {
        return new PageView<>(items.stream().map(mapper).toList(), page, size, total);
    }
}
