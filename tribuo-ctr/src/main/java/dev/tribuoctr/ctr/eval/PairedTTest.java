package dev.tribuoctr.ctr.eval;

/**
 * The paired t-test of two methods measured on the same seeds (or data sets): the mean difference, its 95% confidence
 * interval and the two-sided p-value, from Student's t distribution with {@code n − 1} degrees of freedom. With
 * seeds as pairs it asks whether a difference is larger than the seed-to-seed noise of the pair.
 * @param n the number of pairs
 * @param meanDifference the mean of {@code a[i] − b[i]}
 * @param standardDeviation the differences' sample standard deviation
 * @param low the lower end of the 95% confidence interval of the mean difference
 * @param high its upper end
 * @param t the t statistic (NaN when the differences do not vary)
 * @param p the two-sided p-value (1 when every difference is 0; 0 when they are equal and not 0)
 */
public record PairedTTest(int n, double meanDifference, double standardDeviation, double low, double high, double t,
                          double p) {
    /**
     * @param a the first method's values
     * @param b the second's, on the same seeds in the same order
     * @return the test of {@code a − b}
     * @throws IllegalArgumentException with fewer than two pairs, different lengths or non-finite values
     */
    public static PairedTTest of(double[] a, double[] b) {
        if (a.length != b.length || a.length < 2) {
            throw new IllegalArgumentException("a paired test needs two equally long samples of at least 2, got "
                    + a.length + " and " + b.length);
        }
        int n = a.length;
        double[] d = new double[n];
        double mean = 0;
        for (int i = 0; i < n; i++) {
            d[i] = a[i] - b[i];
            if (!Double.isFinite(d[i])) {
                throw new IllegalArgumentException("pair " + i + " is not finite: " + a[i] + ", " + b[i]);
            }
            mean += d[i] / n;
        }
        double ss = 0;
        for (double x : d) {
            ss += (x - mean) * (x - mean);
        }
        double sd = Math.sqrt(ss / (n - 1));
        double se = sd / Math.sqrt(n);
        double q = quantile975(n - 1);
        if (se == 0) {
            return new PairedTTest(n, mean, 0, mean, mean, Double.NaN, mean == 0 ? 1 : 0);
        }
        double t = mean / se;
        return new PairedTTest(n, mean, sd, mean - q * se, mean + q * se, t, twoSidedP(t, n - 1));
    }

    /**
     * @param t a t statistic
     * @param df degrees of freedom
     * @return {@code P(|T| ≥ |t|)} for Student's t with {@code df} degrees of freedom
     */
    public static double twoSidedP(double t, double df) {
        return regularizedBeta(df / (df + t * t), df / 2, 0.5);
    }

    /**
     * @param df degrees of freedom
     * @return the 97.5% quantile of Student's t (the half-width factor of a 95% interval), by bisection
     */
    public static double quantile975(double df) {
        double lo = 0;
        double hi = 1000;
        for (int i = 0; i < 200; i++) {
            double mid = (lo + hi) / 2;
            if (twoSidedP(mid, df) > 0.05) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    /** The regularized incomplete beta function {@code I_x(a, b)} (continued fraction, modified Lentz). */
    static double regularizedBeta(double x, double a, double b) {
        if (x <= 0) {
            return 0;
        }
        if (x >= 1) {
            return 1;
        }
        double front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
        if (x > (a + 1) / (a + b + 2)) {
            return 1 - front * continuedFraction(1 - x, b, a) / b; // the symmetry converges faster here
        }
        return front * continuedFraction(x, a, b) / a;
    }

    private static double continuedFraction(double x, double a, double b) {
        double tiny = 1e-300;
        double c = 1;
        double d = 1 - (a + b) * x / (a + 1);
        d = Math.abs(d) < tiny ? tiny : d;
        d = 1 / d;
        double f = d;
        for (int m = 1; m <= 500; m++) {
            int m2 = 2 * m;
            double num = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
            d = 1 + num * d;
            d = Math.abs(d) < tiny ? tiny : d;
            c = 1 + num / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            f *= d * c;
            num = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
            d = 1 + num * d;
            d = Math.abs(d) < tiny ? tiny : d;
            c = 1 + num / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double delta = d * c;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-15) {
                break;
            }
        }
        return f;
    }

    /** {@code ln Γ(x)} for {@code x > 0} (Lanczos, g = 7, n = 9). */
    static double logGamma(double x) {
        double[] c = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
            1.5056327351493116e-7};
        if (x < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        }
        double z = x - 1;
        double sum = c[0];
        for (int i = 1; i < 9; i++) {
            sum += c[i] / (z + i);
        }
        double t = z + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
    }
}
