package io.usher.platform;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;

/** The `page` and `size` query parameters every list takes. */
public class PageQuery {

    public static final int DEFAULT_SIZE = 50;
    public static final int MAX_SIZE = 500;

    @QueryParam("page")
    @DefaultValue("0")
    @Min(value = 0, message = "{usher.min.zero}")
    public int page;

    @QueryParam("size")
    @DefaultValue("" + DEFAULT_SIZE)
    @Min(value = 1, message = "{usher.min.value}")
    @Max(value = MAX_SIZE, message = "{usher.max.value}")
    public int size;

    public PageQuery() {}

    public PageQuery(int page, int size) {
        this.page = page;
        this.size = size;
    }

    public int offset() {
        return Math.multiplyExact(page, size);
    }

    /** Page numbers so large that no list could reach them would overflow an offset. */
    public boolean beyondAnyList() {
        return (long) page * size > Integer.MAX_VALUE;
    }
}
