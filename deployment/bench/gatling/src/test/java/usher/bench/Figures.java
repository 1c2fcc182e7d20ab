package usher.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** The key figures a simulation prints at its end, under a header that run.sh looks for. */
public final class Figures {

    private final StringBuilder out = new StringBuilder();

    public Figures(String title) {
        out.append("\n==== USHER KEY FIGURES: ").append(title).append(" ====\n");
        out.append("(measured on this machine's local stack; the service, its servers and Gatling share 2 cores)\n");
    }

    public Figures line(String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
        return this;
    }

    /** A figure beside its target: the verdict is printed, not asserted, so every figure is read. */
    public Figures target(String what, String value, boolean met, String target) {
        return line("%-58s %-28s %s (target %s)", what, value, met ? "MET" : "MISSED", target);
    }

    public void print() {
        out.append("==== END OF KEY FIGURES ====\n");
        System.out.println(out);
    }

    public static double percentile(Collection<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    /** "p50 0.412 s, p95 ..., p99 ..., max ... (n = ...)" of values in seconds. */
    public static String spread(Collection<Double> seconds) {
        if (seconds.isEmpty()) {
            return "none";
        }
        return String.format(Locale.ROOT, "p50 %.3f s, p95 %.3f s, p99 %.3f s, max %.3f s (n = %d)",
                percentile(seconds, 50), percentile(seconds, 95), percentile(seconds, 99),
                percentile(seconds, 100), seconds.size());
    }

    public static String mib(long bytes) {
        return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    public static int intProp(String name, int fallback) {
        return Integer.parseInt(System.getProperty(name, Integer.toString(fallback)).replace("_", "").replace(",", ""));
    }

    public static boolean boolProp(String name, boolean fallback) {
        return Boolean.parseBoolean(System.getProperty(name, Boolean.toString(fallback)));
    }
}
