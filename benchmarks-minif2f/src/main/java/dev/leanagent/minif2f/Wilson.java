package dev.leanagent.minif2f;

/** The Wilson score interval: a 95% confidence interval for a pass rate that behaves near 0 and 1. */
public record Wilson(double rate, double low, double high) {

    private static final double Z = 1.959964;

    public static Wilson of(int passed, int total) {
        if (total == 0) return new Wilson(0, 0, 0);
        double p = passed / (double) total;
        double z2 = Z * Z;
        double centre = (p + z2 / (2 * total)) / (1 + z2 / total);
        double half = Z * Math.sqrt(p * (1 - p) / total + z2 / (4.0 * total * total)) / (1 + z2 / total);
        return new Wilson(p, Math.max(0, centre - half), Math.min(1, centre + half));
    }
}
